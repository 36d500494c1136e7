"""Admin: import a register of documents from a spreadsheet, checking it first.

Step one uploads the spreadsheet (and the ZIP of files) and runs a dry run, which
writes nothing and shows what would be created or updated and which rows are wrong.
The uploads are kept in a private folder under a random token held in the session, so
step two imports exactly the files that were checked, without uploading them again.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from wagtail.models import Site

from bantin.core.files import max_document_bytes
from bantin.units import access

from .importing import RegisterError, import_register

SESSION_KEY = "laws-import"
REGISTER_EXTENSIONS = (".csv", ".xlsx")


def _workdir(token: str) -> Path:
    return Path(settings.VAR_DIR) / "imports" / token


class RegisterForm(forms.Form):
    site = forms.ModelChoiceField(
        label="Đơn vị", queryset=Site.objects.order_by("site_name", "hostname"),
        empty_label=None,
    )
    register = forms.FileField(label="Tệp danh sách văn bản (CSV hoặc XLSX)")
    files = forms.FileField(label="Tệp ZIP chứa các văn bản (không bắt buộc)", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["site"].queryset = access.managed_sites(user).order_by(
                "site_name", "hostname")

    def clean_register(self):
        upload = self.cleaned_data["register"]
        if not upload.name.lower().endswith(REGISTER_EXTENSIONS):
            raise forms.ValidationError("Chỉ nhận tệp .csv hoặc .xlsx.")
        if upload.size == 0:
            raise forms.ValidationError("Tệp danh sách văn bản rỗng.")
        return upload

    def clean_files(self):
        upload = self.cleaned_data.get("files")
        if upload and not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError("Tệp văn bản phải là tệp nén .zip.")
        if upload and upload.size > max_document_bytes() * 20:
            raise forms.ValidationError("Tệp ZIP quá lớn.")
        return upload


def _save(upload, folder: Path, name: str) -> Path:
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def _run(request, pending: dict, dry_run: bool):
    site = access.managed_sites(request.user).filter(pk=pending["site"]).first()
    folder = _workdir(pending["token"])
    register = folder / pending["register"]
    zip_path = folder / "files.zip" if pending.get("zip") else None
    if site is None or not register.exists():
        return None, "Phiên nhập đã hết hạn, vui lòng tải tệp lên lại."
    try:
        return import_register(register, site, zip_path=zip_path, dry_run=dry_run), None
    except RegisterError as exc:
        return None, str(exc)


@permission_required("laws.add_legaldocument", raise_exception=True)
def import_register_view(request):
    context: dict = {"form": RegisterForm(user=request.user)}
    pending = request.session.get(SESSION_KEY)
    if request.method == "POST" and request.POST.get("action") == "import" and pending:
        if request.POST.get("token") != pending["token"]:
            context["error"] = "Phiên nhập không khớp, vui lòng kiểm tra lại tệp."
        else:
            report, error = _run(request, pending, dry_run=False)
            shutil.rmtree(_workdir(pending["token"]), ignore_errors=True)
            del request.session[SESSION_KEY]
            context.update(report=report, error=error, done=True)
    elif request.method == "POST":
        form = RegisterForm(request.POST, request.FILES, user=request.user)
        context["form"] = form
        if form.is_valid():
            if pending:
                shutil.rmtree(_workdir(pending["token"]), ignore_errors=True)
            token = secrets.token_urlsafe(16)
            folder = _workdir(token)
            folder.mkdir(parents=True, exist_ok=True)
            register = form.cleaned_data["register"]
            suffix = ".xlsx" if register.name.lower().endswith(".xlsx") else ".csv"
            _save(register, folder, "register" + suffix)
            if form.cleaned_data.get("files"):
                _save(form.cleaned_data["files"], folder, "files.zip")
            pending = {"token": token, "site": form.cleaned_data["site"].pk,
                       "register": "register" + suffix,
                       "zip": bool(form.cleaned_data.get("files"))}
            request.session[SESSION_KEY] = pending
            report, error = _run(request, pending, dry_run=True)
            context.update(report=report, error=error, token=token,
                           can_import=report is not None and (report.would_create
                                                              or report.would_update))
            if error:
                shutil.rmtree(folder, ignore_errors=True)
                del request.session[SESSION_KEY]
    return render(request, "laws/admin/import.html", context)
