from django.core.management.base import BaseCommand
from django.db import transaction

from otdel.base.services import stays_rebuild


class Command(BaseCommand):
    help = (
        "Cut every company's stays in its states anew from the state history (the funnel counts "
        "them): a repair, safe to run twice."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            written = stays_rebuild()
        self.stdout.write(f"{written} stays written.")
