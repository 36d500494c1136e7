"""Base page behaviour shared by every page type of the portal.

Two costs of serving a Wagtail page are cut here, without changing what is served:
- routing: a home page resolves a multi-level path with one lookup by `url_path`
  instead of one query per level (and a second per level for the specific page);
- view restrictions: Wagtail checks the ancestors' restrictions on every request; when
  no restriction exists anywhere (the usual case for a public portal) that check is
  answered from the cache.

And one cost of the admin's page listings, without changing what anyone may do: see
`LeafAwarePermissionTester`.
"""

import functools
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, PagePermissionTester, PageViewRestriction
from wagtail.url_routing import RouteResult

from . import content_cache, richtext, text


def any_view_restriction() -> bool:
    """Kept under the tree's content version (in process memory once read), which any
    change to a view restriction moves on."""
    return content_cache.get_or_build(
        "any-view-restriction", PageViewRestriction.objects.exists
    )


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restrictions_changed(sender, **kwargs):
    content_cache.tree.bump()


class LeafAwarePermissionTester(PagePermissionTester):
    """Answers "may this user delete (or move) this page?" for a page without children
    from the page's own fields.

    For a user without the publish permission (a unit's editors), Wagtail asks the database
    whether the page's subtree holds a live page, or a page of another owner, before it
    offers "delete" and "move": two queries for each row of every admin listing. A page
    without children is its whole subtree, so the answer is in the row already loaded.
    Pages with children, superusers and inactive users keep Wagtail's own checks.
    """

    def can_delete(self, ignore_bulk=False):
        page = self.page
        if (not page.is_leaf() or self.page_is_root or not self.user.is_active
                or self.user.is_superuser):
            return super().can_delete(ignore_bulk)
        if "change" in self.permissions:
            return "publish" in self.permissions or not page.live
        if "add" in self.permissions:
            own = page.owner_id is not None and page.owner_id == self.user.pk
            return own if "publish" in self.permissions else own and not page.live
        return False


# Most citizens read the portal on a phone: the preview opens at a phone's width, and the
# size buttons are labelled in Vietnamese.
PREVIEW_SIZES = [
    {"name": "mobile", "icon": "mobile-alt", "device_width": 375,
     "label": "Xem trước trên điện thoại (375 px)"},
    {"name": "tablet", "icon": "tablet-alt", "device_width": 768,
     "label": "Xem trước trên máy tính bảng (768 px)"},
    {"name": "desktop", "icon": "desktop", "device_width": 1280,
     "label": "Xem trước trên máy tính (1280 px)"},
]


class BasePage(Page):
    class Meta:
        abstract = True

    preview_sizes = PREVIEW_SIZES
    default_preview_size = "mobile"

    def permissions_for_user(self, user):
        return LeafAwarePermissionTester(user, self)

    def clean(self):
        super().clean()
        # Pasted Word / Google Docs debris and NFD text never reach a revision.
        richtext.tidy_page(self)

    def get_view_restrictions(self):
        if not any_view_restriction():
            none = PageViewRestriction.objects.none()
            # Known to be empty: iterating it or asking `.exists()` (both done for every
            # page served) then skips compiling a query that cannot match anything.
            none._result_cache = []
            return none
        return super().get_view_restrictions()

    @classmethod
    def serving_queryset(cls):
        """The queryset a page is loaded from when served; subclasses add select_related."""
        return cls.objects.all()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumb"] = self.cached(
            "breadcrumb",
            lambda: [
                {"title": p.title, "url": p.get_url(request)}
                for p in self.get_ancestors()[2:]
            ],
        )
        return context

    def cached(self, name: str, build, timeout: int = 3600):
        """A value derived from the page tree, cached until any page is published, moved or
        deleted (see `content_cache`)."""
        return content_cache.get_or_build(f"page:{self.pk}:{name}", build, timeout)

    def cached_lazily(self, name: str, build, keys) -> dict:
        """`cached(name, build)`, a dict, as template variables (`keys`; None when absent)
        read only when a template uses one: a part rendered inside a `{% page_fragment %}`
        that is already stored never loads them (and the fragment replays their tags)."""
        load = functools.cache(lambda: self.cached(name, build))
        return {key: SimpleLazyObject(functools.partial(lambda k: load().get(k), key))
                for key in keys}


def _serving_page(url_path: str):
    """The specific page at `url_path`, loaded as serving needs it, or None."""
    row = Page.objects.filter(url_path=url_path).values_list("pk", "content_type_id").first()
    if row is None:
        return None
    model = ContentType.objects.get_for_id(row[1]).model_class()
    queryset = (
        model.serving_queryset() if hasattr(model, "serving_queryset") else model.objects.all()
    )
    return queryset.filter(pk=row[0]).first()


class FastRouteMixin:
    """For site root pages: find the page for a whole path in one lookup.

    The page found is kept in the content cache (`content_cache.tree`), whose version
    changes whenever any page is published, unpublished, moved or deleted: a warm path
    is served without a query, and never from a page state older than the last change.
    """

    def route(self, request, path_components):
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            # Misses are not cached (None is never stored): random paths cannot fill it.
            key = hashlib.sha1(url_path.encode(), usedforsecurity=False).hexdigest()
            page = content_cache.get_or_build(f"route:{key}", lambda: _serving_page(url_path))
            if page is not None:
                if not page.live:
                    raise Http404
                return RouteResult(page)
        # Sub-routes of routable pages (e.g. an article's "luu/") take the usual walk.
        return super().route(request, path_components)


def unique_slug(parent: Page, title: str, exclude_pk: int | None = None,
                fallback: str = "bai-viet", taken: set[str] | None = None) -> str:
    """A slug from `title` that no other child of `parent` has. With `taken` (the
    children's slugs, kept by a caller adding many children), no query is made and the
    new slug is added to it."""
    base = text.slugify_vi(title) or fallback
    slug, n = base, 2
    siblings = parent.get_children()
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    in_use = taken.__contains__ if taken is not None else (
        lambda s: siblings.filter(slug=s).exists())
    while in_use(slug):
        slug, n = f"{base}-{n}", n + 1
    if taken is not None:
        taken.add(slug)
    return slug
