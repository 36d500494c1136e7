"""Admin: share an article from its editor, and decide on unit proposals.

Both views read share records through the share viewset's `get_queryset`, so whatever
limits that listing (for example which unit a user may see) limits them too.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from wagtail.models import Site

from . import hierarchy, sharing
from .models import ArticlePage, ArticleShare

ALL_UNITS = "all"
CHOSEN_UNITS = "chosen"


class PushForm(forms.Form):
    scope = forms.ChoiceField(
        label="Chuyển tới", widget=forms.RadioSelect, initial=ALL_UNITS,
        choices=[(ALL_UNITS, "Mọi đơn vị (kể cả đơn vị lập sau này)"),
                 (CHOSEN_UNITS, "Các đơn vị được chọn")],
    )
    # Any site is accepted here so that a site outside the hub gets the model's clear
    # message instead of a generic "invalid choice".
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị", queryset=Site.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(s.pk, hierarchy.unit_name(s)) for s in units]

    def clean(self):
        data = super().clean()
        if data.get("scope") == CHOSEN_UNITS and not data.get("units"):
            raise ValidationError("Chọn ít nhất một đơn vị nhận tin.")
        return data


def _errors(exc: ValidationError) -> list[str]:
    return list(dict.fromkeys(exc.messages))


def article_share_view(request, page_id: int, viewset):
    """Propose a unit's article to the hub, or push a hub's article to units."""
    article = get_object_or_404(ArticlePage, pk=page_id)
    site = hierarchy.site_of(article)
    role = "push" if site is not None and hierarchy.is_hub(site) else "propose"
    allowed = (sharing.can_push if role == "push" else sharing.can_propose)(request.user, article)
    if not allowed:
        raise PermissionDenied
    units = list(hierarchy.units_of(site)) if role == "push" else []
    form = PushForm(units=units)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "propose":
                sharing.propose(article, request.user)
                messages.success(request, "Đã đề xuất bài viết lên trang cấp trên.")
                return redirect(request.path)
            if request.POST.get("action") == "push":
                form = PushForm(request.POST, units=units)
                if form.is_valid():
                    chosen = (None if form.cleaned_data["scope"] == ALL_UNITS
                              else form.cleaned_data["units"])
                    sharing.push(article, request.user, chosen)
                    messages.success(request, "Đã chuyển bài viết xuống đơn vị.")
                    return redirect(request.path)
            else:
                errors.append("Thao tác không hợp lệ.")
        except ValidationError as exc:
            errors.extend(_errors(exc))
    shares = viewset.get_queryset(request).filter(article=article)
    return render(request, "news/admin/article_share.html", {
        "article": article, "site": site, "role": role, "form": form, "errors": errors,
        "proposal": next((s for s in shares if s.direction == ArticleShare.UP), None),
        "pushes": [s for s in shares if s.direction == ArticleShare.DOWN],
        "decide_url_name": viewset.get_url_name("decide"),
    })


def decide_view(request, pk: int, viewset):
    """A hub moderator accepts or rejects a unit's proposal."""
    share = get_object_or_404(viewset.get_queryset(request), pk=pk)
    if not sharing.can_decide(request.user, share):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                sharing.accept(share, request.user)
                messages.success(request, f"Đã duyệt tin «{share.article.title}».")
                return redirect(viewset.get_url_name("list"))
            if action == "reject":
                sharing.reject(share, request.user, request.POST.get("note", "").strip())
                messages.success(request, f"Đã từ chối tin «{share.article.title}».")
                return redirect(viewset.get_url_name("list"))
            errors.append("Thao tác không hợp lệ.")
        except ValidationError as exc:
            errors.extend(_errors(exc))
    article = share.article
    return render(request, "news/admin/decide.html", {
        "share": share, "errors": errors,
        "article_url": sharing.canonical_url(article) if article.live else "",
    })
