"""How a test calls the API as a person: the one place that makes an API token (so the token
model can change without touching the tests that use it)."""

from rest_framework.authtoken.models import Token

from otdel.org.models import User


def api_headers(user: User) -> dict[str, str]:
    """The Authorization header of a token of the user's, made if he has none."""
    token, _created = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}
