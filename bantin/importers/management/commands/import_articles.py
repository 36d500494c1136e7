from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from bantin.importers.articles import import_articles


class Command(BaseCommand):
    help = "Import articles from a JSON Lines file into a site; re-running updates them."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON Lines file, one article a line")
        parser.add_argument("--site", required=True, help="hostname of the target site")

    def handle(self, *args, file, site, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {file}")
        target = Site.objects.filter(hostname=site).select_related("root_page").first()
        if target is None:
            raise CommandError(f"Không có trang nào với tên miền {site!r}.")
        try:
            with path.open(encoding="utf-8") as fh:
                report = import_articles(fh, target, path.parent)
        except UnicodeDecodeError as exc:
            raise CommandError(f"Tệp không phải UTF-8: {exc}") from exc
        for number, reason in report.errors:
            self.stderr.write(f"Dòng {number}: {reason}")
        self.stdout.write(
            f"Đã tạo {report.created}, cập nhật {report.updated}, lỗi {len(report.errors)} dòng."
        )
        if not report.ok:
            raise CommandError(f"{len(report.errors)} dòng không nhập được.", returncode=1)
