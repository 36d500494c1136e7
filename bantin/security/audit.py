"""The audit log: which unit each entry belongs to, and what Wagtail leaves unlogged.

Wagtail logs page, image, document, snippet, user, group and settings changes made through
its admin views (`wagtail.log_actions.log`); our modules log their own actions (comment and
question moderation, broadcast approval, emergency messages). Not logged by Wagtail: bulk
deletions of images, documents, snippets and users, and bulk changes to users (activation,
role); `wagtail_hooks` logs those. Each new entry gets a `LogEntryOwner` row naming the
tree path of its unit, so the site history report can be narrowed per unit.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Collection, ModelLogEntry, Page, PageLogEntry, Site

from bantin.core.sites import under
from bantin.units import access

from .models import LogEntryOwner


def _unit_path(unit) -> str | None:
    return unit.site.root_page.path if unit is not None else None


def owner_path(obj: Model) -> str | None:
    """The tree path of the unit (or page) owning `obj`; None for install-wide objects
    (users, groups outside units, shared reference data), which only administrators see."""
    from bantin.units.models import Unit

    if isinstance(obj, Page):
        return obj.path
    rule = access.OWNERSHIP.get(type(obj))
    if rule is not None and not rule.shared:
        return rule.owner_path(obj)
    if isinstance(obj, BaseSiteSetting):
        return obj.site.root_page.path
    if isinstance(obj, Site):
        return obj.root_page.path
    if isinstance(obj, Unit):
        return _unit_path(obj)
    if isinstance(obj, Group):
        return _unit_path(Unit.objects.filter(Q(editors=obj) | Q(moderators=obj))
                          .select_related("site__root_page").first())
    collection = getattr(obj, "collection", None)
    if isinstance(collection, Collection):  # images and documents: their unit's collection
        ancestors = collection.get_ancestors(inclusive=True)
        unit = (Unit.objects.filter(collection__in=ancestors).select_related("site__root_page")
                .order_by("-collection__depth").first())
        return _unit_path(unit)
    return None


def _entry_path(entry) -> str | None:
    if isinstance(entry, PageLogEntry):
        return Page.objects.filter(pk=entry.page_id).values_list("path", flat=True).first()
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is None:
        return None
    obj = model._default_manager.filter(pk=entry.object_id).first()
    return owner_path(obj) if obj is not None else None


@receiver(post_save, sender=PageLogEntry, dispatch_uid="security_page_log_owner")
@receiver(post_save, sender=ModelLogEntry, dispatch_uid="security_model_log_owner")
def record_owner(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    path = _entry_path(instance)
    if path:
        kind = LogEntryOwner.PAGE if sender is PageLogEntry else LogEntryOwner.MODEL
        LogEntryOwner.objects.get_or_create(log_model=kind, entry_id=instance.pk,
                                            defaults={"path": path})


def log_model_key(log_model) -> str:
    return LogEntryOwner.PAGE if issubclass(log_model, PageLogEntry) else LogEntryOwner.MODEL


def entries_for(log_model, user, root_paths: tuple[str, ...] | None = None) -> QuerySet:
    """The entries of `log_model` that `user` may see: all for administrators, those of
    their units for unit staff; narrowed further to `root_paths` when given."""
    queryset = log_model.objects.all()
    user_scope = access.scope_of(user)
    roots = None if user_scope.everything else user_scope.root_paths
    if root_paths is not None:
        roots = tuple(p for p in root_paths if roots is None or any(
            p.startswith(r) for r in roots))
    if roots is None:
        return queryset
    if not roots:
        return queryset.none()
    owned = LogEntryOwner.objects.filter(under(roots, "path"), log_model=log_model_key(log_model))
    return queryset.filter(pk__in=owned.values("entry_id"))
