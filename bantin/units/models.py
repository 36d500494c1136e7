"""Home pages: the hub (province, former district, party committee) and its unit sites."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Task, TaskState

from bantin.core.blocks import BodyBlock
from bantin.core.pages import BasePage, FastRouteMixin
from bantin.news import sharing
from bantin.news.models import ArticlePage, CategoryPage
from bantin.pagecache import recording

LATEST_COUNT = 10
FEATURED_COUNT = 5
PER_CATEGORY_COUNT = 4


class HomePageBase(FastRouteMixin, BasePage):
    """Featured and latest news of the site, then a block per category."""

    intro = models.TextField("lời giới thiệu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = [
        "news.CategoryPage", "units.StandardPage", "units.UnitHomePage",
        "organisation.OrganisationPage", "organisation.ContactPage", "polls.SurveyPage",
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Shown inside the home page's fragment only: read when that fragment is built.
        context.update(self.cached_lazily(
            "home-blocks", self._news_blocks,
            ("featured", "latest", "category_blocks", "unit_news", "units_latest", "from_above"),
        ))
        return context

    def _news_blocks(self) -> dict:
        """Featured, latest and per-category news: derived from the tree, so cached with it."""
        categories = list(CategoryPage.objects.live().child_of(self))
        recording.children_of(self, CategoryPage)
        recording.articles_below(*categories)
        # Only this site's own categories: unit sites nested below a hub keep their news apart.
        in_own_categories = models.Q(pk__in=[])
        for category in categories:
            in_own_categories |= models.Q(path__startswith=category.path)
        articles = (
            ArticlePage.objects.live().filter(in_own_categories)
            .select_related("featured_image").order_by("-published_at", "-pk")
        )
        featured = list(articles.filter(featured=True)[:FEATURED_COUNT])
        if not featured:
            featured = list(articles[:1])
        shown = {a.pk for a in featured}
        latest = [a for a in articles[: LATEST_COUNT + len(shown)] if a.pk not in shown]
        blocks = []
        for category in (c for c in categories if c.show_on_home):
            items = list(category.articles().select_related("featured_image")[:PER_CATEGORY_COUNT])
            if items:
                blocks.append((category, items))
        return {"featured": featured, "latest": latest[:LATEST_COUNT], "category_blocks": blocks,
                **sharing.home_blocks(self)}


class StandardPage(BasePage):
    """A section or page of plain content (a unit's "Hỏi đáp" introduction, a guide, a notice
    that stays): title, introduction and body."""

    intro = models.TextField("lời giới thiệu", blank=True)
    body = StreamField(BodyBlock(), verbose_name="nội dung", blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["units.HubHomePage", "units.UnitHomePage", "units.StandardPage"]
    subpage_types = ["units.StandardPage", "polls.SurveyPage"]

    class Meta:
        verbose_name = "trang nội dung"
        verbose_name_plural = "trang nội dung"


class HubHomePage(sharing.HubSharingMixin, HomePageBase):
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "trang chủ cấp trên"
        verbose_name_plural = "trang chủ cấp trên"


class UnitHomePage(HomePageBase):
    parent_page_types = ["wagtailcore.Page", "units.HubHomePage", "units.UnitHomePage"]

    class Meta:
        verbose_name = "trang chủ đơn vị"
        verbose_name_plural = "trang chủ đơn vị"


class Unit(models.Model):
    """An organisation with a portal: its site, and the collection and groups of its people.

    A unit without a parent is a hub; units nest at any depth below it. The staff of a unit
    manage it and every unit nested below it (see `units.access`).
    """

    site = models.OneToOneField(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="unit", verbose_name="trang"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    name = models.CharField("tên đơn vị", max_length=255)
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="unit",
        verbose_name="thư mục ảnh và tài liệu",
    )
    editors = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="unit_as_editors",
        verbose_name="nhóm biên tập",
    )
    moderators = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="unit_as_moderators",
        verbose_name="nhóm kiểm duyệt",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def is_hub(self) -> bool:
        return self.parent_id is None


class UnitApprovalTask(Task):
    """Approval by the moderators of the unit that owns the page or snippet.

    One workflow serves every unit: the approvers follow the object, so adding a unit
    needs no new workflow, and a unit's moderators never see another unit's queue.
    Moderators of a unit above (the hub) may approve too.
    """

    def _moderates(self, obj, user) -> bool:
        from . import access

        return user.is_superuser or access.can_manage(user, obj, moderators_only=True)

    def user_can_access_editor(self, obj, user):
        return self._moderates(obj, user)

    def locked_for_user(self, obj, user):
        return not self._moderates(obj, user)

    def user_can_lock(self, obj, user):
        return self._moderates(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._moderates(obj, user):
            return [
                ("reject", "Yêu cầu sửa", True),
                ("approve", "Duyệt", False),
                ("approve", "Duyệt kèm ý kiến", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from . import access

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        user_scope = access.scope_of(user, moderators_only=True)
        if not user_scope.root_paths:
            return TaskState.objects.none()
        rule = models.Q(pk__in=[])
        for model in access.workflow_models():
            rule |= models.Q(
                workflow_state__base_content_type=ContentType.objects.get_for_model(model),
                workflow_state__object_id__in=access.object_ids_in(model, user_scope),
            )
        return states.filter(rule)

    @classmethod
    def get_description(cls):
        return "Lãnh đạo (nhóm kiểm duyệt) của đơn vị sở hữu nội dung duyệt bước này"

    class Meta:
        verbose_name = "duyệt theo đơn vị"
        verbose_name_plural = "duyệt theo đơn vị"
