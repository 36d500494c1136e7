"""The "Thăm dò ý kiến" box of a unit's home page.

The box may be stored by the page cache: it shows the question and the choices, never a
count (the script reads the live results from `polls:results`). It is tagged
`polls:<site>`, purged when any of the site's polls or choices changes, and the stored page
expires at the next start or end of a poll, so a poll appears and disappears on time.
The polls it reads are kept in the cache (`polls:box:<site>`, read with the site's other
entries in one round trip), emptied by the same changes, so a warm home page costs no
query for the box.
"""

from django import template
from django.utils import timezone
from wagtail.models import Site

from bantin.core import content_cache, request_cache
from bantin.pagecache import collector

from ..models import Poll
from ..views import consent_line

register = template.Library()
BOX_KEY = "polls:box"
BOX_SECONDS = 3600


@request_cache.site_entry
def box_keys(site_id: int) -> list[str]:
    """Read with the site's other entries, in the request's one round trip."""
    return [f"{BOX_KEY}:{site_id}"]


def _site_id_of(context) -> int | None:
    page = context.get("page")
    if page is not None and getattr(page, "pk", None):
        # The home page's own site, also when it is reached under the hub's address (kept
        # in process memory under the tree's content version, which a saved site moves on).
        site_id = content_cache.get_or_build(f"{BOX_KEY}:site-of:{page.pk}", lambda: (
            Site.objects.filter(root_page_id=page.pk).values_list("pk", flat=True).first()
            or 0))
        if site_id:
            return site_id
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return site.pk if site is not None else None


def _upcoming(site_id: int, now) -> list[Poll]:
    """The site's polls for the home page that have not ended, with their choices: kept
    in the cache until one of them changes (`invalidation`) or the first of them ends."""
    key = f"{BOX_KEY}:{site_id}"
    upcoming = request_cache.for_site(site_id).get(key)
    if upcoming is None or any(p.ends_at is not None and p.ends_at <= now for p in upcoming):
        upcoming = list(Poll.objects.filter(site_id=site_id, show_on_home=True)
                        .exclude(ends_at__lte=now).prefetch_related("choices")
                        .order_by("starts_at", "pk"))
        request_cache.for_site(site_id).set(key, upcoming, BOX_SECONDS)
    return upcoming


@register.inclusion_tag("polls/poll_box.html", takes_context=True)
def poll_box(context):
    site_id = _site_id_of(context)
    if site_id is None:
        return {"polls": []}
    collector.tag(f"polls:{site_id}")
    now = timezone.now()
    upcoming = [p for p in _upcoming(site_id, now) if p.ends_at is None or p.ends_at > now]
    collector.expire_at(min(
        (when for poll in upcoming for when in (poll.starts_at, poll.ends_at)
         if when is not None and when > now), default=None))
    polls = [poll for poll in upcoming if poll.state(now) == "open"][:3]
    return {"polls": polls, "consent": consent_line() if polls else ""}


@register.inclusion_tag("polls/chart.html")
def poll_chart(rows, caption="", total=None):
    return {"rows": rows, "caption": caption, "total": total}
