"""The tree's root page, which editors see at the top of the page chooser, in Vietnamese."""

from django.db import migrations


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title="Gốc", draft_title="Gốc")


def backwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Gốc").update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_page_path_prefix_index"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
