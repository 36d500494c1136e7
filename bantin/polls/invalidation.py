"""Stored pages show a site's open polls (question and choices, never counts): a change to
a poll or its choices purges `polls:<site>`. A vote purges nothing -- the counts are read
live by the script from `polls:results`."""

from django.db.models.signals import post_delete, post_save

from bantin.pagecache.invalidation import purge


def _changed(site_id: int) -> None:
    from django.core.cache import cache
    from django.db import transaction

    key = f"polls:box:{site_id}"
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
    purge(f"polls:{site_id}")


def _on_poll(sender, instance, **kwargs):
    _changed(instance.site_id)


def _on_choice(sender, instance, **kwargs):
    from .models import Poll

    site_id = Poll.objects.filter(pk=instance.poll_id).values_list("site_id", flat=True).first()
    if site_id:
        _changed(site_id)


def connect() -> None:
    from .models import Poll, PollChoice

    for signal in (post_save, post_delete):
        signal.connect(_on_poll, sender=Poll, dispatch_uid=f"polls-poll-{signal is post_save}")
        signal.connect(_on_choice, sender=PollChoice,
                       dispatch_uid=f"polls-choice-{signal is post_save}")
