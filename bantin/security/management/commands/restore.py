"""`python -m bantin restore FILE`: bring a backup into an empty install."""

import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bantin.core.progress import Progress
from bantin.security import passphrase as _passphrase
from bantin.security.backup import BackupError, restore, unpack_and_verify


class Command(BaseCommand):
    help = ("Restore an archive written by `backup` into an empty install (a new database "
            "and an empty MEDIA_ROOT); refuses anything else. Checks every checksum first.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        _passphrase.add_argument(parser)
        parser.add_argument("--skip-search-index", action="store_true",
                            help="do not rebuild the search indexes afterwards")

    def handle(self, *args, archive, passphrase_file=None, skip_search_index=False, **options):
        passphrase = _passphrase.read(passphrase_file)
        bar = Progress(self.stderr, 1)

        def set_total(total):
            bar.total = total

        with tempfile.TemporaryDirectory(prefix="bantin-restore-") as tmp:
            try:
                verified = unpack_and_verify(archive, Path(tmp), passphrase)
                self.stdout.write(
                    f"Tệp sao lưu toàn vẹn: {len(verified.manifest['files'])} tệp khớp tổng "
                    f"kiểm tra (tạo trên {verified.manifest['engine']}, bantin "
                    f"{verified.manifest['versions'].get('bantin') or '?'}).")
                done = restore(verified, progress=bar, set_total=set_total)
            except BackupError as error:
                raise CommandError(str(error)) from None
        self.stderr.write("")
        self.stdout.write(f"Đã khôi phục {done['rows']} bản ghi và {done['files']} tệp; số bản "
                          "ghi từng bảng và tổng kiểm tra từng tệp đều khớp.")
        if not skip_search_index:
            call_command("rebuild_search_index", stdout=self.stderr)
            call_command("update_index", verbosity=0)
            self.stdout.write("Đã dựng lại chỉ mục tìm kiếm.")
