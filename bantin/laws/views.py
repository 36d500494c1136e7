"""Public pages of legal documents: list, detail and counted download."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from wagtail.models import Site

from bantin.audience import counting

from .models import LegalDocument


def _site_documents(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Không tìm thấy trang.")
    return LegalDocument.objects.filter(site=site, published=True).select_related(
        "doc_type", "file"
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
        {"doc": doc, "views": figures[counting.LAW_VIEW],
         "downloads": figures[counting.LAW_DOWNLOAD]},
    )


def document_download(request, pk: int):
    doc = get_object_or_404(_site_documents(request), pk=pk)
    if doc.file is None:
        raise Http404("Văn bản này chưa có tệp đính kèm.")
    counting.record(counting.LAW_DOWNLOAD, doc.pk)
    return redirect(doc.file.url)
