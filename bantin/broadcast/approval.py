"""Approval of programmes and schedules by the moderators of the station's unit.

The approvers are found as for `UnitApprovalTask`: the moderators group of the unit owning
the station (or of a unit above it), and superusers. Every step is written to Wagtail's
audit log with its user and time.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from bantin.units import access

from .log_actions import APPROVE, REJECT, SUBMIT
from .models import Approval, Programme


def can_edit(user, obj) -> bool:
    return access.can_manage(user, obj)


def can_decide(user, obj) -> bool:
    return user.is_active and (user.is_superuser
                               or access.can_manage(user, obj, moderators_only=True))


@transaction.atomic
def submit(obj, user) -> None:
    if not can_edit(user, obj):
        raise PermissionDenied
    if obj.approval in (Approval.SUBMITTED, Approval.APPROVED):
        raise ValidationError("Nội dung này đã được gửi duyệt.")
    obj.approval = Approval.SUBMITTED
    obj.submitted_by, obj.submitted_at = user, timezone.now()
    obj.save()
    log(instance=obj, action=SUBMIT, user=user)


@transaction.atomic
def approve(obj, user, note: str = "") -> None:
    if not can_decide(user, obj):
        raise PermissionDenied
    if isinstance(obj, Programme) and obj.kind == Programme.UPLOAD and not obj.audio:
        raise ValidationError("Chương trình chưa có tệp âm thanh, chưa thể duyệt.")
    obj.approval = Approval.APPROVED
    obj.approved_signature = obj.signature()
    obj.decided_by, obj.decided_at, obj.decision_note = user, timezone.now(), note
    obj.save()
    log(instance=obj, action=APPROVE, user=user, data={"note": note})


@transaction.atomic
def reject(obj, user, note: str = "") -> None:
    if not can_decide(user, obj):
        raise PermissionDenied
    obj.approval = Approval.REJECTED
    obj.approved_signature = ""
    obj.decided_by, obj.decided_at, obj.decision_note = user, timezone.now(), note
    obj.save()
    log(instance=obj, action=REJECT, user=user, data={"note": note})
