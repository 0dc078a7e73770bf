from django.core.management.base import BaseCommand

from otdel.demo.builder import PASSWORD, DemoBuilder, demo_loaded


class Command(BaseCommand):
    help = "Load the demo sales department (once): people, departments and a client base."

    def handle(self, *args: object, **options: object) -> None:
        if demo_loaded():
            self.stdout.write("The demo is already loaded.")
        else:
            report = DemoBuilder().build()
            for warning in report.warnings:
                self.stderr.write(self.style.WARNING(warning))
            self.stdout.write(
                f"Demo loaded: {report.companies} companies "
                f"({report.maven_accounts} from Maven CRM), {len(report.users)} people."
            )
        logins = "owner, head, hunter1..hunter5, farmer1..farmer3, pm1, accountant, developer1"
        self.stdout.write(f"Logins (password: {PASSWORD}): {logins}")
