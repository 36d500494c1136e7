"""Provision a unit completely: site, root page, sections, collection, groups, permissions,
workflow and default settings. Running it again for the same hostname changes nothing.

Permissions are granted once per unit, on its root page, its collection and its site, never
per page: Wagtail's page and collection permissions cover what lies beneath, and
`units.access` narrows the model-level permissions below to the unit's own objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
)

from bantin.core import text
from bantin.core.models import Navigation, SiteIdentity
from bantin.core.pages import unique_slug
from bantin.news.models import CategoryPage
from bantin.organisation.provision import ensure_sections as ensure_organisation_sections

from .models import HubHomePage, StandardPage, Unit, UnitApprovalTask, UnitHomePage

LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOSTNAME_RE = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*$")

# Django model permissions: what a role may do; `units.access` limits it to its units.
EDITOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "laws.add_legaldocument", "laws.change_legaldocument", "laws.view_legaldocument",
    "laws.view_documenttype", "laws.view_issuingbody", "laws.view_signer",
    "laws.view_legalfield",
    "news.view_banner", "news.view_articleshare",
    "interaction.view_comment", "interaction.view_opinion",
    "interaction.view_contactmessage",
    "polls.add_poll", "polls.change_poll", "polls.view_poll",
    "questions.view_question", "questions.change_question",
    "broadcast.view_station",
    *(f"broadcast.{action}_{model}" for model in ("cluster", "clustergroup", "programme",
                                                  "playlist", "schedule",
                                                  "emergencymessage")
      for action in ("add", "change", "view")),
]
MODERATOR_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "laws.delete_legaldocument", "laws.publish_legaldocument", "laws.lock_legaldocument",
    "laws.unlock_legaldocument",
    "news.add_banner", "news.change_banner", "news.delete_banner", "news.delete_articleshare",
    "interaction.change_comment", "interaction.delete_comment",
    "interaction.change_opinion", "interaction.delete_opinion",
    "interaction.change_contactmessage", "interaction.delete_contactmessage",
    "polls.delete_poll",
    "questions.publish_question", "questions.delete_question",
    "broadcast.add_station", "broadcast.change_station",
    *(f"broadcast.delete_{model}" for model in ("cluster", "clustergroup", "programme",
                                                "playlist", "schedule", "emergencymessage")),
]
HUB_MODERATOR_PERMISSIONS = ["units.add_unit", "units.view_unit"]

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = [
    "add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page",
]
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.choose_document",
]
MODERATOR_COLLECTION_PERMISSIONS = [
    *EDITOR_COLLECTION_PERMISSIONS,
    "wagtailimages.change_image", "wagtailimages.delete_image",
    "wagtaildocs.change_document", "wagtaildocs.delete_document",
]
MODERATOR_SITE_PERMISSIONS = ["core.change_siteidentity", "core.change_navigation",
                              "interaction.change_commentsettings"]

NEWS_SECTION = "Tin tức"
QA_SECTION = "Hỏi đáp"
SECTIONS = ["Giới thiệu", NEWS_SECTION, QA_SECTION, "Liên hệ"]  # in menu order


class UnitError(ValueError):
    """Why a unit cannot be provisioned, in Vietnamese."""


@dataclass
class Provisioned:
    unit: Unit
    created: bool


def clean_hostname(value: str) -> str:
    hostname = (value or "").strip().lower().rstrip(".")
    if not HOSTNAME_RE.match(hostname):
        raise UnitError(
            f"Tên miền “{value}” không hợp lệ: chỉ gồm chữ không dấu, số, dấu gạch ngang và "
            "dấu chấm, không có cổng hay đường dẫn (ví dụ: phuckhoa.tanuyen.gov.vn)."
        )
    return hostname


def clean_name(value: str) -> str:
    name = text.clean(value or "")
    if not name:
        raise UnitError("Tên đơn vị không được để trống.")
    if len(name) > 200:
        raise UnitError("Tên đơn vị dài quá 200 ký tự.")
    return name


def find_parent(hostname: str | None) -> Unit | None:
    if not hostname:
        return None
    parent = Unit.objects.select_related("site__root_page").filter(
        site__hostname=hostname.strip().lower()
    ).first()
    if parent is None:
        raise UnitError(f"Không có đơn vị cấp trên nào có tên miền “{hostname}”.")
    return parent


def create_unit(name: str, hostname: str, parent: str | None = None) -> Provisioned:
    """Provision the unit `name` at `hostname` under the unit whose hostname is `parent`
    (a hub when `parent` is empty)."""
    name = clean_name(name)
    hostname = clean_hostname(hostname)
    parent_unit = find_parent(parent)
    with transaction.atomic():
        site = Site.objects.select_for_update().filter(hostname=hostname).first()
        existing = Unit.objects.filter(site=site).first() if site else None
        if existing is not None:
            if existing.name != name or existing.parent_id != (parent_unit and parent_unit.pk):
                raise UnitError(
                    f"Tên miền “{hostname}” đã thuộc đơn vị “{existing.name}”. "
                    "Mỗi đơn vị cần một tên miền riêng."
                )
            return Provisioned(existing, created=False)
        if site is None:
            site = _create_site(name, hostname, parent_unit)
        elif not _is_home(site.root_page, parent_unit):
            raise UnitError(f"Tên miền “{hostname}” đã được một trang khác sử dụng.")
        unit = _complete(site, name, parent_unit)
    return Provisioned(unit, created=True)


def _is_home(page: Page, parent_unit: Unit | None) -> bool:
    """A site made before units existed is adopted when its root is a home page in place."""
    page = page.specific
    if parent_unit is None:
        return isinstance(page, HubHomePage)
    return isinstance(page, UnitHomePage) and page.path.startswith(
        parent_unit.site.root_page.path
    ) and page.depth > parent_unit.site.root_page.depth


def _create_site(name: str, hostname: str, parent_unit: Unit | None) -> Site:
    if parent_unit is None:
        parent_page = Page.get_first_root_node()
        home = HubHomePage(title=f"Trang thông tin điện tử {name}")
    else:
        parent_page = parent_unit.site.root_page
        home = UnitHomePage(title=f"Trang thông tin điện tử {name}")
    home.slug = unique_slug(parent_page, name, fallback="don-vi")
    parent_page.add_child(instance=home)
    home.save_revision().publish()
    return Site.objects.create(
        hostname=hostname, port=80, root_page=home, site_name=name,
        is_default_site=parent_unit is None and not Site.objects.filter(
            is_default_site=True).exists(),
    )


def _complete(site: Site, name: str, parent_unit: Unit | None) -> Unit:
    home = site.root_page
    parent_collection = parent_unit.collection if parent_unit else Collection.get_first_root_node()
    group_names = (f"{name} ({site.hostname}) - biên tập", f"{name} ({site.hostname}) - kiểm duyệt")
    taken = Group.objects.filter(name__in=group_names).values_list("name", flat=True).first()
    if taken:
        raise UnitError(f"Nhóm người dùng “{taken}” đã tồn tại; hãy đổi tên hoặc xóa nhóm đó.")
    collection = parent_collection.add_child(name=f"{name} ({site.hostname})")
    editors = Group.objects.create(name=group_names[0])
    moderators = Group.objects.create(name=group_names[1])
    unit = Unit.objects.create(
        site=site, parent=parent_unit, name=name, collection=collection,
        editors=editors, moderators=moderators,
    )
    _grant(unit)
    _attach_workflow(home)
    sections = _sections(home.specific, name)
    _settings(site, name, sections)
    return unit


def _permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def _grant(unit: Unit) -> None:
    unit.editors.permissions.set(_permissions(EDITOR_PERMISSIONS))
    moderator_permissions = MODERATOR_PERMISSIONS + (
        HUB_MODERATOR_PERMISSIONS if unit.is_hub else []
    )
    unit.moderators.permissions.set(_permissions(moderator_permissions))
    home = unit.site.root_page
    for group, page_perms, collection_perms in (
        (unit.editors, EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS),
        (unit.moderators, MODERATOR_PAGE_PERMISSIONS, MODERATOR_COLLECTION_PERMISSIONS),
    ):
        for codename in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename),
            )
        for permission in _permissions(collection_perms):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=unit.collection, permission=permission
            )
    for permission in _permissions(MODERATOR_SITE_PERMISSIONS):
        GroupSitePermission.objects.get_or_create(
            group=unit.moderators, site=unit.site, permission=permission
        )


def _attach_workflow(home: Page) -> None:
    workflow = Workflow.objects.filter(
        active=True, workflow_tasks__task__content_type__model="unitapprovaltask",
        workflow_tasks__task__content_type__app_label=UnitApprovalTask._meta.app_label,
    ).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})


def _child(home: Page, model, title: str, **fields):
    slug = text.slugify_vi(title)
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(title=title, slug=slug, **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _sections(home: Page, name: str) -> dict[str, Page]:
    ensure_organisation_sections(home, unit_name=name)
    _child(home, CategoryPage, NEWS_SECTION)
    _child(
        home, StandardPage, QA_SECTION,
        intro="Người dân, tổ chức gửi câu hỏi, kiến nghị về thủ tục hành chính và hoạt "
              "động của đơn vị; câu trả lời được đăng công khai tại đây.",
    )
    return sections_of(home)


def sections_of(home: Page) -> dict[str, Page]:
    """The standard sections found under a unit's home page, by title, in menu order."""
    slugs = [text.slugify_vi(title) for title in SECTIONS]
    found = {p.slug: p for p in home.get_children().filter(slug__in=slugs).specific()}
    return {found[slug].title: found[slug] for slug in slugs if slug in found}


def menu_entry(title: str, page: Page | None = None, url: str = "", children=()) -> tuple:
    return ("entry", {"title": title, "page": page, "url": url, "children": list(children)})


def default_menu(sections: dict[str, Page]) -> list[tuple]:
    """The standard sections, with the legal-documents library after the news."""
    entries = [menu_entry(title, page) for title, page in sections.items()]
    after_news = next((i + 1 for i, (title, _) in enumerate(sections.items())
                       if title == NEWS_SECTION), len(entries))
    entries.insert(after_news, menu_entry("Văn bản", url="/van-ban/"))
    return entries


def _settings(site: Site, name: str, sections: dict[str, Page]) -> None:
    identity = SiteIdentity.for_site(site)
    if not identity.unit_name:
        identity.unit_name = name
        identity.portal_title = f"Trang thông tin điện tử {name}"
        identity.save()
    nav = Navigation.for_site(site)
    if not len(nav.main_menu):
        nav.main_menu = default_menu(sections)
        nav.save()
