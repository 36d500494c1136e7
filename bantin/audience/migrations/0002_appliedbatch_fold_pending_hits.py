"""Counters are buffered outside the database now: fold any increments still waiting in
PendingHit into the totals, drop that table, and add the record of applied batches."""

from django.db import migrations, models
from django.db.models import F, Sum


def fold_pending_hits(apps, schema_editor):
    PendingHit = apps.get_model("audience", "PendingHit")
    Counter = apps.get_model("audience", "Counter")
    SiteDailyVisits = apps.get_model("audience", "SiteDailyVisits")
    rows = PendingHit.objects.values("kind", "object_id", "day").annotate(total=Sum("n"))
    for row in rows.order_by():
        if row["kind"] == "site_visit":
            visits, _ = SiteDailyVisits.objects.get_or_create(
                site_id=row["object_id"], day=row["day"], defaults={"visits": 0}
            )
            SiteDailyVisits.objects.filter(pk=visits.pk).update(
                visits=F("visits") + row["total"]
            )
        else:
            counter, _ = Counter.objects.get_or_create(
                kind=row["kind"], object_id=row["object_id"], defaults={"count": 0}
            )
            Counter.objects.filter(pk=counter.pk).update(count=F("count") + row["total"])


class Migration(migrations.Migration):

    dependencies = [
        ("audience", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AppliedBatch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("batch_id", models.CharField(max_length=64, unique=True)),
                ("applied_at", models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
        ),
        migrations.RunPython(fold_pending_hits, migrations.RunPython.noop),
        migrations.DeleteModel(name="PendingHit"),
    ]
