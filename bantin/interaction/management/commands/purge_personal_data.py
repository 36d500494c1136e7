from django.core.management.base import BaseCommand, CommandError

from bantin.interaction import personal_data


class Command(BaseCommand):
    help = ("Blank the personal data of records older than their retention period "
            "(BANTIN_RETENTION_DAYS, per kind): comments, questions, votes, contact "
            "messages...")

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", default=None,
                            help="only this kind (repeatable): "
                                 + ", ".join(sorted(personal_data.KINDS)))
        parser.add_argument("--days", type=int, default=None,
                            help="retention in days (default: each kind's setting)")
        parser.add_argument("--dry-run", action="store_true",
                            help="only count what would be blanked")

    def handle(self, *args, kind=None, days=None, dry_run=False, **options):
        if days is not None and days < 0:
            raise CommandError("Số ngày lưu giữ phải là số không âm.")
        unknown = sorted(set(kind or ()) - set(personal_data.KINDS))
        if unknown:
            raise CommandError(
                f"Không có loại dữ liệu {', '.join(unknown)}. Các loại: "
                + ", ".join(sorted(personal_data.KINDS)) + ".")
        for key in kind or sorted(personal_data.KINDS):
            record_kind = personal_data.KINDS[key]
            period = personal_data.retention_days(key) if days is None else days
            if dry_run:
                n = personal_data.expired(record_kind, period).count()
                self.stdout.write(
                    f"{n} {record_kind.label} cũ hơn {period} ngày còn dữ liệu cá nhân.")
                continue
            records, revisions = personal_data.purge_kind(record_kind, period)
            self.stdout.write(
                f"Đã xóa dữ liệu cá nhân của {records} {record_kind.label} "
                f"({revisions} phiên bản) cũ hơn {period} ngày.")
