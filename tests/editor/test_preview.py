"""A new article can be previewed before its first save, on a phone-sized frame that the
admin is allowed to show, with the date its form filled in by itself."""

from __future__ import annotations

from django.urls import reverse
from lxml import html


def _form_data(page_html: bytes) -> dict[str, str]:
    """What a browser would send from the page form as it was rendered."""
    form = html.fromstring(page_html).xpath("//form[@data-edit-form]")[0]
    data = {}
    for element in form.xpath(".//input|.//textarea|.//select"):
        name = element.get("name")
        if not name or "__prefix__" in name:
            continue
        if element.get("type") in ("checkbox", "radio") and element.get("checked") is None:
            continue
        if element.tag == "textarea":
            data[name] = element.text or ""
        elif element.tag == "select":
            chosen = element.xpath(".//option[@selected]")
            if chosen:
                data[name] = chosen[0].get("value")
        else:
            data[name] = element.get("value") or ("on" if element.get("type") == "checkbox"
                                                  else "")
    data.setdefault("body-count", "0")  # the stream's inputs are written by its script
    return data


def test_a_new_article_previews_at_phone_width(client, units):
    client.force_login(units["editor"])
    args = ("news", "articlepage", units["alpha_news"].pk)
    page = client.get(reverse("wagtailadmin_pages:add", args=args))
    content = page.content.decode()
    assert 'name="preview-size"' in content
    assert 'value="mobile"' in content and "Xem trước trên điện thoại (375 px)" in content
    data = _form_data(page.content)
    data.update(title="Xã Alpha ra quân làm đường", slug="xa-alpha-ra-quan", lead="Sapo.")
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=args)
    answer = client.post(preview_url, data).json()
    assert answer == {"is_valid": True, "is_available": True}
    preview = client.get(preview_url + "?mode=&in_preview_panel=true")
    assert preview.status_code == 200
    assert "Xã Alpha ra quân làm đường" in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
