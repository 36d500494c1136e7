"""Public pages of legal documents: the filtered library, detail and counted download."""

import datetime as dt

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from wagtail.models import Site

from bantin.audience import counting
from bantin.core import text
from bantin.core.sites import sites_within
from bantin.pagecache import collector

from . import cache as library_cache
from . import filters
from .models import LegalAttachment, LegalDocument, Validity

PAGE_SIZE = 20
INVALID_FILTER_NOTICE = "Bộ lọc không hợp lệ đã được bỏ qua."


def current_site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Không tìm thấy trang.")
    return site


def _site_documents(request):
    """Documents this host may show: its own and those of the units under it."""
    site = current_site(request)
    return LegalDocument.objects.public().filter(site__in=sites_within(site)).select_related(
        "doc_type", "issuer", "signer"
    )


def library_may_be_cached(site) -> None:
    """The library's list and feed may be stored: they show the documents of the site and
    its units (with validity computed for today, so stored until local midnight)."""
    collector.cacheable()
    site_ids = list(sites_within(site).values_list("pk", flat=True))
    collector.tag("laws", f"site:{site.pk}", *(f"laws:{pk}" for pk in site_ids))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    collector.expire_at(timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min)))


def document_list(request):
    site = current_site(request)
    library_may_be_cached(site)
    today = timezone.localdate()
    tree = filters.FieldTree()
    documents, cleaned, had_invalid = filters.filter_documents(
        request, site, today=today, tree=tree
    )
    # The list shows neither the full text nor the search copy: do not read them.
    paginator = Paginator(documents.defer("full_text", "search_text"), PAGE_SIZE)
    paginator.count = filters.cached_count(documents, site, today, cleaned)
    page_obj = paginator.get_page(request.GET.get("trang"))
    figures = counting.totals_many(
        (counting.LAW_VIEW, counting.LAW_DOWNLOAD), [d.pk for d in page_obj]
    )
    labels = dict(Validity.choices)
    rows = [
        {"doc": doc, "validity": doc.validity_code, "validity_label": labels[doc.validity_code],
         "views": figures[(counting.LAW_VIEW, doc.pk)],
         "downloads": figures[(counting.LAW_DOWNLOAD, doc.pk)]}
        for doc in page_obj
    ]
    # Counts per filter value are cached like the total (see filters.cached_count).
    options = library_cache.get_or_build(
        "facets", (site.pk, today, filters.querystring(cleaned)),
        lambda: filters.facets(site, cleaned, today=today, tree=tree),
    )
    return render(request, "laws/document_list.html", {
        "page_obj": page_obj,
        "rows": rows,
        "filters": cleaned,
        "query": cleaned.get(filters.Q_PARAM, ""),
        "options": {
            "types": options[filters.TYPE],
            "issuers": options[filters.ISSUER],
            "fields": options[filters.FIELD],
            "signers": options[filters.SIGNER],
            "years": options[filters.YEAR],
            "validities": options[filters.VALIDITY],
        },
        "sorts": [
            {"value": value, "label": label, "selected": value == cleaned[filters.SORT]}
            for value, label in filters.SORT_LABELS.items()
        ],
        "querystring": filters.querystring(cleaned),
        "is_filtered": any(name in cleaned for name in filters.PARAMS if name != filters.SORT),
        "invalid_notice": INVALID_FILTER_NOTICE if had_invalid else "",
    })


def _linked_groups(doc) -> list[dict]:
    """Linked documents of the same site, grouped by how they read from `doc`."""
    groups: dict[str, list] = {}
    for label, other in doc.linked():
        if other.site_id == doc.site_id:
            groups.setdefault(label, []).append(other)
    return [{"label": label, "documents": docs} for label, docs in groups.items()]


def _opinions(doc) -> dict:
    """The opinions section of a draft open (or once open) for comment."""
    if not (doc.comment_opens_at and doc.comment_closes_at):
        return {}
    from bantin.interaction import comments, opinions
    from bantin.interaction.forms import OpinionForm

    # A stored page shows the form only while the window is open.
    now = timezone.now()
    collector.expire_at(next((when for when in (doc.comment_opens_at, doc.comment_closes_at)
                              if when > now), None))
    form = None
    if opinions.is_open(doc):
        form = OpinionForm(captcha_required=comments.captcha_required_on(doc.site_id))
    return {"opinion_list": opinions.published(doc.pk), "opinion_form": form,
            "opinions_shown": True}


def document_detail(request, pk: int):
    doc = get_object_or_404(_site_documents(request), pk=pk)
    counting.record(counting.LAW_VIEW, doc.pk)
    figures = counting.totals((counting.LAW_VIEW, counting.LAW_DOWNLOAD), doc.pk)
    tree = filters.FieldTree()
    field_paths = [tree.path(pk) for pk in doc.fields.values_list("pk", flat=True)]
    attachments = [
        {"attachment": a, "extension": a.file.file_extension.lower(),
         "url": a.get_download_url()}
        for a in doc.attachments.select_related("file")
    ]
    return render(
        request, "laws/document_detail.html",
        {"doc": doc, "validity": doc.validity(), "views": figures[counting.LAW_VIEW],
         "downloads": figures[counting.LAW_DOWNLOAD],
         "field_paths": sorted(field_paths, key=str.casefold),
         "comment_state": doc.comment_state(),
         **_opinions(doc),
         "linked_groups": _linked_groups(doc),
         "attachments": attachments},
    )


def document_download(request, pk: int, attachment_pk: int):
    """Serve an attachment under a safe name and type; `?xem=1` shows a PDF inline."""
    doc = get_object_or_404(_site_documents(request), pk=pk)
    attachment = get_object_or_404(
        LegalAttachment.objects.select_related("file"), pk=attachment_pk, document=doc
    )
    stored = attachment.file
    extension = stored.file_extension.lower()
    inline = request.GET.get("xem") == "1" and extension == "pdf"
    if not inline:
        counting.record(counting.LAW_DOWNLOAD, doc.pk)
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Không tìm thấy tệp văn bản.") from exc
    response = FileResponse(
        handle, as_attachment=not inline,
        filename=f"{text.slugify_vi(doc.number) or 'van-ban'}-{attachment.pk}.{extension}",
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        # The detail page previews PDFs in an <iframe>: allow framing by this site only
        # (the clickjacking middleware would otherwise send DENY).
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response
