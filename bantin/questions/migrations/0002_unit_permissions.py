"""Give the staff of units that already exist their Hỏi đáp permissions (new units get
them from `units.provision`): editors view and answer, moderators also publish and
delete."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from bantin.units.provision import EDITOR_PERMISSIONS, MODERATOR_PERMISSIONS

    create_permissions(global_apps.get_app_config("questions"), verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    Unit = apps.get_model("units", "Unit")

    def of_questions(names):
        codenames = [n.split(".")[1] for n in names if n.startswith("questions.")]
        return list(Permission.objects.filter(content_type__app_label="questions",
                                              codename__in=codenames))

    editors, moderators = of_questions(EDITOR_PERMISSIONS), of_questions(MODERATOR_PERMISSIONS)
    for unit in Unit.objects.select_related("editors", "moderators"):
        unit.editors.permissions.add(*editors)
        unit.moderators.permissions.add(*moderators)


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("units", "0006_retire_default_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
