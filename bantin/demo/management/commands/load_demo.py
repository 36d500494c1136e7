from django.core.management.base import BaseCommand

from bantin.demo import loader


class Command(BaseCommand):
    help = "Load the demo portal (Tân Uyên hub and its 10 unit sites). Safe to run again."

    def handle(self, *args, **options):
        loader.load(out=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
