"""Audit log entries for the admin's bulk actions that Wagtail does not log itself."""

from django.contrib.auth import get_user_model
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import Page


@hooks.register("before_bulk_action")
def log_bulk_deletion(request, action_type, objects, action_class_instance):
    # Pages log their own deletion; images, documents, snippets and users are deleted by a
    # single queryset delete, so each is logged here while it still exists.
    if action_type != "delete":
        return
    for obj in objects:
        if not isinstance(obj, Page):
            log(instance=obj, action="wagtail.delete", user=request.user)


@hooks.register("after_bulk_action")
def log_bulk_user_changes(request, action_type, objects, action_class_instance):
    if action_type in ("set_active_state", "assign_role"):
        for obj in objects:
            if isinstance(obj, get_user_model()):
                log(instance=obj, action="wagtail.edit", user=request.user,
                    data={"bulk_action": action_type})
