from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from bantin.laws.importing import RegisterError, import_register


class Command(BaseCommand):
    help = (
        "Import a register of legal documents (CSV or XLSX with Vietnamese headers) into a "
        "site, with an optional ZIP of the files it names; re-running updates them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="register: .csv (UTF-8, ',' or ';') or .xlsx")
        parser.add_argument("--site", required=True, help="hostname of the target site")
        parser.add_argument("--zip", dest="zip_file", help="ZIP of the files named in 'Tệp'")
        parser.add_argument(
            "--dry-run", action="store_true",
            help="validate and report what would change, writing nothing",
        )

    def handle(self, *args, file, site, zip_file=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {file}")
        if zip_file and not Path(zip_file).is_file():
            raise CommandError(f"Không tìm thấy tệp ZIP: {zip_file}")
        target = Site.objects.filter(hostname=site).first()
        if target is None:
            raise CommandError(f"Không có trang nào với tên miền {site!r}.")
        try:
            report = import_register(path, target, zip_path=zip_file, dry_run=dry_run)
        except RegisterError as exc:
            raise CommandError(str(exc)) from exc
        for number, reason in report.errors:
            self.stderr.write(f"Dòng {number}: {reason}")
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(f"{len(report.errors)} dòng không nhập được.", returncode=1)
