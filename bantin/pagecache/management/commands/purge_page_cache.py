from django.core.management.base import BaseCommand, CommandError

from bantin.pagecache import index


class Command(BaseCommand):
    help = "Xóa trang đã lưu đệm: tất cả, theo nhãn (--tag page:12) hoặc những trang đã hết hạn."

    def add_arguments(self, parser):
        parser.add_argument("--tag", action="append", default=[],
                            help="chỉ xóa trang mang nhãn này (có thể lặp lại)")
        parser.add_argument("--expired", action="store_true",
                            help="chỉ xóa trang đã hết hạn")

    def handle(self, *args, tag, expired, **options):
        if tag and expired:
            raise CommandError("Chọn --tag hoặc --expired, không chọn cả hai.")
        bad = [t for t in tag if not t.strip() or len(t) > 200]
        if bad:
            raise CommandError(f"Nhãn không hợp lệ: {bad[0]!r}")
        if tag:
            removed = index.purge_tags([t.strip() for t in tag])
        elif expired:
            removed = index.purge_expired()
        else:
            removed = index.purge_all()
        self.stdout.write(f"Đã xóa {removed} trang khỏi bộ nhớ đệm.")
