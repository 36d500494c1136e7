"""Categories (chuyên mục), articles and banner links."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from bantin.audience import counting
from bantin.core import text
from bantin.core.blocks import BodyBlock
from bantin.core.pages import BasePage
from bantin.core.sites import sites_within
from bantin.pagecache import collector, recording
from bantin.units.access import UnitOwnedForm

from . import hierarchy
from .saving import saved_article_response

ARTICLES_PER_PAGE = 12


class CategoryPage(BasePage):
    """A chuyên mục; categories nest, and an article belongs to its parent category
    plus any extra categories chosen on the article."""

    intro = models.TextField("giới thiệu", blank=True)
    show_on_home = models.BooleanField(
        "hiện khối tin trên trang chủ", default=True,
        help_text="Trang chủ hiện một khối các tin mới nhất của chuyên mục này.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("show_on_home")]
    parent_page_types = ["units.HubHomePage", "units.UnitHomePage", "news.CategoryPage"]
    subpage_types = ["news.CategoryPage", "news.ArticlePage"]

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"

    def articles(self):
        """Live articles filed under this category, directly, in a sub-category or as an extra."""
        return (
            ArticlePage.objects.live()
            .filter(
                models.Q(path__startswith=self.path, depth__gt=self.depth)
                | models.Q(extra_categories=self)
            )
            .distinct()
            .order_by("-published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        recording.articles_below(self)
        recording.children_of(self, CategoryPage)
        paginator = Paginator(self.articles().select_related("featured_image"), ARTICLES_PER_PAGE)
        # The count, which checks the page number, follows the tree as the list does (the
        # list itself is read only when its page fragment is built).
        if self.pk is not None and self.live:
            paginator.count = self.cached("article-count", lambda: self.articles().count())
        page_obj = paginator.get_page(request.GET.get("trang"))  # falls back on bad input
        context["page_obj"] = page_obj
        # Read only when the "subcategories" fragment is built.
        context["subcategories"] = self.get_children().live().type(CategoryPage)
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = "thẻ của bài viết"
        verbose_name_plural = "thẻ của bài viết"


class ArticlePage(RoutablePageMixin, BasePage):
    lead = models.TextField("sapo", blank=True, help_text="Đoạn mở đầu tóm tắt bài viết.")
    featured_image = models.ForeignKey(
        "core.CustomImage", verbose_name="ảnh đại diện", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    image_caption = models.CharField(
        "chú thích ảnh", max_length=500, blank=True,
        help_text="Để trống để dùng chú thích lưu cùng ảnh.",
    )
    body = StreamField(BodyBlock(), verbose_name="nội dung", blank=True)
    author = models.CharField("tác giả", max_length=255, blank=True)
    source = models.CharField("nguồn tin", max_length=255, blank=True)
    source_url = models.URLField("địa chỉ nguồn", blank=True)
    published_at = models.DateTimeField("ngày đăng", default=timezone.now, db_index=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name="từ khóa")
    extra_categories = ParentalManyToManyField(
        "news.CategoryPage", verbose_name="chuyên mục khác", blank=True,
        related_name="extra_articles",
        help_text="Bài viết hiện thêm ở các chuyên mục này, ngoài chuyên mục chứa bài.")
    featured = models.BooleanField("tin nổi bật", default=False)
    allow_comments = models.BooleanField("cho phép bình luận", default=True)
    allow_rating = models.BooleanField("cho phép đánh giá", default=True)
    import_key = models.CharField(
        "mã nguồn nhập", max_length=100, blank=True, db_index=True, editable=False,
        help_text="Mã của bài ở hệ thống cũ, dùng khi nhập lại.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("image_caption")], heading="Ảnh đại diện"
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("source"), FieldPanel("source_url"),
             FieldPanel("published_at")],
            heading="Tác giả và nguồn",
        ),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("extra_categories"), FieldPanel("featured")],
            heading="Phân loại",
        ),
        InlinePanel("related_links", label="tin liên quan do biên tập chọn"),
        MultiFieldPanel(
            [FieldPanel("allow_comments"), FieldPanel("allow_rating")], heading="Tương tác"
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("published_at"),
    ]

    parent_page_types = ["news.CategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"

    @property
    def date_line(self) -> str:
        return text.date_line(self.published_at)

    @property
    def caption(self) -> str:
        if self.image_caption:
            return self.image_caption
        return self.featured_image.caption if self.featured_image else ""

    def clean(self):
        super().clean()
        for name in ("title", "lead", "author", "source", "image_caption"):
            value = getattr(self, name)
            if value:
                setattr(self, name, text.clean(value))
        if not self.title:
            raise ValidationError(
                {"title": "Bài viết cần có tiêu đề: hãy nhập tiêu đề ở ô đầu tiên."})

    @classmethod
    def serving_queryset(cls):
        return cls.objects.select_related("featured_image")

    def related_articles(self, limit: int = 6) -> list[ArticlePage]:
        """The editor's choice, else the nearest newer and older articles of the category."""
        chosen_ids = list(
            self.related_links.filter(page__live=True).values_list("page_id", flat=True)
        )
        if chosen_ids:
            by_id = ArticlePage.objects.live().in_bulk(chosen_ids)
            return [by_id[i] for i in chosen_ids if i in by_id][:limit]
        parent_path = self.path[: -self.steplen]
        siblings = (
            ArticlePage.objects.live()
            .filter(path__startswith=parent_path, depth=self.depth)
            .exclude(pk=self.pk)
        )
        half = limit // 2
        newer = list(
            siblings.filter(published_at__gt=self.published_at).order_by("published_at")[:half]
        )
        older = list(
            siblings.filter(published_at__lte=self.published_at)
            .order_by("-published_at")[: limit - len(newer)]
        )
        return [*reversed(newer), *older]

    def _tree_facts(self, request) -> dict:
        """What the article shows from the rest of the tree, cached until the tree changes."""
        return {
            "related": [
                {"title": a.title, "url": a.get_url(request), "lead": a.lead,
                 "published_at": a.published_at}
                for a in self.related_articles()
            ],
            "tags": [t.name for t in self.tags.all()],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Its "Tin liên quan" block (see pagecache.invalidation.related_showing) and its
        # comment count.
        collector.tag(f"related:{self.pk}", f"comments:{self.pk}")
        figures = counting.totals(
            (counting.PAGE_VIEW, counting.COMMENT_COUNT, counting.RATING_SUM,
             counting.RATING_COUNT, counting.COMMENT_STAMP),
            self.pk,
        )
        context.update(
            views=figures[counting.PAGE_VIEW],
            comment_count=figures[counting.COMMENT_COUNT],
            rating_sum=figures[counting.RATING_SUM],
            rating_count=figures[counting.RATING_COUNT],
            # Shown inside page fragments only: read when a fragment is built.
            **self.cached_lazily("tree-facts", lambda: self._tree_facts(request),
                                 ("related", "tags")),
        )
        if self.allow_comments and self.pk is not None:
            # (A new article previewed before its first save has no comments to show.)
            # Approved comments change without a publish: read on every render, and the
            # stored page is purged by tag `comments:<id>` when one is approved or edited.
            from bantin.interaction import comments, personal_data
            from bantin.interaction.forms import CommentForm

            context.update(
                # Rendered into a page fragment kept under the page's comment stamp: read
                # only when that fragment is built.
                comment_thread=SimpleLazyObject(lambda: comments.published_thread(self.pk)),
                comment_stamp=figures[counting.COMMENT_STAMP],
                # Rendered into a page fragment keyed by the captcha switch and the
                # retention days its consent line names: built only when that is.
                comment_form=SimpleLazyObject(lambda: CommentForm(page=self)),
                comment_captcha=comments.captcha_required(self),
                comment_days=personal_data.retention_days(CommentForm.retention_kind),
            )
        return context


    @path("luu/", name="save")
    def save_view(self, request):
        """The article as one self-contained HTML file, images inlined, for offline reading."""
        return saved_article_response(self, request)


class ArticleRelatedLink(Orderable):
    article = ParentalKey(ArticlePage, related_name="related_links", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "news.ArticlePage", verbose_name="bài viết", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = "bài viết liên quan"
        verbose_name_plural = "bài viết liên quan"


class Banner(models.Model):
    """A banner link in a fixed position of a site, shown between its start and end dates."""

    base_form_class = UnitOwnedForm

    POSITIONS = [
        ("sidebar", "Cột bên"),
        ("header", "Đầu trang"),
        ("home", "Trang chủ"),
        ("footer", "Chân trang"),
    ]

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="trang", on_delete=models.CASCADE, related_name="banners"
    )
    title = models.CharField("tiêu đề", max_length=255)
    image = models.ForeignKey(
        "core.CustomImage", verbose_name="ảnh", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="Để trống để hiện dạng chữ.",
    )
    url = models.URLField("liên kết", max_length=500)
    position = models.CharField("vị trí", max_length=20, choices=POSITIONS, default="sidebar")
    starts_at = models.DateTimeField("bắt đầu hiển thị", null=True, blank=True)
    ends_at = models.DateTimeField("kết thúc hiển thị", null=True, blank=True)
    sort_order = models.PositiveIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)

    panels = [
        FieldPanel("site"), FieldPanel("title"), FieldPanel("image"), FieldPanel("url"),
        FieldPanel("position"), FieldPanel("starts_at"), FieldPanel("ends_at"),
        FieldPanel("sort_order"), FieldPanel("active"),
    ]

    class Meta:
        ordering = ["position", "sort_order", "pk"]
        verbose_name = "banner liên kết"
        verbose_name_plural = "banner liên kết"

    def __str__(self) -> str:
        return self.title

    @property
    def clicks(self) -> int:
        return counting.totals((counting.BANNER_CLICK,), self.pk)[counting.BANNER_CLICK]

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": (
                "Thời điểm kết thúc phải sau thời điểm bắt đầu. Hãy sửa một trong hai ô, "
                "hoặc để trống ô kết thúc nếu banner hiện không hẹn ngày.")})


class ArticleShare(models.Model):
    """A reference to an article shown on another site: never a copy.

    Up (proposal): a unit proposes its article to its hub; once a hub moderator accepts
    it, the hub lists it with a link to the article on the unit's site.
    Down (push): a hub shows its article on the home page of all its units (including
    units created later) or of chosen units, with a link to the article on the hub.

    `site` is the site that shares, and owns the record: the unit for a proposal, the
    hub for a push. It is always the article's own site, set by `clean`.
    """

    UP = "up"
    DOWN = "down"
    DIRECTIONS = [(UP, "Đề xuất lên cấp trên"), (DOWN, "Chuyển xuống đơn vị")]
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    STATUSES = [(PENDING, "Chờ duyệt"), (ACCEPTED, "Đã duyệt"), (REJECTED, "Từ chối")]

    article = models.ForeignKey(
        ArticlePage, verbose_name="bài viết", on_delete=models.CASCADE, related_name="shares"
    )
    direction = models.CharField("hình thức", max_length=10, choices=DIRECTIONS)
    # Blank in forms and until `clean` sets it from the article.
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="trang gửi", on_delete=models.CASCADE,
        related_name="+", blank=True,
    )
    target_site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="trang nhận", null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
        help_text="Để trống khi chuyển tới mọi đơn vị.",
    )
    all_units = models.BooleanField(
        "mọi đơn vị", default=False,
        help_text="Chuyển tới mọi đơn vị thuộc trang cấp trên, kể cả đơn vị lập sau này.",
    )
    status = models.CharField("trạng thái", max_length=10, choices=STATUSES, default=PENDING)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người gửi", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("thời điểm gửi", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người duyệt", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField("thời điểm duyệt", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "chia sẻ tin"
        verbose_name_plural = "chia sẻ tin"
        indexes = [models.Index(fields=("target_site", "direction", "status"))]
        constraints = [
            models.UniqueConstraint(
                fields=("article",), condition=models.Q(direction="up"),
                name="one_proposal_per_article",
                violation_error_message="Bài viết này đã được đề xuất lên cấp trên.",
            ),
            models.UniqueConstraint(
                fields=("article", "target_site"), condition=models.Q(direction="down"),
                name="one_push_per_article_and_unit",
                violation_error_message="Bài viết đã được chuyển tới đơn vị này.",
            ),
            models.UniqueConstraint(
                fields=("article",), condition=models.Q(direction="down", all_units=True),
                name="one_push_to_all_units_per_article",
                violation_error_message="Bài viết đã được chuyển tới mọi đơn vị.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(direction="up", all_units=False, target_site__isnull=False)
                    | models.Q(direction="down", all_units=True, target_site__isnull=True)
                    | models.Q(direction="down", all_units=False, target_site__isnull=False)
                ),
                name="share_has_one_kind_of_target",
                violation_error_message="Chọn mọi đơn vị hoặc một đơn vị nhận tin.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.article.title}"

    @property
    def source_label(self) -> str:
        return hierarchy.unit_name(self.site) if self.site_id else ""

    source_label.fget.short_description = "trang gửi"

    @property
    def target_label(self) -> str:
        if self.all_units:
            return "Mọi đơn vị"
        return hierarchy.unit_name(self.target_site) if self.target_site_id else ""

    target_label.fget.short_description = "trang nhận"

    def clean(self):
        super().clean()
        if not self.article_id or self.direction not in (self.UP, self.DOWN):
            return
        article = self.article
        if not article.live:
            raise ValidationError({"article": (
                "Chỉ đề xuất được bài viết đang xuất bản." if self.direction == self.UP
                else "Chỉ chuyển xuống đơn vị được bài viết đang xuất bản."
            )})
        site = hierarchy.site_of(article)
        if site is None:
            raise ValidationError({"article": "Bài viết không thuộc trang nào."})
        self.site = site
        if self.direction == self.UP:
            self._clean_proposal(site)
        else:
            self._clean_push(site)

    def _others(self):
        return ArticleShare.objects.filter(article_id=self.article_id).exclude(pk=self.pk)

    def _clean_proposal(self, site):
        if hierarchy.is_hub(site):
            raise ValidationError({"direction": (
                "Bài viết của trang cấp trên không đề xuất lên được: chỉ bài viết của "
                "đơn vị cơ sở mới được đề xuất."
            )})
        hub = hierarchy.hub_of(site)
        if hub is None:
            raise ValidationError({"direction": (
                f"Đơn vị «{hierarchy.unit_name(site)}» không thuộc trang cấp trên nào."
            )})
        self.target_site, self.all_units = hub, False
        earlier = self._others().filter(direction=self.UP).first()
        if earlier is not None:
            raise ValidationError({"article": (
                "Bài viết này đã được đề xuất lên cấp trên "
                f"(trạng thái: {earlier.get_status_display().lower()})."
            )})

    def _clean_push(self, site):
        if not hierarchy.is_hub(site):
            raise ValidationError({"direction": (
                "Chỉ bài viết của trang cấp trên mới chuyển xuống các đơn vị được."
            )})
        self.status = self.ACCEPTED
        if self.all_units and self.target_site_id:
            raise ValidationError({"target_site": (
                "Chọn «Mọi đơn vị» hoặc một đơn vị, không chọn cả hai."
            )})
        if not self.all_units and not self.target_site_id:
            raise ValidationError({"target_site": "Chọn đơn vị nhận tin."})
        pushes = self._others().filter(direction=self.DOWN)
        if pushes.filter(all_units=True).exists():
            raise ValidationError({"target_site": "Bài viết đã được chuyển tới mọi đơn vị."})
        if self.target_site_id:
            target = self.target_site
            within = sites_within(site).exclude(root_page_id=site.root_page_id)
            if not within.filter(pk=target.pk).exists():
                raise ValidationError({"target_site": (
                    f"«{hierarchy.unit_name(target)}» không phải là đơn vị thuộc "
                    f"«{hierarchy.unit_name(site)}»."
                )})
            if pushes.filter(target_site=target).exists():
                raise ValidationError({"target_site": (
                    f"Bài viết đã được chuyển tới «{hierarchy.unit_name(target)}»."
                )})
