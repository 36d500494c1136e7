"""Unit moderators may change their site's comment settings (the captcha switch), as
`units.provision` grants to units created from now on."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    create_permissions(apps.get_app_config("interaction"), verbosity=0, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    Unit = apps.get_model("units", "Unit")
    GroupSitePermission = apps.get_model("wagtailcore", "GroupSitePermission")
    permission = Permission.objects.filter(
        content_type__app_label="interaction", codename="change_commentsettings"
    ).first()
    if permission is None:
        return
    for unit in Unit.objects.all():
        GroupSitePermission.objects.get_or_create(
            group_id=unit.moderators_id, site_id=unit.site_id, permission=permission
        )


class Migration(migrations.Migration):

    dependencies = [
        ("interaction", "0002_comment_moderation"),
        ("units", "0006_retire_default_groups"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
