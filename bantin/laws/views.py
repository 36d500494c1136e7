"""Public pages of legal documents: list, detail and counted download."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from wagtail.models import Site

from bantin.audience import counting
from bantin.core import text

from .models import LegalAttachment, LegalDocument


def _site_documents(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Không tìm thấy trang.")
    return LegalDocument.objects.public().filter(site=site).select_related(
        "doc_type", "issuer", "signer"
    )


def document_list(request):
    paginator = Paginator(_site_documents(request), 20)
    page_obj = paginator.get_page(request.GET.get("trang"))
    figures = counting.totals_many(
        (counting.LAW_VIEW, counting.LAW_DOWNLOAD), [d.pk for d in page_obj]
    )
    rows = [
        {"doc": doc, "views": figures[(counting.LAW_VIEW, doc.pk)],
         "downloads": figures[(counting.LAW_DOWNLOAD, doc.pk)]}
        for doc in page_obj
    ]
    return render(request, "laws/document_list.html", {"page_obj": page_obj, "rows": rows})


def document_detail(request, pk: int):
    doc = get_object_or_404(_site_documents(request), pk=pk)
    counting.record(counting.LAW_VIEW, doc.pk)
    figures = counting.totals((counting.LAW_VIEW, counting.LAW_DOWNLOAD), doc.pk)
    return render(
        request, "laws/document_detail.html",
        {"doc": doc, "validity": doc.validity(), "views": figures[counting.LAW_VIEW],
         "downloads": figures[counting.LAW_DOWNLOAD],
         "attachments": doc.attachments.select_related("file")},
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
    return response
