"""`python -m bantin worker`: the background worker plus the periodic jobs.

It runs django-tasks' database worker and, beside it, a small clock that enqueues every
job in BANTIN_PERIODIC_TASKS (scheduled publishing, counter flushes) at a fixed interval,
so nobody has to run a command by hand or install a crontab.
"""

import datetime as dt
import logging
import threading
import time

from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.models import DBTaskResult

from bantin.core import health

logger = logging.getLogger("bantin.worker")


#: How long the worker waits before trying an unreachable database again (seconds).
RECONNECT_SECONDS = 2
#: A periodic job "running" for longer than this is taken as abandoned (seconds).
STALE_RUNNING_SECONDS = 300
#: Priority of the periodic jobs (django-tasks: higher runs first, default 0).
PERIODIC_PRIORITY = 50


def enqueue_periodic() -> list[str]:
    """Enqueue each periodic job that is not already waiting or running."""
    enqueued = []
    # A job marked running for longer than any round takes was left by a worker that lost
    # its database or died mid-task: it does not hold the next round back.
    stale = timezone.now() - dt.timedelta(seconds=STALE_RUNNING_SECONDS)
    busy = set(
        DBTaskResult.objects.filter(task_path__in=settings.BANTIN_PERIODIC_TASKS)
        .filter(Q(status=TaskResultStatus.READY)
                | Q(status=TaskResultStatus.RUNNING, started_at__gte=stale))
        .values_list("task_path", flat=True)
    )
    for path in settings.BANTIN_PERIODIC_TASKS:
        if path not in busy:
            # Ahead of bulk work (a re-index queues thousands of tasks): counters and
            # scheduled publishing must not wait behind it.
            import_string(path).using(priority=PERIODIC_PRIORITY).enqueue()
            enqueued.append(path)
    return enqueued


def _release_periodic() -> None:
    """After losing the database, the periodic jobs this worker was running are marked
    failed, so the next round enqueues them again (a flush is safe to repeat)."""
    try:
        DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, task_path__in=settings.BANTIN_PERIODIC_TASKS,
        ).update(status=TaskResultStatus.FAILED, finished_at=timezone.now())
    except (OperationalError, InterfaceError):
        connections.close_all()  # still away: the next round of the loop tries again


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
            while True:
                try:
                    super().handle(*args, **options)
                    break  # stopped by a signal
                except (OperationalError, InterfaceError):
                    # The database went away (a restart): wait for it instead of exiting.
                    logger.warning("Database unreachable; the worker resumes in %s s",
                                   RECONNECT_SECONDS, exc_info=True)
                    connections.close_all()
                    time.sleep(RECONNECT_SECONDS)
                    _release_periodic()
        finally:
            stop.set()
