"""The staff's form for a question: the usual unit checks, and "người xử lý" limited to
the staff of the question's unit or of a unit above it."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from bantin.core.sites import ancestor_paths
from bantin.units.access import UnitOwnedForm


def staff_of(site):
    """Active users in the editors or moderators group of `site`'s unit or any unit
    above it."""
    from bantin.units.models import Unit

    paths = ancestor_paths(site.root_page.path, include_self=True)
    units = Unit.objects.filter(site__root_page__path__in=paths)
    groups = [g for pair in units.values_list("editors_id", "moderators_id") for g in pair]
    return (get_user_model().objects.filter(is_active=True, groups__in=groups)
            .distinct().order_by("username"))


class QuestionAdminForm(UnitOwnedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("assigned_to")
        if field is not None and self.instance.site_id:
            field.queryset = staff_of(self.instance.site)
            field.label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean(self):
        cleaned = super().clean()
        answered = self.instance.pk and type(self.instance).objects.filter(
            pk=self.instance.pk, answered_at__isnull=False).exists()
        if answered and "answer" in self.fields and not (cleaned.get("answer") or "").strip():
            self.add_error("answer", "Câu hỏi đã được trả lời: không thể xóa câu trả lời.")
        return cleaned
