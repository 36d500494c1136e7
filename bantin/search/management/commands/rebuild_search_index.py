"""`python -m bantin rebuild_search_index`: fill the search index again from every live
page and legal document, with a progress bar."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from bantin.core.progress import Progress
from bantin.search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index from every live page and legal document."

    def handle(self, *args, **options):
        progress = Progress(self.stdout, indexing.count_objects())
        progress.finish(indexing.rebuild(progress))
