"""The standard in the demo: the head's configuration of the method, set up by the demo's
shortcuts, is kept as the algorithm's latest version (as the Settings pages would have kept
it), so the standard exported from the demo carries its history up to date and imports into an
empty installation as the same file (Settings → The standard, `otdel standard export`)."""

from otdel.org.models import User
from otdel.standard.services import algorithm_version_keep


def build(head: User) -> None:
    algorithm_version_keep(head)
