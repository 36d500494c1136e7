from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from . import personal_data


@task()
def purge_personal_data() -> None:
    """Once a day (the worker enqueues it every few seconds; the first run of a day
    takes the day's key, the rest return at once)."""
    if not cache.add(f"interaction:purged:{timezone.localdate().isoformat()}", 1,
                     timeout=2 * 86400):
        return
    personal_data.purge()
