"""Writes of the organisation (people, departments, a person's language), and the one log of Settings: every app's
settings service saves its row through `settings_row_save`, which validates, saves and logs."""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from otdel.numbers import plain

from .models import Department, Language, SettingsChange, SettingsSection, User
from .rules import configures

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
