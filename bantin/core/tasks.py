from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones."""
    call_command("publish_scheduled", verbosity=0)


@task()
def prune_task_results() -> None:
    """Forget finished task results after a day (failed ones after a week) so the queue table
    does not grow by thousands of periodic-job rows a day."""
    call_command(
        "prune_db_task_results", min_age_days=1, failed_min_age_days=7, verbosity=0
    )
