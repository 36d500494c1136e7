"""The contact form of a unit: who can receive (the departments of the unit's
organisation pages that have an address, and "general enquiries" at the contact page's
own address), storing a message, and forwarding it by email in the background."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from bantin.core.sites import sites_within
from bantin.pagecache import collector

from .forms import GENERAL
from .models import ContactMessage

log = logging.getLogger("bantin.interaction")
GENERAL_LABEL = "Bộ phận tiếp nhận chung"


def departments(site) -> list:
    """Departments with an address on the live organisation pages of `site` itself
    (not of the units below it), in chart order."""
    from bantin.organisation.models import Department, OrganisationPage

    other_roots = [s.root_page.path for s in sites_within(site).select_related("root_page")
                   if s.pk != site.pk]
    pages = [p.pk for p in OrganisationPage.objects.live().descendant_of(site.root_page)
             .only("pk", "path")
             if not any(p.path.startswith(root) for root in other_roots)]
    # A stored contact page shows these departments: publishing their page purges it.
    collector.tag(*(f"page:{pk}" for pk in pages))
    return list(Department.objects.filter(page_id__in=pages).exclude(email="")
                .order_by("page_id", "sort_order"))


def recipients(contact_page) -> tuple[list[tuple[str, str]], dict]:
    """The form's choices and, by choice, (department or None, name, address)."""
    site = contact_page.get_site()
    routes = {}
    if contact_page.contact_email:
        routes[GENERAL] = (None, GENERAL_LABEL, contact_page.contact_email)
    for department in departments(site) if site else []:
        routes[str(department.pk)] = (department, department.name, department.email)
    return [(key, name) for key, (_, name, _) in routes.items()], routes


def store(contact_page, route, data, ip_hash: str, visitor_hash: str) -> ContactMessage:
    department, name, address = route
    message = ContactMessage.objects.create(
        site=contact_page.get_site(), department=department, department_name=name,
        recipient=address, name=data["name"], email=data["email"], phone=data["phone"],
        subject=data["subject"], text=data["text"], ip_hash=ip_hash,
        visitor_hash=visitor_hash,
    )
    transaction.on_commit(lambda: forward.enqueue(message.pk))
    return message


@task()
def forward(message_id: int) -> None:
    """Email a stored message to its department; Reply-To is the sender's address, so
    the department answers the citizen directly."""
    message = ContactMessage.objects.filter(pk=message_id).select_related("site").first()
    if message is None or not message.recipient or message.forwarded_at:
        return
    lines = [
        f"Thư liên hệ gửi qua trang {message.site.site_name or message.site.hostname}",
        f"Gửi đến: {message.department_name}",
        f"Người gửi: {message.name}",
        f"Thư điện tử: {message.email or '(không có)'}",
        f"Điện thoại: {message.phone or '(không có)'}",
        f"Gửi lúc: {timezone.localtime(message.created_at):%H:%M %d/%m/%Y}",
        "",
        message.text,
    ]
    email = EmailMessage(
        subject=f"[Liên hệ] {message.subject}", body="\n".join(lines),
        to=[message.recipient], reply_to=[message.email] if message.email else None,
    )
    email.send()
    ContactMessage.objects.filter(pk=message.pk).update(forwarded_at=timezone.now())
