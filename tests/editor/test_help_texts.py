"""Every field of our own models that an editor fills in the admin explains itself: it has
a Vietnamese help text, or a label that needs none (listed below)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

# Labels a commune official understands without a hint.
SELF_EXPLANATORY = {label.lower() for label in {
    "tiêu đề", "họ tên", "họ và tên", "điện thoại", "thư điện tử", "địa chỉ", "tên đơn vị",
    "tác giả", "ngày đăng", "nội dung", "sapo", "ảnh", "ảnh đại diện", "ảnh chân dung",
    "chú thích", "chú thích ảnh", "từ khóa", "tin nổi bật", "trạng thái", "ghi chú",
    "mô tả", "giới thiệu", "lời giới thiệu", "đơn vị", "trang", "tên trang", "biểu trưng",
    "tên loại", "tên cơ quan", "tên lĩnh vực", "chức vụ", "thứ tự", "trích yếu",
    "ngày ban hành", "cơ quan ban hành", "loại văn bản", "người ký", "lĩnh vực",
    "tên phòng ban", "nhiệm vụ", "giờ làm việc", "tên đài", "tên cụm loa", "tên nhóm",
    "tên lịch", "tên danh sách", "tên chương trình", "câu hỏi", "câu trả lời", "phương án",
    "Facebook", "YouTube", "Zalo", "cho phép bình luận", "cho phép đánh giá",
    "nội dung câu hỏi", "nội dung góp ý", "cơ quan, tổ chức", "tiêu đề (tiếng Anh)",
    "tên phòng ban (tiếng Anh)", "nhiệm vụ (tiếng Anh)", "giờ làm việc (tiếng Anh)",
    "địa chỉ (tiếng Anh)", "thư điện tử công vụ", "đang dùng", "đang hoạt động",
    "người chịu trách nhiệm", "họ và tên người liên hệ", "thôn, tổ dân phố", "vĩ độ",
    "kinh độ", "toàn văn", "tệp", "tên hiển thị", "người xử lý", "gửi đến", "phòng ban",
    "ghi chú xử lý", "từ ngày", "đến ngày", "ngày", "lý do", "giờ bắt đầu",
    "thời lượng (phút)", "nguồn tin", "địa chỉ nguồn", "bắt đầu hiển thị",
    "kết thúc hiển thị", "liên kết", "vị trí", "tên", "nhãn", "tiêu đề câu hỏi",
    "loại câu hỏi", "bắt buộc", "các lựa chọn", "lời cảm ơn", "bắt đầu", "kết thúc",
    "quan hệ", "văn bản", "mở lấy ý kiến", "kết thúc lấy ý kiến",
    "ngày có hiệu lực", "ngày hết hiệu lực", "menu chính", "liên kết chân trang",
    "nguồn ảnh / tác giả ảnh", "số lần phát", "nghỉ giữa hai lần (giây)",
    "chức vụ (tiếng anh)",
}}
# Wagtail's own fields: its catalogue (and the translation work) covers them.
WAGTAIL_FIELDS = {f.name for f in Page._meta.get_fields()} | {
    "title", "file", "collection", "tags", "focal_point_x", "focal_point_y",
    "focal_point_width", "focal_point_height", "description", "comment_notifications",
}
# Shares are started from the article and decided with their own buttons: no edit form.
NOT_EDITED = {"news.ArticleShare"}
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữự"
                        r"ỳýỷỹỵđ]", re.IGNORECASE)


def _our_models():
    pages = [m for m in apps.get_models() if issubclass(m, Page) and m is not Page]
    snippets = list(get_snippet_models())
    site_settings = list(settings_registry)
    from bantin.core.models import CustomDocument, CustomImage

    return sorted({m for m in [*pages, *snippets, *site_settings, CustomImage, CustomDocument]
                   if m.__module__.startswith("bantin.")}, key=lambda m: m._meta.label)


def _form_fields(model):
    if issubclass(model, Page) or hasattr(model, "panels") or model in get_snippet_models():
        handler = get_edit_handler(model) if not issubclass(model, Page) \
            else model.get_edit_handler()
        form_class = handler.get_form_class()
    else:
        from django.forms import modelform_factory

        form_class = modelform_factory(model, fields=model.admin_form_fields)
    return form_class.base_fields


def _unexplained():
    missing = []
    for model in _our_models():
        if model._meta.label in NOT_EDITED:
            continue
        for name, field in _form_fields(model).items():
            if name in WAGTAIL_FIELDS or field.widget.is_hidden:
                continue
            label = str(field.label or "").strip()
            help_text = str(field.help_text or "")
            if VIETNAMESE.search(help_text):
                continue
            if label.lower() in SELF_EXPLANATORY:
                continue
            missing.append(f"{model._meta.label}.{name} ({label})")
    return missing


@pytest.mark.django_db
def test_every_field_an_editor_fills_explains_itself():
    assert _unexplained() == []
