"""The "Thăm dò ý kiến" box of a unit's home page.

The box may be stored by the page cache: it shows the question and the choices, never a
count (the script reads the live results from `polls:results`). It is tagged
`polls:<site>`, purged when any of the site's polls or choices changes, and the stored page
expires at the next start or end of a poll, so a poll appears and disappears on time.
"""

from django import template
from django.utils import timezone
from wagtail.models import Site

from bantin.pagecache import collector

from ..models import Poll
from ..views import consent_line

register = template.Library()


def _site_of(context):
    page = context.get("page")
    if page is not None and getattr(page, "pk", None):
        # The home page's own site, also when it is reached under the hub's address.
        site = Site.objects.filter(root_page_id=page.pk).first()
        if site is not None:
            return site
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.inclusion_tag("polls/poll_box.html", takes_context=True)
def poll_box(context):
    site = _site_of(context)
    if site is None:
        return {"polls": []}
    collector.tag(f"polls:{site.pk}")
    now = timezone.now()
    upcoming = list(Poll.objects.filter(site=site, show_on_home=True)
                    .exclude(ends_at__lte=now).prefetch_related("choices")
                    .order_by("starts_at", "pk"))
    collector.expire_at(min(
        (when for poll in upcoming for when in (poll.starts_at, poll.ends_at)
         if when is not None and when > now), default=None))
    polls = [poll for poll in upcoming if poll.state(now) == "open"][:3]
    return {"polls": polls, "consent": consent_line() if polls else ""}


@register.inclusion_tag("polls/chart.html")
def poll_chart(rows, caption="", total=None):
    return {"rows": rows, "caption": caption, "total": total}
