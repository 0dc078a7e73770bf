import json

from django.core.management.base import BaseCommand, CommandError

from otdel.algorithm.presets import STAGE_PRESETS
from otdel.algorithm.services import RuleRefused, algorithm_apply_preset


class Command(BaseCommand):
    help = (
        "Replace the stages of the sales algorithm with a built-in template: "
        + ", ".join(STAGE_PRESETS)
        + ". Companies in a stage the template lacks move to its first stage of the same kind."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(STAGE_PRESETS))

    def handle(self, *args, **options):
        try:
            moved = algorithm_apply_preset(name=options["name"], acting_user=None)
        except RuleRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps({"template": options["name"], "moved": moved}))
