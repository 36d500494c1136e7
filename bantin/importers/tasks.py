"""Background jobs of the importers."""

from django_tasks import task

from . import bulk


@task()
def catch_up_task(label: str, pks: list) -> int:
    """Index what a bulk import saved (see `bulk.catch_up`)."""
    return bulk.catch_up(label, pks)
