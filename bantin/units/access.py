"""Who may manage what: the staff of a unit manage it and every unit nested below it.

Every model the admin lets people change is declared here once, with where its owner is
found (`owned_by_site`, `owned_by_page`) or as reference data shared by all units
(`shared`). Admin listings and choosers are narrowed with `scope`, object URLs are checked
by `UnitAccessMiddleware`, and a test walks every admin URL to prove it; a model the admin
registers without a declaration makes that test fail.

Pages, images and documents use Wagtail's own permissions, granted once per unit on its
root page and collection (see `units.provision`).
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page, Site
from wagtail.permission_policies import ModelPermissionPolicy

from bantin.core.sites import under


@dataclass(frozen=True)
class Ownership:
    site: str | None = None  # lookup from the model to a Site
    page: str | None = None  # lookup from the model to a Page (owner: the site holding it)
    shared: bool = False  # reference data: every unit reads it, only global staff change it

    def q(self, scope: Scope) -> Q:
        if self.shared:
            return Q()
        if self.site:
            return Q(**{f"{self.site}__in": scope.site_ids})
        return under(scope.root_paths, f"{self.page}__path")

    def owner_path(self, obj: Model) -> str | None:
        """The tree path of the page or site root owning `obj`, None if it has no owner."""
        target = obj
        for part in (self.site or self.page).split("__"):
            target = getattr(target, part, None)
            if target is None:
                return None
        if isinstance(target, Site):
            return target.root_page.path
        return target.path


OWNERSHIP: dict[type[Model], Ownership] = {}


def owned_by_site(model: type[Model], lookup: str = "site") -> None:
    OWNERSHIP[model] = Ownership(site=lookup)


def owned_by_page(model: type[Model], lookup: str = "page") -> None:
    OWNERSHIP[model] = Ownership(page=lookup)


def shared(model: type[Model]) -> None:
    OWNERSHIP[model] = Ownership(shared=True)


def ownership(model: type[Model]) -> Ownership:
    try:
        return OWNERSHIP[model]
    except KeyError:
        raise LookupError(
            f"{model._meta.label} has no ownership declared in bantin.units.access"
        ) from None


@dataclass(frozen=True)
class Scope:
    """The sites a user manages; `everything` for superusers."""

    everything: bool
    site_ids: frozenset[int]
    root_paths: tuple[str, ...]

    def covers_path(self, path: str) -> bool:
        return self.everything or any(path.startswith(root) for root in self.root_paths)


def scope_of(user, *, moderators_only: bool = False) -> Scope:
    """The sites `user` manages (as editor or moderator), or only those they moderate.

    Computed once per request: the result is cached on the user object.
    """
    cache_attr = "_bantin_moderated_scope" if moderators_only else "_bantin_unit_scope"
    cached = getattr(user, cache_attr, None)
    if cached is not None:
        return cached
    if user.is_active and user.is_superuser:
        result = Scope(True, frozenset(), ())
    elif not (user.is_authenticated and user.is_active):
        result = Scope(False, frozenset(), ())
    else:
        from .models import Unit

        group_ids = list(user.groups.values_list("pk", flat=True))
        member = Q(moderators__in=group_ids)
        if not moderators_only:
            member |= Q(editors__in=group_ids)
        paths = sorted(set(
            Unit.objects.filter(member).values_list("site__root_page__path", flat=True)
        ))
        # A path already inside another managed path adds nothing.
        roots = tuple(p for p in paths if not any(p != o and p.startswith(o) for o in paths))
        site_ids = frozenset(Site.objects.filter(under(roots, "root_page__path"))
                             .values_list("pk", flat=True)) if roots else frozenset()
        result = Scope(False, site_ids, roots)
    setattr(user, cache_attr, result)
    return result


def scope(queryset: QuerySet, user) -> QuerySet:
    """`queryset` narrowed to what `user` manages."""
    user_scope = scope_of(user)
    if user_scope.everything:
        return queryset
    return queryset.filter(ownership(queryset.model).q(user_scope))


def can_manage(user, obj: Model, *, moderators_only: bool = False) -> bool:
    user_scope = scope_of(user, moderators_only=moderators_only)
    if isinstance(obj, Page):
        return user_scope.covers_path(obj.path)
    rule = ownership(type(obj))
    if rule.shared or user_scope.everything:
        return True
    path = rule.owner_path(obj)
    return path is not None and user_scope.covers_path(path)


def object_ids_in(model: type[Model], user_scope: Scope) -> QuerySet:
    """The primary keys, as text, of the objects of `model` inside `user_scope`
    (how workflow states and log entries name their objects)."""
    if issubclass(model, Page):
        rule = under(user_scope.root_paths)
    else:
        rule = ownership(model).q(user_scope)
    return (
        model._default_manager.filter(rule)
        .annotate(pk_text=Cast("pk", output_field=CharField())).values("pk_text")
    )


def managed_sites(user) -> QuerySet:
    user_scope = scope_of(user)
    if user_scope.everything:
        return Site.objects.all()
    return Site.objects.filter(pk__in=user_scope.site_ids)


class UnitPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions say what a user may do; their units say to which objects."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_manage(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and can_manage(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return scope(super().instances_user_has_any_permission_for(user, actions), user)


class UnitScopedViewSetMixin:
    """For a SnippetViewSet: listings, choosers and instance checks limited to the user's units."""

    @cached_property
    def permission_policy(self):
        return UnitPermissionPolicy(self.model)

    def get_queryset(self, request):
        return scope(self.model._default_manager.all(), request.user)

    @cached_property
    def chooser_viewset(self):
        viewset = super().chooser_viewset
        for name in ("choose_view_class", "choose_results_view_class"):
            setattr(viewset, name, _scoped_chooser_view(getattr(viewset, name)))
        return viewset


@functools.cache
def _scoped_chooser_view(view_class):
    class Scoped(view_class):
        def get_object_list(self):
            return scope(super().get_object_list(), self.request.user)

    Scoped.__name__ = f"Scoped{view_class.__name__}"
    return Scoped


def _view_model(view_func):
    initkwargs = getattr(view_func, "view_initkwargs", None) or {}
    model = (
        initkwargs.get("model")
        or getattr(getattr(view_func, "view_class", None), "model", None)
        # a viewset's own extra views are its bound methods
        or getattr(getattr(inspect.unwrap(view_func), "__self__", None), "model", None)
    )
    return model if isinstance(model, type) and issubclass(model, Model) else None


# Admin views that list across units with no way to narrow them: administrators only.
ADMINISTRATORS_ONLY = {
    "wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:workflow_tasks", "wagtailadmin_reports:workflow_tasks_results",
    "wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results",
    "wagtailadmin_pages:type_use", "wagtailadmin_pages:type_use_results",
    "wagtailforms:index", "wagtailforms:index_results",
}
# The same reports, as named in the admin's reports menu.
# (The site history report is per unit: `bantin.security.views`.)
ADMINISTRATORS_ONLY_REPORTS = {"workflows", "workflow-tasks", "page-types-usage"}
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")


def _within_or_above(user_scope: Scope, path: str) -> bool:
    """Inside the user's units, or one of their ancestors (which the explorer passes through)."""
    return user_scope.covers_path(path) or any(root.startswith(path)
                                               for root in user_scope.root_paths)


def _collection_member_allowed(user, model, ids) -> bool:
    from wagtail.documents.permissions import permission_policy as documents
    from wagtail.images.permissions import permission_policy as images

    policy = images if model is images.model else documents
    return all(
        policy.user_has_any_permission_for_instance(user, ["choose", "change"], obj)
        for obj in model._default_manager.filter(pk__in=ids)
    )


def _named_objects(request, view_func, view_kwargs):
    """(model, ids) of the objects an admin view acts on, as far as its URL tells."""
    from django.apps import apps
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    if "image_id" in view_kwargs:
        return get_image_model(), [view_kwargs["image_id"]]
    for key in ("document_id", "doc_id"):
        if key in view_kwargs:
            return get_document_model(), [view_kwargs[key]]
    if {"app_label", "model_name"} <= view_kwargs.keys():  # bulk actions, editing sessions
        try:
            model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
        except LookupError:
            return None, []
        ids = [view_kwargs["object_id"]] if "object_id" in view_kwargs else \
            request.GET.getlist("id")
        return model, ids
    model = _view_model(view_func)
    if model is not None and "pk" in view_kwargs:
        return model, [view_kwargs["pk"]]
    return None, []


class UnitAccessMiddleware:
    """Refuses any admin view that names an object outside the user's units.

    Listings are narrowed by the viewsets and hooks; this catches every object URL (edit,
    delete, history, usage, revisions, workflow actions, previews, chooser steps, bulk
    actions, editing sessions), including those of views added later, in one place.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # The admin's prefix in each URL configuration requests are resolved against (a
        # public-pool process has one without the admin: bantin.core.pools).
        self.admin_prefixes = {}

    def __call__(self, request):
        return self.get_response(request)

    def admin_prefix(self):
        from django.urls import NoReverseMatch, get_urlconf, reverse

        urlconf = get_urlconf()
        try:
            return self.admin_prefixes[urlconf]
        except KeyError:
            try:
                prefix = reverse("wagtailadmin_home", urlconf=urlconf)
            except NoReverseMatch:
                prefix = None  # no admin view can be resolved here
            self.admin_prefixes[urlconf] = prefix
            return prefix

    def process_view(self, request, view_func, view_args, view_kwargs):
        prefix = self.admin_prefix()
        if prefix is None or not request.path_info.startswith(prefix):
            return None  # public pages name no admin objects; no session read for them
        user = request.user
        if not user.is_authenticated:
            return None
        user_scope = scope_of(user)
        if user_scope.everything:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ADMINISTRATORS_ONLY:
            raise PermissionDenied
        page_ids = [view_kwargs[k] for k in PAGE_KWARGS if k in view_kwargs]
        if page_ids and not all(
            _within_or_above(user_scope, path)
            for path in Page.objects.filter(pk__in=page_ids).values_list("path", flat=True)
        ):
            raise PermissionDenied
        self._check_objects(request, *_named_objects(request, view_func, view_kwargs))
        return None

    @staticmethod
    def _check_objects(request, model, ids):
        from django.contrib.admin.utils import unquote
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        if model is None or not ids:
            return
        ids = [unquote(str(i)) for i in ids]
        user = request.user
        if "all" in ids:
            # A bulk action on "everything in the listing": Wagtail's own actions take
            # every object of the model, so only administrators may ask for it.
            if not scope_of(user).everything:
                raise PermissionDenied
            return
        if model in (get_image_model(), get_document_model()):
            if not _collection_member_allowed(user, model, ids):
                raise PermissionDenied
            return
        if issubclass(model, Page):
            paths = Page.objects.filter(pk__in=ids).values_list("path", flat=True)
            if not all(scope_of(user).covers_path(p) for p in paths):
                raise PermissionDenied
            return
        rule = OWNERSHIP.get(model)
        if rule is None or rule.shared:
            return
        if any(not can_manage(user, obj) for obj in model._default_manager.filter(pk__in=ids)):
            raise PermissionDenied


def workflow_models() -> list[type[Model]]:
    """Models whose objects go through approval: pages and the owned snippets with workflows."""
    from wagtail.models import WorkflowMixin

    return [Page] + [
        model for model, rule in OWNERSHIP.items()
        if not rule.shared and issubclass(model, WorkflowMixin)
    ]


class UnitOwnedForm(WagtailAdminModelForm):
    """Admin form of a unit-owned model: its site or page can only be one the editor
    manages, and a new object starts in the editor's own unit."""

    def clean(self):
        cleaned = super().clean()
        rule = OWNERSHIP.get(type(self.instance))
        page = cleaned.get(rule.page) if rule and rule.page else None
        if self.for_user is not None and page is not None and not scope_of(
                self.for_user).covers_path(page.path):
            self.add_error(rule.page, "Chỉ được chọn trang thuộc đơn vị của bạn.")
        return cleaned

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("site")
        if field is None or for_user is None:
            return
        field.queryset = managed_sites(for_user).order_by("site_name", "hostname")
        if not self.instance.pk and not self.initial.get("site"):
            own = field.queryset.filter(unit__isnull=False).order_by(
                "root_page__depth").first()
            if own is not None:
                self.initial["site"] = own.pk


def collection_of(site: Site):
    """Where images and documents of `site` are kept: its unit's collection (the root
    collection for a site that is not a unit)."""
    from wagtail.models import Collection

    from .models import Unit

    unit = Unit.objects.filter(site=site).select_related("collection").first()
    return unit.collection if unit else Collection.get_first_root_node()


def _own_sites(request):
    """A listing filter's site choices: the requesting user's own sites."""
    return managed_sites(request.user) if request is not None else Site.objects.none()


def unit_filterset(model: type[Model], fields: list[str]):
    """An admin listing filter set whose "site" choices are only the user's own sites."""
    import django_filters
    from wagtail.admin.filters import WagtailFilterSet

    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (WagtailFilterSet,), {
        "site": django_filters.ModelChoiceFilter(label="Đơn vị", queryset=_own_sites),
        "Meta": meta,
    })


def narrow_page_listing_filters() -> None:
    """The admin page listings offer a "site" filter with every site of the install; a
    unit's staff are offered only their own sites (which also spares rendering 170
    checkboxes on every listing)."""
    from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet

    for filterset in (PageFilterSet, GenericPageFilterSet):
        site_filter = filterset.base_filters.get("site")
        if site_filter is not None:
            site_filter.queryset = _own_sites
