from django.core.management.base import BaseCommand, CommandError

from bantin.units.provision import UnitError, create_unit


class Command(BaseCommand):
    help = (
        "Provision a unit: site, root page, standard sections, editors and moderators groups, "
        "permissions, workflow and settings. Without --parent the unit is a hub. "
        "Running it again with the same hostname changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help='e.g. "Xã Phúc Khoa"')
        parser.add_argument("--hostname", required=True, help="e.g. phuckhoa.tanuyen.gov.vn")
        parser.add_argument("--parent", default="", help="hostname of the parent unit")

    def handle(self, *args, name, hostname, parent, **options):
        try:
            result = create_unit(name, hostname, parent or None)
        except UnitError as error:
            raise CommandError(str(error)) from error
        unit = result.unit
        if result.created:
            self.stdout.write(self.style.SUCCESS(
                f"Đã tạo đơn vị “{unit.name}” tại http://{unit.site.hostname}/ "
                f"(nhóm: “{unit.editors.name}”, “{unit.moderators.name}”)."
            ))
        else:
            self.stdout.write(f"Đơn vị “{unit.name}” đã có tại {unit.site.hostname}; không đổi gì.")
