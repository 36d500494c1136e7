"""`python -m bantin rebuild_search_index`: fill the search index again from every live
page and legal document, with a progress bar."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from bantin.search import indexing

BAR_WIDTH = 30


class Progress:
    """A text progress bar written to a stream, at most once per percent."""

    def __init__(self, out, total: int):
        self.out, self.total, self.shown = out, max(total, 1), -1
        self.started = time.monotonic()

    def __call__(self, done: int) -> None:
        percent = min(100, done * 100 // self.total)
        if percent == self.shown:
            return
        self.shown = percent
        filled = BAR_WIDTH * percent // 100
        self.out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% "
                       f"{done}/{self.total}", ending="")
        self.out.flush()

    def finish(self, entries: int) -> None:
        seconds = time.monotonic() - self.started
        rate = entries / seconds if seconds else 0
        self.out.write(f"\nIndexed {entries} entries in {seconds:.1f} s ({rate:.0f}/s).")


class Command(BaseCommand):
    help = "Rebuild the search index from every live page and legal document."

    def handle(self, *args, **options):
        progress = Progress(self.stdout, indexing.count_objects())
        progress.finish(indexing.rebuild(progress))
