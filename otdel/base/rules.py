"""Plain rules of the client base: normalising what people type, and the size definition."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ro import cui as ro_cui
from stdnum.ru import inn as ru_inn
from stdnum.ru import ogrn as ru_ogrn

from .models import TaxIdKind

_SPACES = re.compile(r"\s+")
_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def fold_name(name: str) -> str:
    """The form of a name that search compares: case and ё/е folded, spaces collapsed."""
    return _SPACES.sub(" ", name.casefold().replace("ё", "е")).strip()


def _stdnum_message(error: StdnumError, label: str) -> str:
    if isinstance(error, InvalidChecksum):
        return _("%(label)s has a wrong check digit.") % {"label": label}
    if isinstance(error, InvalidLength):
        return _("%(label)s has a wrong number of digits.") % {"label": label}
    return _("%(label)s is not valid.") % {"label": label}


def normalise_tax_id(kind: str, value: str) -> str:
    """The tax id as stored: checked by its checksum where the country has one."""
    value = value.strip()
    if not value:
        return ""
    if kind == TaxIdKind.RU_INN:
        try:
            return str(ru_inn.validate(value))
        except StdnumError as error:
            raise ValidationError(_stdnum_message(error, _("INN"))) from error
    if kind == TaxIdKind.RO_CUI:
        try:
            return str(ro_cui.validate(value))
        except StdnumError as error:
            raise ValidationError(_stdnum_message(error, _("CUI"))) from error
    return _SPACES.sub("", value).upper()


def normalise_ogrn(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        return str(ru_ogrn.validate(value))
    except StdnumError as error:
        raise ValidationError(_stdnum_message(error, _("OGRN"))) from error


def normalise_kpp(value: str) -> str:
    value = _SPACES.sub("", value).upper()
    if value and not _KPP.match(value):
        raise ValidationError(_("KPP is 9 characters: 4 digits, 2 digits or letters, 3 digits."))
    return value


def normalise_phone(raw: str, region: str) -> str:
    """A phone in E.164; `region` is the country assumed when the number has no code."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("“%(phone)s” is not a phone number.") % {"phone": raw.strip()}
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(phone)s” is not a valid phone number.") % {"phone": raw.strip()}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """How a stored phone is shown to people."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower()


def phone_search_digits(query: str) -> str | None:
    """The digits of a search query that looks like (part of) a phone number, else None."""
    digits = re.sub(r"\D", "", query)
    if len(digits) >= 5 and re.fullmatch(r"[\d\s()+\-.]+", query.strip()):
        return digits
    return None


@dataclass(frozen=True)
class SearchTerms:
    """What a search query asks for, in the forms the base stores, so that every look-up is an
    exact or prefix match an index answers (issue 15: search at a million companies)."""

    name: str = ""  # folded like Company.search_name; empty for a number or an e-mail
    digits: str = ""  # a tax id, an OGRN, a deal's number, or a phone (whole or its tail)
    phones: tuple[str, ...] = ()  # E.164 beginnings: "+7495…" typed with or without the code
    email: str = ""


def search_terms(query: str, region: str) -> SearchTerms:
    """Read a search box: an e-mail, a number (tax id, phone, deal), or else a name."""
    query = query.strip()
    if not query:
        return SearchTerms()
    if "@" in query and " " not in query:
        return SearchTerms(email=query.lower())
    digits = phone_search_digits(query)
    if digits is None:
        return SearchTerms(name=fold_name(query))
    # The same number typed as people write it: "+7 495…", "7495…", "8 495…" or "495…".
    starts = {"+" + digits}
    code = str(phonenumbers.country_code_for_region(region) or "")
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = (metadata.national_prefix if metadata else None) or ""
    if code:
        national = digits[len(trunk) :] if trunk and digits.startswith(trunk) else digits
        starts.add(f"+{code}{national}")
    return SearchTerms(digits=digits, phones=tuple(sorted(starts)))


@dataclass(frozen=True)
class SizeThreshold:
    tag: str
    min_employees: int | None = None
    min_annual_revenue: Decimal | None = None
    min_expected_volume: Decimal | None = None

    def matches(
        self,
        employees: int | None,
        annual_revenue: Decimal | None,
        expected_volume: Decimal | None,
    ) -> bool:
        # A rule is met when any of its thresholds is: "250 employees or revenue X" (METHOD 2).
        return (
            (
                self.min_employees is not None
                and employees is not None
                and employees >= self.min_employees
            )
            or (
                self.min_annual_revenue is not None
                and annual_revenue is not None
                and annual_revenue >= self.min_annual_revenue
            )
            or (
                self.min_expected_volume is not None
                and expected_volume is not None
                and expected_volume >= self.min_expected_volume
            )
        )


def size_tag_for(
    *,
    employees: int | None,
    annual_revenue: Decimal | None,
    expected_volume: Decimal | None,
    rules: Iterable[SizeThreshold],
) -> str:
    """The size tag the company's rules give; "" when no rule applies (e.g. nothing known)."""
    for rule in rules:
        if rule.matches(employees, annual_revenue, expected_volume):
            return rule.tag
    return ""
