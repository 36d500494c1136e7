from pathlib import Path

import pymysql
from django.core.management.base import BaseCommand, CommandError

from bantin.importers.nukeviet import dump
from bantin.importers.nukeviet.run import USER_MODES, check_uploads, find_site, run_import
from bantin.importers.nukeviet.source import Database, SourceError


class Command(BaseCommand):
    help = ("Take over a NukeViet 4.x portal: news, legal documents, comments, counters, "
            "editor accounts and redirects from the old URLs. Re-running updates.")

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--database", help="mysql://USER:PASS@HOST[:PORT]/DB")
        source.add_argument("--dump", help="a .sql or .sql.gz dump, loaded into a temporary "
                                           "local MariaDB")
        parser.add_argument("--uploads", required=True, help="the portal's uploads/ folder")
        parser.add_argument("--site", required=True, help="hostname of the target site")
        parser.add_argument("--prefix", default="nv4")
        parser.add_argument("--lang", default="vi")
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would be imported; write nothing")
        parser.add_argument("--users", choices=USER_MODES, default="skip",
                            help="editor accounts: import (old passwords work once), reset "
                                 "(a new password is needed) or skip (default)")
        parser.add_argument("--report", help="write every row not imported, and why, here")
        parser.add_argument(
            "--overwrite-local-edits", action="store_true",
            help="let rows changed in NukeViet overwrite articles and documents edited in "
                 "this portal since the last run (by default the edits are kept and reported)")

    def handle(self, *args, **options):
        try:
            site = find_site(options["site"])
            uploads = check_uploads(options["uploads"])
            if options["dump"]:
                with dump.temporary_database(Path(options["dump"])) as url:
                    report = self._import(url, site, uploads, options)
            else:
                report = self._import(options["database"], site, uploads, options)
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        except pymysql.err.Error as exc:
            raise CommandError(
                f"Lỗi khi đọc cơ sở dữ liệu NukeViet ({exc}). Những dòng đã nhập được giữ "
                "lại; chạy lại lệnh để nhập tiếp."
            ) from exc
        for line in report.summary():
            self.stdout.write(line)
        skipped = report.skipped()
        if options["report"]:
            report.write(Path(options["report"]))
            self.stdout.write(f"Báo cáo: {options['report']} ({len(report.lines)} dòng).")
        else:
            for line in report.lines:
                self.stderr.write(str(line))
        if skipped:
            self.stdout.write(f"{len(skipped)} dòng không nhập được (xem báo cáo).")

    def _import(self, url, site, uploads, options):
        db = Database(url, prefix=options["prefix"], lang=options["lang"])
        try:
            return run_import(db, site, uploads, dry_run=options["dry_run"],
                              users=options["users"],
                              overwrite_edits=options["overwrite_local_edits"], out=self.stderr)
        finally:
            db.close()
