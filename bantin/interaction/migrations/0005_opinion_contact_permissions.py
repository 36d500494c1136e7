"""Unit staff get the opinion and contact-message permissions that `units.provision`
grants to units created from now on: editors read, moderators decide and delete."""

from django.db import migrations

EDITORS = [("opinion", "view"), ("contactmessage", "view")]
MODERATORS = [*EDITORS, ("opinion", "change"), ("opinion", "delete"),
              ("contactmessage", "change"), ("contactmessage", "delete")]
NAMES = {"opinion": "góp ý dự thảo", "contactmessage": "thư liên hệ"}
ACTIONS = {"view": "view", "change": "change", "delete": "delete"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Unit = apps.get_model("units", "Unit")
    if not Unit.objects.exists():
        return

    def permissions(pairs):
        found = []
        for model, action in pairs:
            content_type, _ = ContentType.objects.get_or_create(
                app_label="interaction", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {ACTIONS[action]} {NAMES[model]}"},
            )
            found.append(permission)
        return found

    editors, moderators = permissions(EDITORS), permissions(MODERATORS)
    for unit in Unit.objects.select_related("editors", "moderators"):
        unit.editors.permissions.add(*editors)
        unit.moderators.permissions.add(*moderators)


class Migration(migrations.Migration):

    dependencies = [
        ("interaction", "0004_opinion_contactmessage"),
        ("units", "0006_retire_default_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
