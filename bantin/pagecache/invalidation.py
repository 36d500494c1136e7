"""What each kind of change purges. Every purge runs after the change is committed.

A page shown anywhere is tagged `page:<id>` (its own page and every page linking to it),
so unpublishing, deleting, renaming or editing it purges all of them. What a change can
*add* to a page is declared by the lists themselves (see `recording`):

    article published / moved in   articles-below:<each ancestor>, articles-below:<extra
                                   category>, related:<article that now lists it>
    any page published / moved in  children:<parent>:<type>
    address changed (slug, move)   page:<every descendant>
    site settings, menu            identity:<site>, menu:<site>; site saved: site:<site>
    banner                         banners:<site>          (start/end dates: expiry)
    legal document, its lookups    law:<id>, laws:<site>;  laws (lookups)
    comment                        comments:<page>
    opinion on a draft             law:<document>
    published question             questions:<site>, question:<id>
    share of an article            shares-to:<home>, shares-from:<home>
    image, document                image:<id>, document:<id>
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from bantin.core.holding import holding

from . import index

log = logging.getLogger("bantin.pagecache")

RELATED_WINDOW = 6  # ArticlePage.related_articles shows at most 6 around an article


def _run(tags) -> None:
    try:
        index.purge_tags(tags)
    except Exception:  # never let a purge failure break a publish
        log.exception("page cache: purge failed for %s", sorted(tags)[:20])


_held = threading.local()


def purge(*tags: str) -> None:
    """Purge `tags` once the current transaction commits (at once outside one); nothing
    when it is rolled back. Receivers gather a change's tags into one call. Inside
    `held_purges()` the tags are gathered and purged once at the end of the block."""
    tags = frozenset(tags)
    held = getattr(_held, "tags", None)
    if held is not None:
        transaction.on_commit(lambda: held.update(tags))
        return
    transaction.on_commit(lambda: _run(tags))


def held_purges():
    """For a bulk import: one purge of every tag its committed changes asked for."""
    return holding(_held, "tags", lambda held: held and _run(frozenset(held)))


# Pages ------------------------------------------------------------------------------------

def _article_model():
    from bantin.news.models import ArticlePage

    return ArticlePage


def appearance_tags(page) -> set[str]:
    """Tags of the lists a live page may newly appear in, at its current place."""
    page = page.specific
    tags = {f"page:{page.pk}"}
    parent_path = page.path[: -page.steplen]
    parent_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    if parent_id:
        tags.add(f"children:{parent_id}:{page._meta.label_lower}")
    ArticlePage = _article_model()
    if isinstance(page, ArticlePage):
        ancestors = Page.objects.ancestor_of(page).values_list("pk", flat=True)
        tags.update(f"articles-below:{pk}" for pk in ancestors)
        tags.update(f"articles-below:{pk}" for pk in page.extra_categories.values_list(
            "pk", flat=True))
        tags.update(f"related:{pk}" for pk in related_showing(page))
    return tags


def related_showing(article) -> list[int]:
    """Live articles whose "Tin liên quan" block shows `article` now.

    Only the nearest siblings by date can (the block shows the nearest newer and older
    ones), plus articles whose editors chose it; each candidate is checked for real.
    """
    from bantin.news.models import ArticlePage, ArticleRelatedLink

    if not article.live:
        return []
    parent_path = article.path[: -article.steplen]
    siblings = ArticlePage.objects.live().filter(
        path__startswith=parent_path, depth=article.depth
    ).exclude(pk=article.pk)
    newer = siblings.filter(published_at__gt=article.published_at).order_by("published_at")
    older = siblings.filter(published_at__lte=article.published_at).order_by("-published_at")
    candidates = {*newer[:RELATED_WINDOW], *older[:RELATED_WINDOW]}
    chosen = ArticleRelatedLink.objects.filter(page=article).values_list("article_id", flat=True)
    candidates.update(ArticlePage.objects.live().filter(pk__in=list(chosen)))
    return sorted(
        c.pk for c in candidates if any(r.pk == article.pk for r in c.related_articles())
    )


def _descendant_tags(page) -> set[str]:
    return {f"page:{pk}" for pk in Page.objects.descendant_of(page).values_list("pk", flat=True)}


def _on_published(sender, instance, **kwargs):
    purge(*appearance_tags(instance))


def _on_unpublished(sender, instance, **kwargs):
    purge(f"page:{instance.pk}")


def _on_moved(sender, instance, **kwargs):
    page = Page.objects.get(pk=instance.pk)
    tags = {f"page:{page.pk}", *_descendant_tags(page)}
    if page.live:
        tags |= appearance_tags(page)
    # Articles inside a moved section appear in the lists of their new ancestors.
    for article in _article_model().objects.live().descendant_of(page):
        tags |= appearance_tags(article)
    purge(*tags)


def _on_page_deleted(sender, instance, **kwargs):
    purge(f"page:{instance.pk}")


def _before_page_saved(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.pk:
        instance._pagecache_url_path = (
            Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()
        )


def _after_page_saved(sender, instance, created, **kwargs):
    if not isinstance(instance, Page) or created:
        return
    before = getattr(instance, "_pagecache_url_path", None)
    if before is not None and before != instance.url_path:
        # A new address for the page and everything below it: old files and old links go.
        purge(f"page:{instance.pk}", *_descendant_tags(instance))


def _on_restriction(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        purge(f"page:{page.pk}", *_descendant_tags(page))


def _on_site(sender, instance, **kwargs):
    purge(f"site:{instance.pk}")


# Other content ----------------------------------------------------------------------------

def _by_site(prefix):
    def receiver(sender, instance, **kwargs):
        purge(f"{prefix}:{instance.site_id}")

    return receiver


def _on_law(sender, instance, **kwargs):
    purge(f"law:{instance.pk}", f"laws:{instance.site_id}")


def _on_law_part(sender, instance, **kwargs):
    document_id = getattr(instance, "document_id", None)
    if document_id:
        from bantin.laws.models import LegalDocument

        site_id = LegalDocument.objects.filter(pk=document_id).values_list(
            "site_id", flat=True).first()
        purge(f"law:{document_id}", *([f"laws:{site_id}"] if site_id else []))


def _on_law_fields(sender, instance, **kwargs):
    purge(f"law:{instance.pk}", f"laws:{instance.site_id}")


def _on_law_lookup(sender, instance, **kwargs):
    purge("laws")


def _remember_status(sender, instance, **kwargs):
    instance._pagecache_status = (
        sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk else None
    )


def _on_comment(sender, instance, **kwargs):
    """Pages show the count of approved comments: only a change to that purges."""
    approved = sender.APPROVED
    if approved in (instance.status, getattr(instance, "_pagecache_status", None)):
        purge(f"comments:{instance.page_id}")


def _on_question(sender, instance, **kwargs):
    """The Q&A list and detail show published questions only: a change to one that is
    or was published purges them."""
    published = sender.PUBLISHED
    if published in (instance.status, getattr(instance, "_pagecache_status", None)):
        purge(f"questions:{instance.site_id}", f"question:{instance.pk}")


def _root_of(site_id):
    return Site.objects.filter(pk=site_id).values_list("root_page_id", flat=True).first()


def _on_share(sender, instance, **kwargs):
    """A proposal shows on its hub (when accepted); a push on every unit below the hub
    (`all_units`) or on the one it targets."""
    if instance.direction == "up":
        tags = [f"shares-to:{_root_of(instance.target_site_id)}"]
    elif instance.all_units:
        tags = [f"shares-from:{_root_of(instance.site_id)}"]
    else:
        tags = [f"shares-down:{_root_of(instance.target_site_id)}"]
    purge(*tags)


def _by_pk(prefix):
    def receiver(sender, instance, **kwargs):
        purge(f"{prefix}:{instance.pk}")

    return receiver


def _on_opinion(sender, instance, **kwargs):
    """A draft's page lists its approved opinions: only a change to those purges."""
    approved = sender.APPROVED
    if approved in (instance.status, getattr(instance, "_pagecache_status", None)):
        purge(f"law:{instance.document_id}")


def connect() -> None:
    from bantin.core.models import CustomDocument, CustomImage, Navigation, SiteIdentity
    from bantin.interaction.models import Comment, Opinion
    from bantin.laws.models import (
        DocumentLink,
        DocumentType,
        IssuingBody,
        LegalAttachment,
        LegalDocument,
        LegalField,
        Signer,
    )
    from bantin.news.models import ArticleShare, Banner
    from bantin.questions.models import Question

    uid = "pagecache-"
    page_published.connect(_on_published, dispatch_uid=uid + "published")
    page_unpublished.connect(_on_unpublished, dispatch_uid=uid + "unpublished")
    post_page_move.connect(_on_moved, dispatch_uid=uid + "moved")
    post_delete.connect(_on_page_deleted, sender=Page, dispatch_uid=uid + "page-deleted")
    pre_save.connect(_before_page_saved, dispatch_uid=uid + "page-pre-save")
    post_save.connect(_after_page_saved, dispatch_uid=uid + "page-post-save")
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(_on_restriction, sender=PageViewRestriction,
                       dispatch_uid=f"{uid}restriction-{name}")
        signal.connect(_on_site, sender=Site, dispatch_uid=f"{uid}site-{name}")
        signal.connect(_by_site("identity"), sender=SiteIdentity, weak=False,
                       dispatch_uid=f"{uid}identity-{name}")
        signal.connect(_by_site("menu"), sender=Navigation, weak=False,
                       dispatch_uid=f"{uid}menu-{name}")
        signal.connect(_by_site("banners"), sender=Banner, weak=False,
                       dispatch_uid=f"{uid}banner-{name}")
        signal.connect(_on_law, sender=LegalDocument, dispatch_uid=f"{uid}law-{name}")
        for part in (LegalAttachment, DocumentLink):
            signal.connect(_on_law_part, sender=part,
                           dispatch_uid=f"{uid}law-part-{part.__name__}-{name}")
        for lookup in (DocumentType, IssuingBody, Signer, LegalField):
            signal.connect(_on_law_lookup, sender=lookup,
                           dispatch_uid=f"{uid}law-lookup-{lookup.__name__}-{name}")
        signal.connect(_on_comment, sender=Comment, dispatch_uid=f"{uid}comment-{name}")
        signal.connect(_on_opinion, sender=Opinion, dispatch_uid=f"{uid}opinion-{name}")
        signal.connect(_on_question, sender=Question, dispatch_uid=f"{uid}question-{name}")
        signal.connect(_on_share, sender=ArticleShare, dispatch_uid=f"{uid}share-{name}")
        signal.connect(_by_pk("image"), sender=CustomImage, weak=False,
                       dispatch_uid=f"{uid}image-{name}")
        signal.connect(_by_pk("document"), sender=CustomDocument, weak=False,
                       dispatch_uid=f"{uid}document-{name}")
    pre_save.connect(_remember_status, sender=Comment, dispatch_uid=uid + "comment-pre")
    pre_save.connect(_remember_status, sender=Opinion, dispatch_uid=uid + "opinion-pre")
    pre_save.connect(_remember_status, sender=Question, dispatch_uid=uid + "question-pre")
    m2m_changed.connect(_on_law_fields, sender=LegalDocument.fields.through,
                        dispatch_uid=uid + "law-fields")
