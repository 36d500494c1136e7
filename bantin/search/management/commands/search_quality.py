"""`python -m bantin search_quality`: how well search finds what the relevance set
expects on the demo portal (MRR and recall@10)."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from bantin.search import relevance


class Command(BaseCommand):
    help = "Print MRR and recall@10 of the relevance set over the demo portal."

    def add_arguments(self, parser):
        parser.add_argument("--site", default="", help="host name (default: the default site)")
        parser.add_argument("--verbose-misses", action="store_true",
                            help="list only the queries not ranked first")

    def handle(self, *args, site="", verbose_misses=False, **options):
        found = Site.objects.filter(hostname=site) if site else Site.objects.filter(
            is_default_site=True)
        target = found.first()
        if target is None:
            raise CommandError("No such site: load the demo first (python -m bantin load_demo).")
        report = relevance.evaluate(target)
        for o in report.outcomes:
            if verbose_misses and o.rank == 1:
                continue
            shown = unicodedata.normalize("NFC", o.query)
            rank = o.rank or f">{relevance.CUTOFF}"
            line = f"{rank!s:>4}  {shown}"
            if o.rank != 1:
                line += f"  (expected: {o.expected}; first: {o.top})"
            self.stdout.write(line)
        self.stdout.write(
            f"\nqueries: {len(report.outcomes)}  MRR: {report.mrr:.3f}  "
            f"recall@{relevance.CUTOFF}: {report.recall:.3f}"
        )
