"""Sign-in security (issue 20, item 3): the Content-Security-Policy header, the second step of
a two-factor sign-in, and the log of logins fed by Django's signals."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .models import LoginResult, User
from .rules import two_factor_required

# The state of a session's second factor, set at sign-in: "verify" (the person has a device:
# he types its code before anything else) or "enrol" (the company requires one of his position
# and he has none yet: he sets it up before anything else).
TWO_FACTOR_SESSION_KEY = "otdel_two_factor"
VERIFY, ENROL = "verify", "enrol"

# The positions Settings requires a second factor of: the algorithm's rules, a layer above,
# hand in how to read them from their AppConfig.ready().
_two_factor_positions: list[Callable[[], list[str]]] = []


def set_two_factor_positions(read: Callable[[], list[str]]) -> None:
    _two_factor_positions[:] = [read]


def two_factor_positions() -> list[str]:
    return list(_two_factor_positions[0]()) if _two_factor_positions else []


def has_two_factor_device(user: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_state(user: User) -> str | None:
    """What a person signing in still owes: his code, a device, or nothing."""
    if has_two_factor_device(user):
        return VERIFY
    required = two_factor_required(
        user.position, is_superuser=user.is_superuser, positions=two_factor_positions()
    )
    return ENROL if required else None


def client_ip(request: HttpRequest) -> str:
    """The client's address: behind OTDEL_PROXY_COUNT proxies, the one the outermost of them
    appended to X-Forwarded-For (what a client writes there himself is never trusted)."""
    count = settings.OTDEL_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def _user_agent(request: HttpRequest | None) -> str:
    return request.META.get("HTTP_USER_AGENT", "") if request is not None else ""


def on_logged_in(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    from .services import login_event_record

    login_event_record(
        result=LoginResult.SUCCESS,
        user=user,
        username=user.get_username(),
        address=client_address(request),
        user_agent=_user_agent(request),
    )
    session = getattr(request, "session", None)
    if session is None:
        return
    state = two_factor_state(user)
    if state:
        session[TWO_FACTOR_SESSION_KEY] = state
    else:
        session.pop(TWO_FACTOR_SESSION_KEY, None)


def on_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    from .services import login_event_record

    username = str(credentials.get("username", ""))
    locked = bool(getattr(request, "axes_locked_out", False))
    login_event_record(
        result=LoginResult.LOCKED if locked else LoginResult.FAILURE,
        user=User.objects.filter(username=username).first() if username else None,
        username=username,
        address=client_address(request),
        user_agent=_user_agent(request),
    )


def on_logged_out(sender, request: HttpRequest | None, user: User | None, **kwargs) -> None:
    from .services import login_event_record

    if user is None:
        return
    login_event_record(
        result=LoginResult.LOGOUT,
        user=user,
        username=user.get_username(),
        address=client_address(request),
        user_agent=_user_agent(request),
    )


def connect_signals() -> None:
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="otdel-login-event")
    user_login_failed.connect(on_login_failed, dispatch_uid="otdel-login-failed-event")
    user_logged_out.connect(on_logged_out, dispatch_uid="otdel-logout-event")


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


class TwoFactorMiddleware:
    """Until a person signed in has typed his one-time code (or set up the device his position
    requires), every page sends him to that step; the API answers 403. Runs after django-otp's
    OTPMiddleware, and reads the session only: no query on an ordinary page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        state = session.get(TWO_FACTOR_SESSION_KEY) if session is not None else None
        if state and request.user.is_authenticated:
            if state == VERIFY and request.user.is_verified():  # type: ignore[union-attr]
                session.pop(TWO_FACTOR_SESSION_KEY, None)  # type: ignore[union-attr]
            elif not self._exempt(request.path):
                return self._refuse(request, state)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        open_paths = (
            reverse("two_factor_verify"),
            reverse("setup:two_factor"),
            reverse("logout"),
            reverse("set_language"),
        )
        return path in open_paths or path.startswith("/" + settings.STATIC_URL.lstrip("/"))

    @staticmethod
    def _refuse(request: HttpRequest, state: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Finish the two-factor sign-in first.")}, status=403)
        target = reverse("two_factor_verify") if state == VERIFY else reverse("setup:two_factor")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy of every answer (settings.OTDEL_CSP): scripts from our own
    files only, never inline (Django 5.2 has no CSP of its own)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.OTDEL_CSP)
        return response


# Swagger UI (the API documentation page, a third party's bundle) adds <style> elements while
# it draws: that one page allows inline styles; its scripts still come from files only.
API_DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


def with_inline_styles(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = API_DOCS_CSP
        return response

    return wrapped
