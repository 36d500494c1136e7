"""`python -m bantin worker`: the background worker plus the periodic jobs.

It runs django-tasks' database worker and, beside it, a small clock that enqueues every
job in BANTIN_PERIODIC_TASKS (scheduled publishing, counter flushes) at a fixed interval,
so nobody has to run a command by hand or install a crontab.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.models import DBTaskResult

from bantin.core import health

logger = logging.getLogger("bantin.worker")


#: Priority of the periodic jobs (django-tasks: higher runs first, default 0).
PERIODIC_PRIORITY = 50


def enqueue_periodic() -> list[str]:
    """Enqueue each periodic job that is not already waiting or running."""
    enqueued = []
    busy = set(
        DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            task_path__in=settings.BANTIN_PERIODIC_TASKS,
        ).values_list("task_path", flat=True)
    )
    for path in settings.BANTIN_PERIODIC_TASKS:
        if path not in busy:
            # Ahead of bulk work (a re-index queues thousands of tasks): counters and
            # scheduled publishing must not wait behind it.
            import_string(path).using(priority=PERIODIC_PRIORITY).enqueue()
            enqueued.append(path)
    return enqueued


def _clock(stop: threading.Event, interval: float, periodic: bool = True) -> None:
    """Every `interval` seconds: record a heartbeat (read by /healthz) and, unless another
    worker does it, enqueue the periodic jobs."""
    while not stop.is_set():
        try:
            health.beat()
        except Exception:  # the cache may be down for a while: keep running the jobs
            logger.exception("Could not record the worker heartbeat")
        if periodic:
            try:
                close_old_connections()
                enqueue_periodic()
            except Exception:  # a failed round must not stop the clock
                logger.exception("Could not enqueue the periodic jobs")
            finally:
                connection.close()
        stop.wait(interval)


class Command(DBWorkerCommand):
    help = "Run the background worker and enqueue the periodic jobs."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-periodic", action="store_true",
            help="Only run tasks; another worker enqueues the periodic jobs.",
        )

    def handle(self, *args, no_periodic=False, **options):
        options["reload"] = False
        stop = threading.Event()
        threading.Thread(
            target=_clock, args=(stop, settings.BANTIN_PERIODIC_SECONDS, not no_periodic),
            name="bantin-clock", daemon=True,
        ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
