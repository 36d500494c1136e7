"""Admin: the units a hub administrator oversees, and provisioning a new one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from wagtail.log_actions import log

from . import access
from .models import Unit
from .provision import UnitError, create_unit


class UnitForm(forms.Form):
    name = forms.CharField(
        label="Tên đơn vị", max_length=200, help_text="Ví dụ: Xã Phúc Khoa",
        error_messages={"required": "Tên đơn vị không được để trống."},
    )
    hostname = forms.CharField(
        label="Tên miền", max_length=253, help_text="Ví dụ: phuckhoa.tanuyen.gov.vn",
        error_messages={"required": "Tên miền không được để trống."},
    )
    parent = forms.ModelChoiceField(
        label="Đơn vị cấp trên", queryset=Unit.objects.none(), empty_label=None,
        error_messages={"invalid_choice": "Hãy chọn một đơn vị cấp trên trong danh sách."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = managed_units(user)


def managed_units(user):
    return Unit.objects.filter(site__in=access.managed_sites(user)).select_related(
        "site", "parent").order_by("site__root_page__path")


@permission_required("units.add_unit", raise_exception=True)
def units_view(request):
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = create_unit(data["name"], data["hostname"], data["parent"].site.hostname)
        except UnitError as error:
            form.add_error(None, str(error))
        else:
            if result.created:
                log(instance=result.unit, action="wagtail.create", user=request.user)
                messages.success(request, f"Đã tạo đơn vị “{result.unit.name}”.")
            else:
                messages.info(request, f"Đơn vị “{result.unit.name}” đã có; không đổi gì.")
            return redirect("units_admin")
    return render(request, "units/admin/units.html", {
        "form": form, "units": managed_units(request.user),
    })
