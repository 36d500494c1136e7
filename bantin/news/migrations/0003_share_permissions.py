"""Let Wagtail's default editor groups see share records, and moderators withdraw them.

Who may propose, push or decide is checked against page permissions (see
`news.sharing`); these model permissions only open the "Chia sẻ tin" listing.
"""

from django.db import migrations

GRANTS = {
    "Moderators": ("view", "delete"),
    "Editors": ("view",),
}
NAMES = {"view": "Can view chia sẻ tin", "delete": "Can delete chia sẻ tin"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="news", model="articleshare")
    for group in Group.objects.filter(name__in=GRANTS):
        for action in GRANTS[group.name]:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_articleshare",
                defaults={"name": NAMES[action]},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_article_share"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
