"""A page speaks one language (issue 14, item 5): a Russian page shows no English sentence of our
catalogue and no ISO date in its running text; an English page shows no Russian of our
catalogue and no ISO date either. Every page of the menu and the main detail pages, for a
leader and a manager, over the demo department.

The catalogue is otdel/locale/ru/LC_MESSAGES/django.po: each entry translated to something
else, cut at its placeholders; a piece of two words or more is looked for in the text people
see (not attributes, not what a field holds), whole words only."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from otdel.algorithm.models import PlaybookStep, RefusalReason, RuleSettings, lines_of
from otdel.algorithm.selectors import forget_company_language
from otdel.base.models import Company, Section
from otdel.billing.models import Payment
from otdel.deals.models import Deal
from otdel.org.models import User
from otdel.plans.models import PlanLine, SalesPlan
from otdel.playbook.models import Answer, CallStandard, Objection, Script
from otdel.prospecting.services import batch_preview
from tests.conftest import client_for

CATALOGUE = Path(__file__).parent.parent / "otdel/locale/ru/LC_MESSAGES/django.po"
ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{\{[^}]*\}\}")
# Pieces of the catalogue that are also words of the demo's own data in the other language, or
# words every language writes alike; each with its reason.
EXEMPT = {
    "ABC(D)",  # the method's own name for the classes, written so in both languages
}


@dataclass(frozen=True)
class Entry:
    english: str
    russian: str


def _unquote(lines: list[str]) -> str:
    return "".join(
        bytes(line.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode()
        for line in lines
    )


def catalogue() -> list[Entry]:
    """The translated entries of our .po file (plural forms by their first form)."""
    entries, fields, key = [], {}, None
    for line in [*CATALOGUE.read_text().splitlines(), ""]:
        if line.startswith('"') and key:
            fields[key].append(line)
            continue
        if not line.strip() and fields:
            english, russian = (
                _unquote(fields.get("msgid", [])),
                _unquote(fields.get("msgstr", fields.get("msgstr[0]", []))),
            )
            if english and russian and english != russian:
                entries.append(Entry(english, russian))
            fields, key = {}, None
            continue
        if line.startswith("#"):
            continue
        word, _space, rest = line.partition(" ")
        if word in ("msgid", "msgstr", "msgstr[0]", "msgctxt", "msgid_plural", "msgstr[1]"):
            key = word
            fields[key] = [rest]
    return entries


def phrases(text: str) -> set[str]:
    """The fixed pieces of a message of two words or more: what a page would show of it."""
    pieces = (
        re.sub(r"\s+", " ", piece).strip(" .,:;—–-()«»\"'")
        for piece in PLACEHOLDER.split(text or "")
    )
    return {p for p in pieces if p and " " in p and p not in EXEMPT}


def _pattern(pieces: set[str]) -> re.Pattern:
    alternatives = sorted((re.escape(p) for p in pieces), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)")


ENTRIES = catalogue()
ENGLISH = _pattern(set().union(*(phrases(e.english) for e in ENTRIES)))
RUSSIAN = _pattern(set().union(*(phrases(e.russian) for e in ENTRIES)) - {"ABC(D)"})


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts or styles, nothing typed into a field."""

    HIDDEN = {"script", "style", "textarea", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in ("p", "div", "td", "th", "li", "tr", "br", "h1", "h2", "h3", "option", "dd"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"[ \t\xa0]+", " ", "".join(parser.parts))


def company_texts() -> list[str]:
    """What the company wrote itself, in its own language, like its clients' names: the
    playbook of its algorithm, its refusal reasons, its meeting checklist, its scripts and
    objections."""
    texts = [
        line
        for step in PlaybookStep.objects.all()
        for field in (step.actions, step.materials, step.checklist, step.script, step.objections)
        for line in lines_of(field)
    ]
    texts += RefusalReason.objects.values_list("name", flat=True)
    texts += RuleSettings.load().meeting_checklist_items
    # Its scripts and objection library (issue 19), shown beside the call form.
    texts += lines_of(CallStandard.load().text)
    texts += [
        line for text in Script.objects.values_list("text", flat=True) for line in lines_of(text)
    ]
    texts += Objection.objects.values_list("words", flat=True)
    for answer in Answer.objects.all():
        texts += [t for t in (*lines_of(answer.text), answer.case_client, answer.case_story) if t]
    return sorted(texts, key=len, reverse=True)


def defects(html: str, language: str, exempt: list[str] = ()) -> list[str]:
    text = visible_text(html)
    for written in exempt:
        text = text.replace(written, " ")
    other = ENGLISH if language == "ru" else RUSSIAN
    found = [
        f"{'English' if language == 'ru' else 'Russian'}: {m.group(1)!r}"
        for m in other.finditer(text)
    ]
    found += [
        f"ISO date: {text[max(0, m.start() - 40) : m.end() + 10]!r}"
        for m in ISO_DATE.finditer(text)
    ]
    return sorted(set(found))


@dataclass
class Demo:
    users: dict[str, User]
    pages: dict[str, list[str]]  # the persona's pages, by address


def _pages_of(user: User, objects: dict[str, str]) -> list[str]:
    menu = [
        "control:my_work",
        "control:board",
        "base:company_list",
        "control:call_round",
        "prospecting:list",
        "deals:list",
        "billing:receivables",
        "segments:report",
        "pay:mine",
    ]
    if user.leads_people:
        menu += ["pay:payroll", "plans:list", "control:control"]
    return [reverse(name) for name in menu] + list(objects.values())


def _build() -> Demo:
    call_command("demo", verbosity=0)
    users = {name: User.objects.get(username=name) for name in ("head", "hunter1")}
    paid = Payment.objects.order_by("pk").first().invoice.deal
    card = (
        Company.objects.filter(owner=users["hunter1"])
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .first()
    )
    client = Company.objects.annotate(n=Count("orders")).order_by("-n", "pk").first()
    plan = SalesPlan.objects.order_by("-starts_on").first()
    line = PlanLine.objects.filter(plan=plan).first()
    # A prospect list (the demo has none) that meets the base: its rows name their matches.
    known = Company.objects.exclude(tax_id="").order_by("pk")[:3]
    rows = "".join(f"{c.legal_name};{c.tax_id}\n" for c in known)
    batch = batch_preview(
        data=f"Наименование;ИНН\n{rows}ООО Ромашка-Восток;\n".encode(),
        filename="выставка.csv",
        acting_user=users["head"],
        owner=users["hunter1"],
        source=None,
    )
    shared = {
        "card": reverse("base:company_detail", args=[card.pk]),
        "edit": reverse("base:company_edit", args=[card.pk]),
        "deal": reverse("deals:detail", args=[paid.pk]),
    }
    pages = {}
    for name, user in users.items():
        objects = dict(shared)
        if user.leads_people:
            objects |= {
                "client": reverse("base:company_detail", args=[client.pk]),
                "plan": reverse("plans:detail", args=[plan.pk]),
                "facts": reverse("control:facts", args=[plan.pk]),
                "weeks": reverse("plans:weeks", args=[plan.pk, line.pk]),
                "batch": reverse("prospecting:detail", args=[batch.pk]),
                "any deal": reverse("deals:detail", args=[Deal.objects.order_by("-pk").first().pk]),
            }
        pages[name] = _pages_of(user, objects)
    return Demo(users, pages)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        forget_company_language()
        yield _build()
        transaction.set_rollback(True)
    forget_company_language()


@pytest.fixture
def db(demo):
    """A case's own transaction inside the module's (as in tests/test_access_matrix.py); the
    name also tells pytest-django to make the test database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _read(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("persona", ["head", "hunter1"])
def test_every_page_speaks_the_readers_language(db, demo, persona, language):
    user = demo.users[persona]
    User.objects.filter(pk=user.pk).update(language=language)
    client = client_for(user)
    exempt = company_texts()
    found = {url: defects(_read(client, url), language, exempt) for url in demo.pages[persona]}
    failing = [f"{url}: {'; '.join(d)}" for url, d in found.items() if d]
    assert not failing, "\n".join(failing)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_login_page_speaks_the_chosen_language(db, language):
    client = Client()
    client.cookies["django_language"] = language
    assert defects(_read(client, reverse("login")), language) == []


@pytest.mark.parametrize("language", ["ru", "en"])
def test_messages_and_refusals_speak_the_readers_language(db, demo, language):
    """What the pages answer to an action: a refused payment (money in the message), a claim
    (allowed or refused with its date), a page refused to a manager."""
    head, hunter1 = demo.users["head"], demo.users["hunter1"]
    User.objects.filter(pk__in=[head.pk, hunter1.pk]).update(language=language)
    invoice = Payment.objects.order_by("pk").first().invoice
    paid = client_for(head).post(
        reverse("deals:payment_add", args=[invoice.pk]),
        {"amount": "99999999", "paid_on": "2026-11-27"},
        follow=True,
    )
    money = {"ru": "99\xa0999\xa0999,00\xa0₽", "en": "₽99,999,999.00"}[language]
    assert money in paid.content.decode()
    free = Company.objects.filter(section=Section.TO_CALL, owner=None).order_by("pk").first()
    claim = client_for(hunter1).post(reverse("algorithm:claim", args=[free.pk]), follow=True)
    payroll = client_for(hunter1).get(reverse("pay:payroll"))
    assert payroll.status_code == 403
    exempt = company_texts()
    for response in (paid, claim, payroll):
        found = defects(response.content.decode(), language, exempt)
        assert found == [], response.request["PATH_INFO"]


def test_the_check_finds_what_it_looks_for():
    """The catalogue is read, and each kind of defect is found in running text only."""
    assert len(ENTRIES) > 500
    assert defects("<p>Payroll is for those who lead people.</p>", "ru")
    assert defects("<p>Артём Волков, ждёт с 2026-11-24</p>", "ru")
    assert defects("<p>Лимит должен быть от 1 до 2.</p>", "en")
    assert defects("<p>Waiting since 2026-11-24</p>", "en")
    assert not defects('<p>Ждёт с 24 ноября 2026</p><input value="2026-11-24">', "ru")
    assert not defects("<p>Лимит должен быть от 1 до 2.</p>", "ru")
    assert not defects("<p>The cap must be between 1 and 2.</p>", "en")
