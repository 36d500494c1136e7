from django_tasks import task

from . import counting


@task()
def flush_counters() -> int:
    """Fold buffered counts into the stored totals and forget visitors gone quiet."""
    flushed = counting.flush()
    counting.forget_inactive()
    return flushed
