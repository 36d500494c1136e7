"""Unit moderators may change their site's comment settings (the captcha switch), as
`units.provision` grants to units created from now on."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Unit = apps.get_model("units", "Unit")
    GroupSitePermission = apps.get_model("wagtailcore", "GroupSitePermission")
    if not Unit.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="interaction", model="commentsettings")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="change_commentsettings",
        defaults={"name": "Can change cài đặt bình luận"},
    )
    for unit in Unit.objects.all():
        GroupSitePermission.objects.get_or_create(
            group_id=unit.moderators_id, site_id=unit.site_id, permission=permission
        )


class Migration(migrations.Migration):

    dependencies = [
        ("interaction", "0002_comment_moderation"),
        ("units", "0006_retire_default_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
