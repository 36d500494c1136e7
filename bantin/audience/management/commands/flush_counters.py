from django.core.management.base import BaseCommand

from bantin.audience import counting


class Command(BaseCommand):
    help = "Add buffered view, download and click counts to the stored totals now."

    def handle(self, *args, **options):
        flushed = counting.flush()
        self.stdout.write(f"Flushed {flushed} counted events.")
