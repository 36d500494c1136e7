"""Retire Wagtail's default "Editors" and "Moderators" groups.

They hold page and collection permissions on the whole tree, which would let anyone
added to them edit every unit. Access is given through each unit's own groups (see
`units.provision`); a default group that already has members is left alone.
"""

from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")


def retire(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=DEFAULT_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0005_standard_page"),
        ("news", "0003_share_permissions"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
