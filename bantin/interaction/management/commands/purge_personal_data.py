from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bantin.interaction import personal_data


class Command(BaseCommand):
    help = ("Blank the personal data (email, address and visitor hashes) of comments older "
            "than the retention period (BANTIN_COMMENT_RETENTION_DAYS).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="retention in days (default: the setting)")
        parser.add_argument("--dry-run", action="store_true",
                            help="only count what would be blanked")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 0:
            raise CommandError("Số ngày lưu giữ phải là số không âm.")
        days = settings.BANTIN_COMMENT_RETENTION_DAYS if days is None else days
        if dry_run:
            n = personal_data.expired_comments(days).count()
            self.stdout.write(f"{n} bình luận cũ hơn {days} ngày còn dữ liệu cá nhân.")
            return
        comments, revisions = personal_data.purge(days)
        self.stdout.write(f"Đã xóa dữ liệu cá nhân của {comments} bình luận "
                          f"({revisions} phiên bản) cũ hơn {days} ngày.")
