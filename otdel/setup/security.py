"""Sign-in security pages (issue 20, item 3): one's two-factor sign-in and API tokens, the log
of logins with the people locked out, and their unlocking by the head."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdel.org.models import LoginResult, User
from otdel.org.rules import two_factor_required
from otdel.org.security import (
    TWO_FACTOR_SESSION_KEY,
    VERIFY,
    client_address,
    safe_next,
    two_factor_positions,
)
from otdel.org.selectors import (
    locked_usernames,
    login_events,
    login_people,
    may_see_logins,
    visible_api_tokens,
)
from otdel.org.services import (
    api_token_create,
    api_token_revoke,
    login_event_record,
    login_lock_reset,
    two_factor_confirm,
    two_factor_remove,
    two_factor_start,
)


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What the token is for"), max_length=100)
    days = forms.IntegerField(label=gettext_lazy("Days it lives"), min_value=1)


class LoginFilter(forms.Form):
    person = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=gettext_lazy("User")
    )
    result = forms.ChoiceField(required=False, label=gettext_lazy("Result"))
    since = forms.DateField(
        required=False, label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["result"].choices = [("", _("All")), *LoginResult.choices]


def _qr_svg(uri: str) -> str:
    # An SVG of paths and attributes only: no script, no style element (CSP).
    return mark_safe(segno.make(uri, error="m").svg_inline(scale=4, border=2))  # noqa: S308


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up, replace or remove one's authenticator app."""
    user = request.user
    required = two_factor_required(
        user.position, is_superuser=user.is_superuser, positions=two_factor_positions()
    )
    form = CodeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            two_factor_start(user=user)
        elif action == "confirm":
            form = CodeForm(request.POST)
            if form.is_valid():
                device = two_factor_confirm(user=user, token=form.cleaned_data["token"])
                if device is not None:
                    otp_login(request, device)
                    request.session.pop(TWO_FACTOR_SESSION_KEY, None)
                    messages.success(request, _("Two-factor sign-in is on."))
                    return redirect(safe_next(request, reverse("setup:two_factor")))
                form.add_error("token", _("The code is wrong or has expired; try the next one."))
        elif action == "remove":
            if required:
                raise PermissionDenied(_("Your position must sign in with a one-time code."))
            two_factor_remove(user=user, acting_user=user)
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("setup:two_factor")
    devices = list(TOTPDevice.objects.filter(user=user))
    pending = next((d for d in devices if not d.confirmed), None)
    return render(
        request,
        "setup/two_factor.html",
        {
            "active": any(d.confirmed for d in devices),
            "pending": pending,
            "qr": _qr_svg(pending.config_url) if pending else "",
            "secret": pending.bin_key.hex() if pending else "",
            "base32": _base32(pending) if pending else "",
            "required": required,
            "form": form,
            "next": safe_next(request, ""),
        },
    )


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code of one's authenticator app."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.session.get(TWO_FACTOR_SESSION_KEY) != VERIFY:
        return redirect(safe_next(request, reverse("control:home")))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            request.session.pop(TWO_FACTOR_SESSION_KEY, None)
            return redirect(safe_next(request, reverse("control:home")))
        login_event_record(
            result=LoginResult.SECOND_FACTOR_FAILED,
            user=request.user,
            username=request.user.get_username(),
            address=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        form.add_error("token", _("The code is wrong or has expired; try the next one."))
    return render(
        request, "registration/two_factor.html", {"form": form, "next": safe_next(request, "")}
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """One's API tokens: made here (the key shown once), revoked here; a configurer sees and
    revokes everyone's."""
    from django.conf import settings

    form = TokenForm(
        request.POST or None, initial={"days": settings.OTDEL_API_TOKEN_DAYS}, prefix="new"
    )
    new_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("days", error.message_dict.get("days", error.messages))
        else:
            form = TokenForm(initial={"days": settings.OTDEL_API_TOKEN_DAYS}, prefix="new")
    page = Paginator(visible_api_tokens(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "setup/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "page": page,
            "tokens": page.object_list,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(visible_api_tokens(request.user), pk=pk)
    api_token_revoke(token=token, acting_user=request.user)
    messages.success(request, _("The token is revoked."))
    return redirect("setup:tokens")


@login_required
def logins(request: HttpRequest) -> HttpResponse:
    """Who signed in, failed or was locked out, from where; the people locked out now, with a
    button to unlock each."""
    if not may_see_logins(request.user):
        raise PermissionDenied(_("The log of logins is for those who lead people."))
    people = login_people(request.user).order_by("last_name", "first_name", "username")
    filters = LoginFilter(request.GET or None, people=people)
    values = filters.cleaned_data if filters.is_valid() else {}
    events = login_events(
        request.user,
        person_id=values["person"].pk if values.get("person") else None,
        result=values.get("result", ""),
        since=values.get("since"),
        until=values.get("until"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    locked = list(people.filter(username__in=locked_usernames()))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "setup/logins.html",
        {
            "filters": filters,
            "page": page,
            "events": page.object_list,
            "locked": locked,
            "query": query.urlencode(),
        },
    )


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """The head unlocks a person locked out by failed logins (Settings → People or the log of
    logins); a department head his own departments' people."""
    if not may_see_logins(request.user):
        raise PermissionDenied(_("Unlocking people is for those who lead them."))
    person = login_people(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    login_lock_reset(user=person, acting_user=request.user)
    messages.success(request, _("%(person)s can sign in again.") % {"person": person})
    return redirect(safe_next(request, reverse("setup:logins")))
