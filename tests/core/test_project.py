"""The project's entry points: the CLI, settings per environment, the worker's periodic jobs."""

import datetime as dt
import os
import subprocess
import sys
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from bantin.core.management.commands.worker import enqueue_periodic


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "bantin", *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_python_m_bantin_is_the_management_entry_point():
    result = run_cli("help", env={"DJANGO_SETTINGS_MODULE": "bantin.settings.test"})
    assert result.returncode == 0, result.stderr
    for command in ("import_articles", "import_documents", "load_demo", "worker",
                    "flush_counters", "migrate"):
        assert command in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(tmp_path, missing):
    env = {
        "DJANGO_SETTINGS_MODULE": "bantin.settings.production",
        "SECRET_KEY": "a-real-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "portal.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env[missing] = ""
    result = run_cli("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_starts_with_its_secrets(tmp_path):
    result = run_cli("check", env={
        "DJANGO_SETTINGS_MODULE": "bantin.settings.production",
        "SECRET_KEY": "a-real-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "portal.example.vn,www.portal.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    })
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_periodic_jobs_are_enqueued_once_until_they_run():
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    assert sorted(enqueue_periodic()) == sorted(settings.BANTIN_PERIODIC_TASKS)
    assert enqueue_periodic() == []
    assert DBTaskResult.objects.count() == len(settings.BANTIN_PERIODIC_TASKS)


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_periodic_job_left_running_does_not_block_the_next_rounds():
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from bantin.core.management.commands import worker

    enqueue_periodic()
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    assert enqueue_periodic() == [], "a job that is really running is not enqueued twice"
    DBTaskResult.objects.update(
        started_at=timezone.now() - dt.timedelta(seconds=worker.STALE_RUNNING_SECONDS + 1))
    assert sorted(enqueue_periodic()) == sorted(settings.BANTIN_PERIODIC_TASKS)

    DBTaskResult.objects.all().delete()
    enqueue_periodic()
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    worker._release_periodic()  # what the worker does once the database is back
    assert sorted(enqueue_periodic()) == sorted(settings.BANTIN_PERIODIC_TASKS)


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_periodic_jobs_run_before_a_backlog_of_bulk_tasks():
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    from bantin.search.tasks import reindex_page

    for page_id in range(1, 6):
        reindex_page.enqueue(page_id)  # a re-index backlog, at the default priority
    enqueue_periodic()
    first = DBTaskResult.objects.ready().first()
    assert first.task_path in settings.BANTIN_PERIODIC_TASKS and first.priority > 0


@pytest.mark.django_db
def test_scheduled_article_goes_live_through_the_periodic_job(make_article):
    from bantin.core.tasks import publish_scheduled

    article = make_article()
    article.unpublish()
    article.go_live_at = timezone.now() + dt.timedelta(seconds=2)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live, "a future go-live time schedules the page"
    publish_scheduled.enqueue()
    article.refresh_from_db()
    assert not article.live, "nothing goes live before its time"
    time.sleep(2.2)
    publish_scheduled.enqueue()
    article.refresh_from_db()
    assert article.live


@pytest.mark.django_db
def test_expired_article_is_unpublished_by_the_periodic_job(make_article):
    from bantin.core.tasks import publish_scheduled

    article = make_article()
    article.expire_at = timezone.now() - dt.timedelta(minutes=1)
    article.save(update_fields=["expire_at"])
    publish_scheduled.enqueue()
    article.refresh_from_db()
    assert not article.live and article.expired


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_old_task_results_are_pruned():
    from django_tasks_db.models import DBTaskResult

    from bantin.core.tasks import prune_task_results, publish_scheduled

    old, fresh = publish_scheduled.enqueue(), publish_scheduled.enqueue()
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now())
    DBTaskResult.objects.filter(pk=old.id).update(
        finished_at=timezone.now() - dt.timedelta(days=2)
    )
    prune_task_results.call()
    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [fresh.id]
