"""Sharing news between a hub and its units by reference, never by copy.

Editors propose and push (`propose`, `push`), hub moderators decide (`accept`,
`reject`); home pages read the lists through `home_blocks`, the hub's "Tin cơ sở" page
through `accepted_for_hub`. Every list reads the live article itself, so an edit of the
original shows everywhere and an unpublished or deleted article disappears everywhere.
Share records bump the tree cache version when saved or deleted (see `connect`), so the
cached home blocks are never stale.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, Site

from bantin.core import content_cache
from bantin.pagecache import collector, recording

from . import hierarchy
from .models import ARTICLES_PER_PAGE, ArticlePage, ArticleShare, CategoryPage

HOME_UNIT_NEWS_COUNT = 6
HOME_FROM_ABOVE_COUNT = 6
HOME_UNITS_LATEST_COUNT = 8


# Editors' and moderators' actions -------------------------------------------------------

def propose(article: ArticlePage, user=None) -> ArticleShare:
    """Propose a unit's article to its hub; a rejected proposal is proposed again."""
    earlier = ArticleShare.objects.filter(article=article, direction=ArticleShare.UP).first()
    if earlier is not None and earlier.status == ArticleShare.REJECTED:
        share = earlier
        share.status, share.decided_by, share.decided_at, share.note = (
            ArticleShare.PENDING, None, None, ""
        )
        share.created_by, share.created_at = user, timezone.now()
    else:
        share = ArticleShare(article=article, direction=ArticleShare.UP, created_by=user)
    share.full_clean()
    share.save()
    return share


def push(article: ArticlePage, user=None, sites: Iterable[Site] | None = None
         ) -> list[ArticleShare]:
    """Show a hub's article on all its units (`sites` None) or on the chosen units.

    All or nothing: when any target is refused, no share is recorded.
    """
    if sites is None:
        shares = [ArticleShare(article=article, direction=ArticleShare.DOWN, all_units=True,
                               created_by=user)]
    else:
        shares = [ArticleShare(article=article, direction=ArticleShare.DOWN, target_site=site,
                               created_by=user) for site in sites]
        if not shares:
            raise ValidationError({"target_site": "Chọn đơn vị nhận tin."})
    with transaction.atomic():
        for share in shares:
            share.full_clean()
            share.save()
    return shares


def accept(share: ArticleShare, user=None) -> ArticleShare:
    _check_decision(share, ArticleShare.ACCEPTED)
    if not share.article.live:
        raise ValidationError("Bài viết đã bị gỡ xuống, không duyệt được.")
    return _decide(share, ArticleShare.ACCEPTED, user, share.note)


def reject(share: ArticleShare, user=None, note: str = "") -> ArticleShare:
    _check_decision(share, ArticleShare.REJECTED)
    return _decide(share, ArticleShare.REJECTED, user, note)


def _check_decision(share: ArticleShare, status: str) -> None:
    if share.direction != ArticleShare.UP:
        raise ValidationError("Chỉ duyệt được tin do đơn vị đề xuất.")
    if share.status == status:
        raise ValidationError(f"Đề xuất này đã ở trạng thái «{share.get_status_display()}».")


def _decide(share: ArticleShare, status: str, user, note: str) -> ArticleShare:
    share.status, share.decided_by, share.decided_at, share.note = (
        status, user, timezone.now(), note
    )
    share.save(update_fields=["status", "decided_by", "decided_at", "note"])
    return share


# Who may do what -----------------------------------------------------------------------

def can_propose(user, article: ArticlePage) -> bool:
    return article.permissions_for_user(user).can_edit()


def can_push(user, article: ArticlePage) -> bool:
    """Pushed news reaches units without review, so it takes the right to publish it."""
    return article.permissions_for_user(user).can_publish()


def can_decide(user, share: ArticleShare) -> bool:
    """A hub moderator: someone who may publish on the hub's home page."""
    if share.direction != ArticleShare.UP or share.target_site_id is None:
        return False
    return share.target_site.root_page.permissions_for_user(user).can_publish()


# What the sites show --------------------------------------------------------------------

def accepted_for_hub(home: Page) -> models.QuerySet:
    """Accepted unit news of the hub whose home page this is, newest first."""
    return (
        ArticleShare.objects.filter(
            direction=ArticleShare.UP, status=ArticleShare.ACCEPTED,
            target_site__root_page_id=home.pk, article__live=True,
        )
        .select_related("article", "article__featured_image", "site", "site__root_page")
        .order_by("-article__published_at", "-article_id")
    )


def pushed_to_unit(home: Page) -> models.QuerySet:
    """Pushes that reach the unit whose home page this is, from any hub above it."""
    return (
        ArticleShare.objects.filter(
            direction=ArticleShare.DOWN, article__live=True,
            site__root_page__path__in=hierarchy.ancestor_paths(home, include_self=False),
        )
        .filter(models.Q(all_units=True) | models.Q(target_site__root_page_id=home.pk))
        .select_related("article", "site", "site__root_page")
        .order_by("-article__published_at", "-article_id")
    )


def canonical_url(article: ArticlePage) -> str:
    """The full address of the article on its own site's host name.

    Never given the request: with one, Wagtail prefers the requesting site whenever the
    page also lies below its root (a unit's page below the hub's), which is not canonical.
    """
    return article.get_full_url()


def _item(article: ArticlePage, unit: str) -> dict:
    return {"title": article.title, "url": canonical_url(article), "unit": unit,
            "published_at": article.published_at, "lead": article.lead}


def _shows_unit(site: Site) -> str:
    collector.tag(f"site:{site.pk}")  # its name
    return hierarchy.unit_name(site)


def unit_news_items(home: Page, limit: int = HOME_UNIT_NEWS_COUNT) -> list[dict]:
    collector.tag(f"shares-to:{home.pk}")
    return [_item(s.article, _shows_unit(s.site))
            for s in accepted_for_hub(home)[:limit]]


def from_above_items(home: Page, limit: int = HOME_FROM_ABOVE_COUNT) -> list[dict]:
    collector.tag(f"shares-down:{home.pk}", *(
        f"shares-from:{pk}" for pk in Page.objects.ancestor_of(home).values_list("pk", flat=True)
    ))
    items, seen = [], set()
    # An article pushed both to every unit and to this one comes twice: keep one.
    for share in pushed_to_unit(home)[: limit * 2]:
        if share.article_id not in seen:
            seen.add(share.article_id)
            items.append(_item(share.article, _shows_unit(share.site)))
    return items[:limit]


def units_latest_items(home: Page, limit: int = HOME_UNITS_LATEST_COUNT) -> list[dict]:
    """The newest live articles of every unit within the hub, each with its unit's name."""
    site = hierarchy.site_of(home)
    if site is None:
        return []
    # The deepest unit first, so an article of a nested unit is credited to that unit.
    units = sorted(hierarchy.units_of(site), key=lambda s: -s.root_page.depth)
    recording.articles_below(home)  # a new unit (its home page) appears here too
    recording.children_of(home, CategoryPage)
    if not units:
        return []
    own = models.Q(pk__in=[])
    for path_ in CategoryPage.objects.child_of(home).values_list("path", flat=True):
        own |= models.Q(path__startswith=path_)
    articles = (
        ArticlePage.objects.live()
        .filter(path__startswith=home.path, depth__gt=home.depth + 1).exclude(own)
        .order_by("-published_at", "-pk")
    )
    items = []
    # A few spare rows for articles under a unit page that no site serves (no address).
    for article in articles[: limit + 5]:
        unit = next((u for u in units if article.path.startswith(u.root_page.path)), None)
        if unit is not None:
            items.append(_item(article, _shows_unit(unit)))
            if len(items) == limit:
                break
    return items


def home_blocks(home: Page) -> dict:
    """The shared-news blocks of a home page; cached with the other home blocks."""
    if hierarchy.is_hub_page(home):
        return {"unit_news": unit_news_items(home), "units_latest": units_latest_items(home)}
    return {"from_above": from_above_items(home)}


class HubSharingMixin(RoutablePageMixin):
    """For the hub home page: "Tin cơ sở", the accepted unit news, at `tin-co-so/`."""

    @path("tin-co-so/", name="unit_news")
    def unit_news_view(self, request):
        collector.tag(f"shares-to:{self.pk}")
        paginator = Paginator(accepted_for_hub(self), ARTICLES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("trang"))  # falls back on bad input
        items = [
            {"article": s.article, "url": canonical_url(s.article),
             "unit": _shows_unit(s.site)}
            for s in page_obj
        ]
        context = {"page": self, "self": self, "request": request, "page_obj": page_obj,
                   "items": items}
        return TemplateResponse(request, "news/unit_news_page.html", context)


def connect() -> None:
    post_save.connect(content_cache.tree.bump, sender=ArticleShare,
                      dispatch_uid="content-cache-share-saved")
    post_delete.connect(content_cache.tree.bump, sender=ArticleShare,
                        dispatch_uid="content-cache-share-deleted")
