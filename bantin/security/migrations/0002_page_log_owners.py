"""Page log entries written before `LogEntryOwner` existed get their page's path, so unit
staff see their units' earlier page history too (entries of pages already deleted, and of
other objects, stay visible to administrators only)."""

from django.db import migrations


def backfill(apps, schema_editor):
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    Page = apps.get_model("wagtailcore", "Page")
    LogEntryOwner = apps.get_model("security", "LogEntryOwner")
    paths = dict(Page.objects.values_list("pk", "path"))
    done = set(LogEntryOwner.objects.filter(log_model="page").values_list("entry_id", flat=True))
    batch = []
    for pk, page_id in PageLogEntry.objects.values_list("pk", "page_id").iterator():
        if pk not in done and page_id in paths:
            batch.append(LogEntryOwner(log_model="page", entry_id=pk, path=paths[page_id]))
    LogEntryOwner.objects.bulk_create(batch, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
