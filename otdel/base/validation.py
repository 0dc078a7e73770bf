"""Checks of what people type into a company, shared by the forms and the API serializers."""

from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.org.models import User

from .models import Company
from .rules import (
    canonical_legal_form,
    normalise_kpp,
    normalise_ogrn,
    normalise_phone,
    normalise_tax_id,
    parse_legal_name,
)
from .selectors import visible_companies


def clean_phones(lines: Sequence[str]) -> list[str]:
    """Phones in E.164; each bad line is named by its number in the message."""
    numbers, errors = [], []
    for n, line in enumerate(lines, start=1):
        try:
            numbers.append(normalise_phone(line, settings.OTDEL_PHONE_REGION))
        except ValidationError as error:
            errors.append(_("Line %(n)s: %(error)s") % {"n": n, "error": error.messages[0]})
    if errors:
        raise ValidationError(errors)
    return numbers


def clean_emails(lines: Sequence[str]) -> list[str]:
    addresses, errors = [], []
    for n, line in enumerate(lines, start=1):
        try:
            validate_email(line)
            addresses.append(line)
        except ValidationError:
            errors.append(
                _("Line %(n)s: “%(email)s” is not an e-mail address.") % {"n": n, "email": line}
            )
    if errors:
        raise ValidationError(errors)
    return addresses


def _unique_error(field: str, value: str, exclude_pk: int | None, user: User) -> str | None:
    """Name the company that already holds the id and whose it is (METHOD 4: conflicts), to
    those who may see it; a refusal never names what the caller may not see."""
    other = (
        Company.objects.filter(**{field: value})
        .exclude(pk=exclude_pk)
        .select_related("owner")
        .first()
    )
    if other is None:
        return None
    if not visible_companies(user).filter(pk=other.pk).exists():
        return _("Already in the base: worked by another manager.")
    owner = str(other.owner) if other.owner else _("nobody")
    return _("Already in the base: company #%(id)s, owner: %(owner)s.") % {
        "id": other.pk,
        "owner": owner,
    }


def clean_tax_ids(data: dict, *, exclude_pk: int | None, user: User) -> dict[str, str]:
    """Normalise tax_id, kpp and ogrn in `data` in place; returns the errors by field."""
    kind = data.get("tax_id_kind") or ""
    checks: tuple[tuple[str, Callable[[str], str], bool], ...] = (
        ("tax_id", lambda v: normalise_tax_id(kind, v), True),
        ("kpp", normalise_kpp, False),
        ("ogrn", normalise_ogrn, True),
    )
    errors: dict[str, str] = {}
    for field, normalise, unique in checks:
        value = data.get(field)
        if not value:
            continue
        try:
            data[field] = normalise(value)
        except ValidationError as error:
            errors[field] = error.messages[0]
            continue
        if unique and (message := _unique_error(field, data[field], exclude_pk, user)):
            errors[field] = message
    return errors


# Owner, state and section change through the algorithm's actions (issue 12): an edit that
# changes one answers with the action to use, on the card and in the API.
_ACTION_OF_FIELD = {
    "state": gettext_lazy(
        "The state changes by a move along the algorithm: use “move” on the card (API: move/)."
    ),
    "section": gettext_lazy(
        "The section changes by triage: use “triage” on the card (API: triage/)."
    ),
    "owner": gettext_lazy(
        "The owner changes by assignment: use “assign” on the card (API: assign/)."
    ),
    "reactivation_date": gettext_lazy(
        "The date to call again is set by triage: use “triage” on the card (API: triage/)."
    ),
}


def legal_form_errors(data: dict, instance: Company | None) -> dict[str, str]:
    """A name that carries another legal form than the form field is refused: which of the two
    is meant only the user knows. The same form in both is fine (it is stored once)."""
    name = data.get("legal_name", instance.legal_name if instance else "") or ""
    form = canonical_legal_form(data.get("legal_form", instance.legal_form if instance else ""))
    found, _name = parse_legal_name(name)
    if found and form and found != form:
        return {
            "legal_form": _(
                "The name says “%(found)s” and the legal form “%(form)s”: keep one of them."
            )
            % {"found": found, "form": form}
        }
    return {}


def algorithm_field_errors(current: dict[str, object], sent: dict[str, object]) -> dict[str, str]:
    """The fields of `sent` (owner as an id, state, section, the date to call again) that differ
    from `current`."""
    return {
        field: str(_ACTION_OF_FIELD[field])
        for field, value in sent.items()
        if field in _ACTION_OF_FIELD and str(value or "") != str(current.get(field) or "")
    }
