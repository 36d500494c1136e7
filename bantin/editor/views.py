"""Admin: "Tạo bài từ tệp Word" – a .docx becomes a draft article opened in the editor."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from wagtail.models import Page

from bantin.core import files
from bantin.core.pages import unique_slug
from bantin.core.sites import under
from bantin.news.models import ArticlePage, CategoryPage
from bantin.units import access

from . import word

NEWS_SLUG = "tin-tuc"


def categories_for(user, limit: int | None = None) -> list[CategoryPage]:
    """The categories `user` may add an article to: the "Tin tức" section of the user's
    own (highest) unit first, then the others in tree order."""
    user_scope = access.scope_of(user)
    pages = CategoryPage.objects.all()
    if not user_scope.everything:
        if not user_scope.root_paths:
            return []
        pages = pages.filter(under(user_scope.root_paths))
    news_first = Case(When(slug=NEWS_SLUG, then=Value(0)), default=Value(1),
                      output_field=IntegerField())
    pages = pages.order_by(news_first, "depth", "path")
    if limit:
        pages = pages[:limit]
    return [p for p in pages if p.permissions_for_user(user).can_add_subpage()]


def _label(category: CategoryPage, by_path: dict[str, str]) -> str:
    names = [by_path[category.path[:n]] for n in range(Page.steplen * 2, len(category.path),
                                                       Page.steplen)
             if category.path[:n] in by_path]
    return " › ".join([*names, category.title])


class WordForm(forms.Form):
    document = forms.FileField(
        label="Tệp Word (.docx)",
        help_text="Chọn tệp .docx soạn bằng Word hoặc LibreOffice (tối đa 50 MB). Tiêu đề "
                  "lấy từ dòng kiểu “Title” hoặc đề mục đầu tiên; ảnh và bảng được giữ lại.",
        error_messages={
            "required": "Hãy chọn một tệp Word (.docx) để tạo bài.",
            "empty": "Tệp rỗng. Hãy chọn đúng tệp Word (.docx) của bài viết.",
        },
    )
    category = forms.TypedChoiceField(
        label="Chuyên mục", coerce=int,
        help_text="Bài viết được lưu nháp trong chuyên mục này; bạn xem lại rồi gửi duyệt.",
        error_messages={"invalid_choice": "Hãy chọn một chuyên mục của đơn vị bạn."},
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        ancestors = Page.objects.filter(path__in={
            c.path[:n] for c in categories for n in range(Page.steplen, len(c.path),
                                                          Page.steplen)
        }).values_list("path", "title")
        by_path = dict(ancestors)
        self.categories = {c.pk: c for c in categories}
        self.fields["category"].choices = [(c.pk, _label(c, by_path)) for c in categories]

    def clean_document(self):
        document = self.cleaned_data["document"]
        try:
            files.check(document, document.name, extensions=["docx"])
        except ValidationError as refused:
            if refused.code == "extension":
                raise ValidationError(
                    "Chỉ nhận tệp Word dạng .docx. Nếu tệp là .doc (Word cũ), hãy mở bằng "
                    "Word, chọn Lưu thành (Save As) dạng .docx rồi tải lên lại."
                ) from refused
            raise ValidationError(
                f"{refused.messages[0]} Hãy chọn đúng tệp Word (.docx) của bài viết."
            ) from refused
        return document


def _site_collection(category: CategoryPage):
    from bantin.news import hierarchy

    return access.collection_of(hierarchy.site_of(category))


@transaction.atomic
def create_article(data: bytes, category: CategoryPage, user, file_name: str):
    """A draft article in `category` from the .docx `data`, and the conversion's warnings."""
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("_", " ")
    converted = word.convert(data, collection=_site_collection(category), fallback_title=stem)
    article = ArticlePage(title=converted.title, slug=unique_slug(category, converted.title),
                          body=converted.body, live=False, owner=user)
    category.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    return article, converted.warnings


def word_import_view(request):
    categories = categories_for(request.user)
    if not categories:
        raise PermissionDenied
    form = WordForm(categories=categories, initial={"category": categories[0].pk})
    error = ""
    if request.method == "POST":
        form = WordForm(request.POST, request.FILES, categories=categories)
        if form.is_valid():
            document = form.cleaned_data["document"]
            document.seek(0)
            category = form.categories[form.cleaned_data["category"]]
            try:
                article, warnings = create_article(document.read(), category, request.user,
                                                   document.name)
            except word.WordError as exc:
                error = str(exc)
            else:
                for warning in warnings:
                    messages.warning(request, warning)
                messages.success(request, f"Đã tạo bản nháp «{article.title}» từ tệp Word. "
                                          "Hãy đọc lại, xem trước rồi gửi duyệt.")
                return redirect(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    return render(request, "editor/word_import.html", {"form": form, "error": error})
