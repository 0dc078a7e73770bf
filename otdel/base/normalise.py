"""How two spellings of one company become the same key (METHOD 4: a prospect list is checked
against the base). The original text is always kept; these keys only serve matching.

    name_key("ООО «Ромашка»") == name_key("Romashka LLC") == "romashka"
"""

import re
from urllib.parse import urlsplit

# Legal forms, as whole words, in the spellings people type (RU, RO and the usual others).
# Longer forms first, so "общество с ограниченной ответственностью" wins over "общество".
_LEGAL_FORMS = [
    "общество с ограниченной ответственностью",
    "публичное акционерное общество",
    "закрытое акционерное общество",
    "открытое акционерное общество",
    "акционерное общество",
    "индивидуальный предприниматель",
    "societate cu raspundere limitata",
    "limited liability company",
    "naamloze vennootschap",
    "besloten vennootschap",
    "gesellschaft mit beschrankter haftung",
    "aktiengesellschaft",
    "societe anonyme",
    "anonim sirketi",
    "incorporated",
    "corporation",
    "limited",
    "company",
    "ооо",
    "оао",
    "зао",
    "пао",
    "ао",
    "ип",
    "нко",
    "гуп",
    "муп",
    "фгуп",
    "ано",
    "тоо",
    "чп",
    "ooo",
    "oao",
    "zao",
    "pao",
    "llc",
    "ltd",
    "inc",
    "corp",
    "co",
    "gmbh",
    "ag",
    "kg",
    "srl",
    "sa",
    "sas",
    "sarl",
    "nv",
    "bv",
    "plc",
    "spa",
    "ab",
    "oy",
    "as",
    "sro",
    "llp",
    "lp",
]
_LEGAL_FORM_SET = set(_LEGAL_FORMS)
_MULTIWORD_FORMS = sorted((f for f in _LEGAL_FORMS if " " in f), key=len, reverse=True)

_QUOTES = "«»„“”\"'‘’`´"
# Dotted abbreviations ("S.R.L.", "N.V.", "S.p.A.") become one word before splitting.
_DOTTED = re.compile(r"\b((?:[^\W\d_]\.){2,}(?:[^\W\d_]\b\.?)?)", re.UNICODE)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)

_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "ă": "a",
        "â": "a",
        "î": "i",
        "ș": "s",
        "ş": "s",
        "ț": "t",
        "ţ": "t",
    }
)

FREE_MAIL_DOMAINS = frozenset(
    {
        "mail.ru",
        "inbox.ru",
        "list.ru",
        "bk.ru",
        "internet.ru",
        "yandex.ru",
        "ya.ru",
        "yandex.com",
        "rambler.ru",
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.ro",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "proton.me",
        "protonmail.com",
        "zoho.com",
    }
)


def _words(text: str) -> list[str]:
    text = text.casefold().replace("ё", "е")
    for quote in _QUOTES:
        text = text.replace(quote, " ")
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", text)
    return _join_letters(_NON_WORD.sub(" ", text).split())


def _join_letters(words: list[str]) -> list[str]:
    """Runs of single letters are one abbreviation: "B. V." and "B V" are "bv"."""
    joined: list[str] = []
    run = ""
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        if word:
            joined.append(word)
    return joined


def split_legal_form(name: str) -> tuple[str, str]:
    """(the name without its legal form, the legal form found), both folded."""
    text = " ".join(_words(name))
    found: list[str] = []
    for form in _MULTIWORD_FORMS:
        if form in text:
            text = text.replace(form, " ")
            found.append(form)
    words = text.split()
    core = [w for w in words if w not in _LEGAL_FORM_SET]
    found += [w for w in words if w in _LEGAL_FORM_SET]
    if not core:  # a name that is only a legal form ("АО") stays a name
        return " ".join(words), ""
    return " ".join(core), " ".join(found)


def transliterate(text: str) -> str:
    return text.translate(_TRANSLIT)


def name_key(name: str) -> str:
    """The matching key of a company name: no legal form, quotes, case, ё or alphabet."""
    core, _form = split_legal_form(name)
    return transliterate(core)


def website_domain(url: str) -> str:
    url = url.strip().lower()
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def company_email_domain(address: str) -> str:
    """The domain of an e-mail when it says something about the company (not free mail)."""
    domain = address.rsplit("@", 1)[-1].strip().lower() if "@" in address else ""
    return "" if domain in FREE_MAIL_DOMAINS else domain
