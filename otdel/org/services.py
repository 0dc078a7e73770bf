"""Writes of the organisation (people, departments, a person's language), and the one log of Settings: every app's
settings service saves its row through `settings_row_save`, which validates, saves and logs."""

import hashlib
import secrets
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from otdel.numbers import plain

from .models import (
    ApiToken,
    Department,
    Language,
    LoginEvent,
    SettingsChange,
    SettingsSection,
    User,
)
from .rules import configures, token_days_allowed

Row = TypeVar("Row", bound=models.Model)

# Fields the log never shows, whoever saves them: a password's hash is nobody's reading.
_UNLOGGED = frozenset({"password"})


def _printable(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, list | tuple):
        # Rows of figures (bonus steps: plan % and bonus) one after another: "100 15000; 120 ...".
        if value and all(isinstance(item, list | tuple) for item in value):
            return "; ".join(" ".join(_printable(part) for part in item) for item in value)
        return ", ".join(_printable(item) for item in value)
    # A text area posts its lines with "\r\n": the same text is no change.
    return str(value).replace("\r\n", "\n").strip()


def _shown(row: models.Model, field: models.Field) -> str:
    if field.many_to_many:
        return ", ".join(sorted(str(item) for item in getattr(row, field.name).all()))
    value = getattr(row, field.attname)
    choices = getattr(field.formfield(), "choices", None) if isinstance(value, list) else None
    if choices:
        # A set of ticks (the positions that register payments): their labels, not codes.
        labels = dict(choices)
        return ", ".join(sorted(str(labels.get(item, item)) for item in value))
    if field.choices:
        return str(getattr(row, f"get_{field.name}_display")())
    return _printable(getattr(row, field.name))


def settings_change_record(
    *,
    section: str,
    subject: str,
    changes: Mapping[str, tuple[str, str] | list[str]],
    acting_user: User | None,
) -> SettingsChange | None:
    """Log a change of a setting; nothing when nothing changed."""
    if not changes:
        return None
    return SettingsChange.objects.create(
        section=section,
        subject=subject[:300],
        changes={label: list(pair) for label, pair in changes.items()},
        author=acting_user,
    )


@transaction.atomic
def settings_row_save(
    *,
    row: Row,
    changes: Mapping[str, Any],
    section: str,
    acting_user: User | None,
    check: Callable[[Row], None] | None = None,
    subject: str = "",
) -> Row:
    """Set the fields of a settings row, validate it (the model's own checks, then `check`; a
    ValidationError names the field), save it and log each field that changed, old and new.
    An existing row is locked and read again first: of two heads saving at once, the second
    changes what the first saved, and his log shows it."""
    model = type(row)
    if row.pk is not None:
        row = model._default_manager.select_for_update().get(pk=row.pk)
    fields: dict[str, Any] = {name: model._meta.get_field(name) for name in changes}
    plain = {n: f for n, f in fields.items() if not f.many_to_many}
    many = {n: f for n, f in fields.items() if f.many_to_many}
    old = {n: _shown(row, f) for n, f in plain.items()} if row.pk is not None else {}
    if row.pk is not None:
        old |= {n: _shown(row, f) for n, f in many.items()}
    for name in plain:
        setattr(row, name, changes[name])
    row.full_clean()
    if check is not None:
        check(row)
    row.save()
    for name in many:
        getattr(row, name).set(changes[name])
    diff = {}
    for name, field in fields.items():
        if name in _UNLOGGED:
            continue
        new = _shown(row, field)
        if old.get(name, "") != new:
            diff[str(field.verbose_name)] = (old.get(name, ""), new)
    settings_change_record(
        section=section, subject=subject or str(row), changes=diff, acting_user=acting_user
    )
    return row


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


def _keeps_own_settings(acting_user: User) -> Callable[[User], None]:
    """Nobody locks himself out of Settings: he may not switch himself off or take away the
    position that lets him in (another owner or head may)."""

    def check(user: User) -> None:
        if user.pk != acting_user.pk:
            return
        if not user.is_active:
            raise ValidationError({"is_active": _("You cannot switch off your own account.")})
        if not configures(user.position, is_superuser=user.is_superuser):
            raise ValidationError(
                {"position": _("You cannot take away your own access to Settings.")}
            )

    return check


@transaction.atomic
def user_create(
    *, username: str, password: str, changes: Mapping[str, Any], acting_user: User
) -> User:
    """A new person of the department with his first password (he may change it later)."""
    user = User(username=username)
    _check_password(password, user)
    user.set_password(password)
    return settings_row_save(
        row=user,
        changes={"username": username, **changes},
        section=SettingsSection.PEOPLE,
        acting_user=acting_user,
    )


def user_update(*, user: User, changes: Mapping[str, Any], acting_user: User) -> User:
    """Position, department, leader, name, active or not."""
    return settings_row_save(
        row=user,
        changes=changes,
        section=SettingsSection.PEOPLE,
        acting_user=acting_user,
        check=_keeps_own_settings(acting_user),
    )


@transaction.atomic
def user_set_password(*, user: User, password: str, acting_user: User) -> User:
    """A new password set by the owner or the head (the person forgot his); the log keeps that
    it changed, never the password."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    settings_change_record(
        section=SettingsSection.PEOPLE,
        subject=str(user),
        changes={str(_("password")): ("", _("set anew"))},
        acting_user=acting_user,
    )
    return user


def department_save(
    *, department: Department | None, changes: Mapping[str, Any], acting_user: User
) -> Department:
    """Create a department or change its name, kind, head or cap."""
    return settings_row_save(
        row=department or Department(),
        changes=changes,
        section=SettingsSection.PEOPLE,
        acting_user=acting_user,
    )


def user_set_language(*, user: User, language: str) -> bool:
    """The language the person chose in the header, kept on him for every device; False (and
    nothing kept) for a language the interface does not speak."""
    if language not in Language.values:
        return False
    User.objects.filter(pk=user.pk).update(language=language)
    return True


# ---- Sign-in security (issue 20, item 3) ----------------------------------------------------


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int | None = None, acting_user: User | None
) -> tuple[ApiToken, str]:
    """A new API token of `user`, living `days` days (the default from the environment); the
    key is returned once and only its hash is kept."""
    days = settings.OTDEL_API_TOKEN_DAYS if days is None else days
    if not token_days_allowed(days, maximum=settings.OTDEL_API_TOKEN_MAX_DAYS):
        raise ValidationError(
            {
                "days": _("A token lives from 1 to %(max)s days.")
                % {"max": settings.OTDEL_API_TOKEN_MAX_DAYS}
            }
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or _("API token"),
        key_hash=api_key_hash(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    settings_change_record(
        section=SettingsSection.PEOPLE,
        subject=str(user),
        changes={str(_("API token")): ("", f"{token} {_('created')}")},
        acting_user=acting_user,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user: User | None) -> ApiToken:
    """Revoke a token at once; a revoked token is refused with 401 from the next call on."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = acting_user
    token.save(update_fields=["revoked_at", "revoked_by"])
    settings_change_record(
        section=SettingsSection.PEOPLE,
        subject=str(token.user),
        changes={str(_("API token")): (str(token), _("revoked"))},
        acting_user=acting_user,
    )
    return token


def login_event_record(
    *, result: str, user: User | None, username: str, address: str | None, user_agent: str
) -> LoginEvent:
    return LoginEvent.objects.create(
        result=result,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        address=address or None,
        user_agent=user_agent[:300],
    )


@transaction.atomic
def login_lock_reset(*, user: User, acting_user: User) -> int:
    """Unlock a person locked out by failed logins (his login name, and the addresses only
    through his name's attempts); the Settings log keeps who unlocked him. Returns how many
    counted failures were forgotten."""
    from axes.utils import reset

    forgotten = reset(username=user.get_username())
    settings_change_record(
        section=SettingsSection.PEOPLE,
        subject=str(user),
        changes={str(_("login lock-out")): (_("locked"), _("unlocked"))},
        acting_user=acting_user,
    )
    return forgotten


def two_factor_start(*, user: User):
    """A new, unconfirmed authenticator for `user` (his earlier unconfirmed one is dropped):
    confirmed by the first code it shows."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def two_factor_confirm(*, user: User, token: str):
    """Confirm the person's new authenticator with a code it shows; None when the code is
    wrong. His earlier devices go: one authenticator per person."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or not device.verify_token(token.strip()):
            return None
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        settings_change_record(
            section=SettingsSection.PEOPLE,
            subject=str(user),
            changes={str(_("two-factor sign-in")): (_("off"), _("on"))},
            acting_user=user,
        )
        return device


@transaction.atomic
def two_factor_remove(*, user: User, acting_user: User) -> int:
    """Remove the person's authenticators: he signs in with his password alone again (or sets
    up a new one at his next sign-in, if his position requires it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        settings_change_record(
            section=SettingsSection.PEOPLE,
            subject=str(user),
            changes={str(_("two-factor sign-in")): (_("on"), _("off"))},
            acting_user=acting_user,
        )
    return removed
