"""Read-only JSON API of the library: the list page's filters, strictly checked, and pages.

GET /van-ban/api/?<filters>&trang=<n>&so-luong=<1..100>
"""

from __future__ import annotations

import re

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Site

from . import filters
from .models import LegalAttachment, Validity

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PARAM_LABELS = {
    filters.TYPE: "loại văn bản (loai)",
    filters.ISSUER: "cơ quan ban hành (co-quan)",
    filters.FIELD: "lĩnh vực (linh-vuc)",
    filters.SIGNER: "người ký (nguoi-ky)",
    filters.YEAR: "năm ban hành (nam)",
    filters.VALIDITY: "hiệu lực (hieu-luc)",
    filters.SORT: "sắp xếp (sap-xep)",
}
_NUMBER_RE = re.compile(r"[0-9]{1,9}")


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)


def _positive(request, name: str, default: int) -> int | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    if _NUMBER_RE.fullmatch(raw) and int(raw) > 0:
        return int(raw)
    return None


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _document(request, doc, tree: filters.FieldTree, labels: dict) -> dict:
    return {
        "id": doc.pk,
        "number": doc.number,
        "type": doc.doc_type.name,
        "issuer": doc.issuer.name,
        "signer": str(doc.signer) if doc.signer else None,
        "issued_on": _iso(doc.issued_on),
        "effective_on": _iso(doc.effective_on),
        "expires_on": _iso(doc.expires_on),
        "validity": doc.validity_code,
        "validity_label": labels[doc.validity_code],
        "summary": doc.summary,
        "fields": sorted((tree.path(f.pk) for f in doc.fields.all()), key=str.casefold),
        "url": request.build_absolute_uri(doc.get_absolute_url()),
        "attachments": [
            {"title": str(a), "url": request.build_absolute_uri(a.get_download_url()),
             "extension": a.file.file_extension.lower()}
            for a in doc.attachments.all()
        ],
    }


@require_GET
def document_api(request):
    site = Site.find_for_request(request)
    if site is None:
        return _error("Không tìm thấy đơn vị.", 404)
    cleaned, invalid = filters.clean_filters(request)
    if invalid:
        names = ", ".join(PARAM_LABELS.get(name, name) for name in invalid)
        return _error(f"Tham số không hợp lệ: {names}.", 400)
    page_number = _positive(request, "trang", 1)
    if page_number is None:
        return _error("Số trang (trang) phải là số nguyên dương.", 400)
    page_size = _positive(request, "so-luong", PAGE_SIZE)
    if page_size is None or page_size > MAX_PAGE_SIZE:
        return _error(f"Số lượng mỗi trang (so-luong) phải từ 1 đến {MAX_PAGE_SIZE}.", 400)

    tree = filters.FieldTree()
    today = timezone.localdate()
    documents, cleaned, _ = filters.filter_documents(request, site, today=today, tree=tree)
    documents = documents.prefetch_related(
        "fields",
        Prefetch("attachments", queryset=LegalAttachment.objects.select_related("file")),
    )
    paginator = Paginator(documents, page_size)
    paginator.count = filters.cached_count(documents, site, today, cleaned)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        return _error("Không có trang này.", 404)
    labels = dict(Validity.choices)
    return _json({
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_document(request, doc, tree, labels) for doc in page],
    })
