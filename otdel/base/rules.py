"""Plain rules of the client base: normalising what people type, and the size definition."""

import functools
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
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def fold_name(name: str) -> str:
    """The form of a name that search compares: case and ё/е folded, spaces collapsed."""
    return _SPACES.sub(" ", name.casefold().replace("ё", "е")).strip()


# A legal form: as stored and shown, whether it stands before the name (Russian ones, with the
# name in «») or after it (as the other countries write theirs), and its other spellings.
# A spelling matches whatever its case, dots, commas and spaces ("S.R.L.", "s r l", "N. V.").
@dataclass(frozen=True)
class LegalForm:
    form: str
    before: bool
    spellings: tuple[str, ...] = ()
    quoted: bool = True  # "ИП Иванов Иван" names a person: no quotes


LEGAL_FORMS = (
    LegalForm("ООО", True, ("Общество с ограниченной ответственностью", "OOO")),
    LegalForm("АО", True, ("Акционерное общество",)),
    LegalForm("ПАО", True, ("Публичное акционерное общество", "PAO")),
    LegalForm("НАО", True, ("Непубличное акционерное общество",)),
    LegalForm("ЗАО", True, ("Закрытое акционерное общество", "ZAO")),
    LegalForm("ОАО", True, ("Открытое акционерное общество", "OAO")),
    LegalForm("ИП", True, ("Индивидуальный предприниматель",), quoted=False),
    LegalForm("КФХ", True, ("Крестьянское (фермерское) хозяйство",), quoted=False),
    LegalForm("НКО", True, ("Некоммерческая организация",)),
    LegalForm("АНО", True, ("Автономная некоммерческая организация",)),
    LegalForm("НП", True, ("Некоммерческое партнерство",)),
    LegalForm("ФГУП", True, ("Федеральное государственное унитарное предприятие",)),
    LegalForm("ГУП", True, ("Государственное унитарное предприятие",)),
    LegalForm("МУП", True, ("Муниципальное унитарное предприятие",)),
    LegalForm("ФГБУ", True, ("Федеральное государственное бюджетное учреждение",)),
    LegalForm("ГБУ", True, ("Государственное бюджетное учреждение",)),
    LegalForm("МБУ", True, ("Муниципальное бюджетное учреждение",)),
    LegalForm("МАУ", True, ("Муниципальное автономное учреждение",)),
    LegalForm("ТОО", True, ("Товарищество с ограниченной ответственностью",)),
    LegalForm("ПК", True, ("Производственный кооператив",)),
    LegalForm("СПК", True, ("Сельскохозяйственный производственный кооператив",)),
    LegalForm(
        "SRL", False, ("Societate cu raspundere limitata", "Societate cu răspundere limitată")
    ),
    LegalForm("SA", False, ("Societate pe actiuni", "Societate pe acțiuni", "Société anonyme")),
    LegalForm("ÎI", False, ("Întreprindere individuală",)),
    LegalForm("II", False, ("Intreprindere individuala",)),
    LegalForm("PFA", False, ("Persoana fizica autorizata", "Persoană fizică autorizată")),
    LegalForm("IF", False, ("Intreprindere familiala", "Întreprindere familială")),
    LegalForm("SNC", False),
    LegalForm("LLC", False, ("Limited liability company",)),
    LegalForm("Ltd", False),
    LegalForm("Limited", False),
    LegalForm("Inc.", False),
    LegalForm("Incorporated", False),
    LegalForm("Corp.", False),
    LegalForm("Corporation", False),
    LegalForm("Co., Ltd.", False),
    LegalForm("PLC", False),
    LegalForm("LLP", False),
    LegalForm("LP", False),
    LegalForm("GmbH", False, ("Gesellschaft mit beschränkter Haftung",)),
    LegalForm("GmbH & Co. KG", False),
    LegalForm("AG", False, ("Aktiengesellschaft",)),
    LegalForm("KG", False),
    LegalForm("SAS", False),
    LegalForm("SARL", False),
    LegalForm("S.p.A.", False),
    LegalForm("B.V.", False, ("Besloten vennootschap",)),
    LegalForm("N.V.", False, ("Naamloze vennootschap",)),
    LegalForm("AB", False, ("Aktiebolag",)),
    LegalForm("Oy", False),
    LegalForm("Oyj", False),
    LegalForm("AS", False),
    LegalForm("A/S", False),
    LegalForm("ApS", False),
    LegalForm("Sp. z o.o.", False),
    LegalForm("s.r.o.", False),
    LegalForm("Kft.", False),
)
_FORM_SPACING = re.compile(r"[.,\s]+")
_QUOTE_PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"', "'": "'", "‘": "’", "‹": "›", "‚": "‘"}
_QUOTES = frozenset("«»„“”\"'‘’‹›‚")
# Where a name may be cut: spaces and commas, or before an opening quote ("ООО«Альфа»").
_CUTS = re.compile(r"[\s,]+|(?<=\w)(?=[«„“\"])")
_LONGEST_FORM = max(len(s.split()) for f in LEGAL_FORMS for s in (f.form, *f.spellings))
# The Russian forms most names carry are taken wherever they stand ("ООО Ромашка", "Ромашка
# ООО" as accounting exports write it). A rarer one written short is taken only with a sign
# that it is a form (the name in quotes after it, a comma before it), or "ПК Мастер" and
# "Мир ПК" (computer shops) would become cooperatives.
# The forms shown without quotes (ИП, КФХ) are among them, so what is shown reads back.
COMMON_FORMS = frozenset({"ООО", "АО", "ПАО", "ЗАО", "ОАО", "ИП", "КФХ"})
# Romania's "S.C." (commercial company) stood before every SRL and SA; it is no form of its own.
_RO_COMPANY = "sc"


def _form_key(text: str) -> str:
    return _FORM_SPACING.sub(
        "", text.casefold().replace("ё", "е").replace("ş", "ș").replace("ţ", "ț")
    )


_FORM_OF_KEY = {
    _form_key(spelling): form for form in LEGAL_FORMS for spelling in (form.form, *form.spellings)
}
_FORM_OF_NAME = {form.form: form for form in LEGAL_FORMS}


def canonical_legal_form(text: str) -> str:
    """A legal form as stored: "o.o.o." and "Общество с ограниченной ответственностью" are
    "ООО"; a form we do not know stays as typed."""
    form = _FORM_OF_KEY.get(_form_key(text))
    return form.form if form else _SPACES.sub(" ", text).strip()


def _unquoted(name: str) -> str:
    """The name without the quotes around all of it: «Альфа» and "Альфа" are Альфа, while
    «Альфа» и «Бета» keeps its own."""
    inner = name[1:-1]
    if len(name) > 2 and _QUOTE_PAIRS.get(name[0]) == name[-1] and not _QUOTES & set(inner):
        return inner.strip()
    if len(name) > 2 and name[0] == "«" and name[-1] == "»" and _guillemets_balance(inner):
        return inner.strip()  # «Завод «Прогресс»» keeps the inner pair
    quotes = [c for c in name if c in _QUOTES]
    if len(quotes) == 1 and name[0] in _QUOTES:  # a quote left open: "Альфа
        return name[1:].strip()
    if len(quotes) == 1 and name[-1] in _QUOTES:
        return name[:-1].strip()
    return name


def _guillemets_balance(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"«": 1, "»": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _surely(form: LegalForm, spelling: str, *, sign: bool) -> bool:
    return not form.before or form.form in COMMON_FORMS or " " in spelling.strip() or sign


def _is_name(text: str) -> bool:
    return any(c.isalnum() for c in text)


def parse_legal_name(text: str) -> tuple[str, str]:
    """(legal form, name) of a company name as people type it: "ООО «Уралхиммаш-Сервис»" is
    ("ООО", "Уралхиммаш-Сервис"), "Akzo Nobel, N.V." is ("N.V.", "Akzo Nobel"). The form is
    found before or after the name, in short or long spelling; a name without one, or that is
    only a form, is ("", the name as typed)."""
    text = _SPACES.sub(" ", text).strip()
    cuts = list(_CUTS.finditer(text))
    # Where the form is at the end: "Альфа SRL", "Альфа, ООО", "S.C. Alfa S.R.L.".
    for cut in cuts[-_LONGEST_FORM:]:  # the longest first: "Co., Ltd." rather than "Ltd."
        spelling = text[cut.end() :]
        form = _FORM_OF_KEY.get(_form_key(spelling))
        if form is None or not _surely(form, spelling, sign="," in cut.group()):
            continue
        head = text[: cut.start()].strip(" ,")
        first, _sep, rest = head.partition(" ")
        if not form.before and rest and _form_key(first) == _RO_COMPANY:
            head = rest
        if _is_name(name := _unquoted(head)):
            return form.form, name
    for cut in reversed(cuts[:_LONGEST_FORM]):
        spelling, rest = text[: cut.start()], text[cut.end() :].strip(" ,")
        form = _FORM_OF_KEY.get(_form_key(spelling))
        if form is None or not _surely(form, spelling, sign=rest[:1] in _QUOTES):
            continue
        if _is_name(name := _unquoted(rest)):
            return form.form, name
    return "", text


def legal_name_display(form: str, name: str) -> str:
    """The name with its form, as people write it: ООО «Альфа», ИП Иванов И. И., Alfa SRL."""
    if not form:
        return name
    known = _FORM_OF_NAME.get(form)
    before = known.before if known else bool(_CYRILLIC.search(form))
    if not before:
        return f"{name} {form}"
    if (known and not known.quoted) or name[:1] in _QUOTES:  # «Альфа» и «Бета»
        return f"{form} {name}"
    return f"{form} «{name}»"


def split_typed_name(name: str, form: str) -> tuple[str, str]:
    """(form, name) to store from what was typed into the two fields: a form written into the
    name moves to the form, unless the form field already says another one."""
    form = canonical_legal_form(form)
    found, rest = parse_legal_name(name)
    if found and form in ("", found):
        return found, rest
    return form, _SPACES.sub(" ", name).strip()


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


@functools.lru_cache(maxsize=10_000)
def format_phone(e164: str) -> str:
    """How a stored phone is shown to people. Kept once formatted: phonenumbers takes 80 µs a
    number, a list page shows fifty, and a manager opens his own list again and again."""
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
    # A name-like query as a tax id is written (upper case, no spaces): a tax id of another
    # country may hold letters.
    tax_id: str = ""


_SHOWN_QUOTES = str.maketrans("", "", '«»"“”„')


def search_terms(query: str, region: str) -> SearchTerms:
    """Read a search box: an e-mail, a number (tax id, phone, deal), or else a name."""
    query = query.strip()
    if not query:
        return SearchTerms()
    if "@" in query and " " not in query:
        return SearchTerms(email=query.lower())
    digits = phone_search_digits(query)
    if digits is None:
        # The form is kept apart from the name (issue 14): "ООО Альфа" looks for "Альфа".
        # Quotes are how a name is shown («Альфа»), not part of it: a name pasted from a list
        # is looked for without them.
        return SearchTerms(
            name=fold_name(parse_legal_name(query)[1].translate(_SHOWN_QUOTES)),
            tax_id=query.replace(" ", "").upper(),
        )
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


# A look-alike of an A client shares with him this many of these traits (issue 17, item 5).
LOOKALIKE_TRAITS = ("category", "segment", "size_tag", "territory")
LOOKALIKE_MATCHES = 3
