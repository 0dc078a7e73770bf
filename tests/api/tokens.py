"""How a test calls the API as a person: the one place that makes an API token (so the token
model can change without touching the tests that use it)."""

from otdel.org.models import User
from otdel.org.services import api_token_create


def api_headers(user: User) -> dict[str, str]:
    """The Authorization header of a new token of the user's."""
    _token, key = api_token_create(user=user, name="test", acting_user=None)
    return {"Authorization": f"Token {key}"}
