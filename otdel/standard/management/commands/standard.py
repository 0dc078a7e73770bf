"""`otdel standard export FILE` / `import FILE [--dry-run]` / `diff A B`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from otdel.org.models import User
from otdel.standard import rules, selectors, services
from otdel.standard.sections import StandardRefused, sections


class Command(BaseCommand):
    help = (
        "The sales system as one versioned YAML file: export it, import it into another "
        "installation (all or nothing; --dry-run shows what would change), or compare two."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write this installation's standard to FILE.")
        export.add_argument("file", help="the file to write; - for the standard output")
        export.add_argument(
            "--version",
            dest="number",
            type=int,
            help="the standard's version number (default: the one this installation follows)",
        )
        into = sub.add_parser("import", help="Make this installation follow the standard.")
        into.add_argument("file")
        into.add_argument("--dry-run", action="store_true", help="show the changes, write none")
        into.add_argument("--user", help="who imports it (username), for the Settings log")
        compare = sub.add_parser(
            "diff",
            help="What differs from A to B; exit 0 if nothing, 1 if anything, 2 on an error.",
        )
        compare.add_argument("a")
        compare.add_argument("b")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "export":
            text = selectors.standard_text(version=options["number"])
            if options["file"] == "-":
                self.stdout.write(text, ending="")
            else:
                Path(options["file"]).write_text(text, encoding="utf-8")
            return
        if action == "import":
            self._import(options)
            return
        self._diff(options["a"], options["b"])

    def _read(self, name: str) -> str:
        try:
            return Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{name}: {error}", returncode=2) from error

    def _import(self, options) -> None:
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']}.")
        try:
            report = services.standard_import(
                text=self._read(options["file"]), acting_user=user, dry_run=options["dry_run"]
            )
        except StandardRefused as error:
            raise CommandError(f"{options['file']}: {error}. Nothing was changed.") from error
        lines = rules.diff_lines(report.diffs) or ["No changes."]
        lines += [f"note: {note}" for note in report.notes]
        if report.new_algorithm_version:
            lines.append(f"algorithm version {report.new_algorithm_version} kept")
        head = "dry run, nothing written" if report.dry_run else "imported"
        self.stdout.write(f"standard version {report.version}: {head}")
        self.stdout.write("\n".join(lines))

    def _diff(self, a: str, b: str) -> None:
        registry = sections()
        try:
            _va, old = rules.parse(self._read(a), registry)
        except StandardRefused as error:
            raise CommandError(f"{a}: {error}", returncode=2) from error
        try:
            _vb, new = rules.parse(self._read(b), registry)
        except StandardRefused as error:
            raise CommandError(f"{b}: {error}", returncode=2) from error
        lines = rules.diff_lines(rules.diff(registry, old, new))
        if _va != _vb:
            lines.insert(0, f"version: {_va} → {_vb}")
        if not lines:
            self.stdout.write("same")
            return
        self.stdout.write("\n".join(lines))
        raise SystemExit(1)
