from django_tasks import task


@task()
def purge_expired() -> None:
    """Remove stored pages whose content had an end date (a banner's, a document's validity
    day) that has passed, and forget old purge log rows."""
    from . import index

    index.purge_expired()
    index.prune_log()
