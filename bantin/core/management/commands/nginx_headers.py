"""`python -m bantin nginx_headers`: the nginx snippets that send the security headers of
the settings (bantin.core.security), for the responses nginx answers without Django.

    python -m bantin nginx_headers --write /etc/nginx/bantin/   # on deploy
    python -m bantin nginx_headers --check deploy/nginx/        # are the copies current?
    python -m bantin nginx_headers                              # print them
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bantin.core.security import nginx_snippets


class Command(BaseCommand):
    help = "Write, check or print the nginx snippets of the security headers."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", metavar="DIR", help="write the snippets into DIR")
        group.add_argument("--check", metavar="DIR",
                           help="fail unless the snippets in DIR are the current ones")

    def handle(self, *args, write=None, check=None, **options):
        snippets = nginx_snippets()
        if write:
            folder = Path(write)
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in snippets.items():
                (folder / name).write_text(text)
                self.stdout.write(f"wrote {folder / name}")
        elif check:
            stale = [name for name, text in snippets.items()
                     if not (Path(check) / name).is_file()
                     or (Path(check) / name).read_text() != text]
            if stale:
                raise CommandError(
                    "out of date: " + ", ".join(stale)
                    + " (python -m bantin nginx_headers --write " + check + ")")
            self.stdout.write("the nginx snippets are current")
        else:
            for name, text in snippets.items():
                self.stdout.write(f"# ---- {name}\n{text}")
