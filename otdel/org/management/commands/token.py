"""`otdel token create USER [--days N] [--name NAME]`: a new API token, its key printed once;
`otdel token list [USER]`; `otdel token revoke ID`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from otdel.org.models import ApiToken, User
from otdel.org.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (the key is printed once, at creation)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="A new token of USER.")
        create.add_argument("username")
        create.add_argument("--days", type=int, default=None, help="Days it lives.")
        create.add_argument("--name", default="command line")
        listing = actions.add_parser("list", help="The tokens (of USER).")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="Revoke the token ID.")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action: str, **options) -> None:
        if action == "create":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"No user {options['username']!r}.")
            try:
                token, key = api_token_create(
                    user=user, name=options["name"], days=options["days"], acting_user=None
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stderr.write(
                f"Token {token.pk} of {user.username}, expires {token.expires_at:%Y-%m-%d}"
            )
            self.stdout.write(key)
        elif action == "list":
            tokens = ApiToken.objects.select_related("user")
            if options["username"]:
                tokens = tokens.filter(user__username=options["username"])
            for token in tokens:
                state = "revoked" if token.revoked_at else f"expires {token.expires_at:%Y-%m-%d}"
                self.stdout.write(
                    f"{token.pk}\t{token.user.username}\t{token.name}\t{token.prefix}…\t{state}"
                )
        else:
            token = ApiToken.objects.filter(pk=options["id"]).first()
            if token is None:
                raise CommandError(f"No token {options['id']}.")
            api_token_revoke(token=token, acting_user=None)
            self.stdout.write(f"Token {token.pk} revoked.")
