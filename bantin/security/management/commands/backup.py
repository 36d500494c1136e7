"""`python -m bantin backup`: the database and every media file in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bantin.core.progress import Progress
from bantin.security import passphrase as _passphrase
from bantin.security.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Write a consistent archive of the database and media (optionally encrypted); "
            "restore it with `restore`.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, default=None,
                            help="archive to write (default: var/backups/bantin-<time>.tar.gz)")
        parser.add_argument("--encrypt", action="store_true",
                            help="encrypt with the passphrase (AES-256-GCM, scrypt)")
        _passphrase.add_argument(parser)

    def handle(self, *args, output=None, encrypt=False, passphrase_file=None, **options):
        passphrase = _passphrase.read(passphrase_file) if encrypt or passphrase_file else None
        if encrypt and not passphrase:
            raise CommandError("Mã hóa cần mật khẩu: --passphrase-file hoặc biến môi trường "
                               f"{_passphrase.ENV}.")
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            suffix = ".tar.gz.enc" if passphrase else ".tar.gz"
            output = Path(settings.VAR_DIR) / "backups" / f"bantin-{stamp}{suffix}"
        if output.exists():
            raise CommandError(f"Tệp {output} đã có; chọn tên khác.")
        bar = Progress(self.stderr, 1)

        def set_total(total):
            bar.total = total

        try:
            result = create_backup(output, passphrase, progress=bar, set_total=set_total)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stderr.write("")
        size = output.stat().st_size / 1024 / 1024
        self.stdout.write(
            f"Đã sao lưu {sum(result.counts.values())} bản ghi và {result.files} tệp vào "
            f"{output} ({size:.1f} MB{', đã mã hóa' if passphrase else ''}) "
            f"trong {bar.seconds:.1f} giây.")
