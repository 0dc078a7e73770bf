"""Which language a page speaks: the person's own, else the company's; never the browser's
(a team working in Russian gets Russian pages on a browser set to English)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest

from .models import Language, User

# The company's language is a setting of the algorithm's rules, a layer above org: the algorithm
# app hands in how to read it from its AppConfig.ready(), as it does for the range of caps.
_company_language: list[Callable[[], str]] = []


def set_company_language(read: Callable[[], str]) -> None:
    """How to read the language the company works in."""
    _company_language[:] = [read]


def company_language() -> str:
    return _company_language[0]() if _company_language else settings.LANGUAGE_CODE


def language_of(user: User) -> str:
    return user.language or company_language()


def language_for(request: HttpRequest) -> str:
    """A person signed in speaks his own language (or the company's, until he chooses one);
    anyone else the one he chose in this browser, or the company's."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return language_of(user)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in Language.values else company_language()
