"""The menu, ordered by what people do in a day (issue 14, item 8), and which entry is the page
the user is on."""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    current: bool = False


def _main(user) -> list[Entry]:
    return [
        Entry(_("My work"), reverse("control:my_work")),
        Entry(_("Board"), reverse("control:board")),
        # The pool of free companies is the company list filtered, as "Find companies to call"
        # on My work opens it: one list, one set of filters and columns.
        Entry(pgettext("menu", "To call"), reverse("base:company_list") + "?scope=free"),
        Entry(_("Call-round"), reverse("control:call_round")),
        Entry(_("Companies"), reverse("base:company_list")),
        Entry(_("Deals"), reverse("deals:list")),
        Entry(_("Payments"), reverse("billing:receivables")),
        Entry(_("Complaints"), reverse("care:complaints")),
    ]


def _leading(user) -> list[Entry]:
    """The leaders' pages, one group of the main menu: with the day's pages beside them they
    would not fit one line at 1440 px (the brand leads those who lead people to Control)."""
    entries: list[Entry] = []
    if user.leads_people:
        entries += [
            Entry(_("Control"), reverse("control:control")),
            Entry(_("Plans"), reverse("plans:list")),
            Entry(_("Reports"), reverse("reports:funnel")),
            Entry("ABC(D)", reverse("segments:report")),
            Entry(_("Pay"), reverse("pay:payroll")),
            Entry(_("Team meetings"), reverse("meetings:list")),
            Entry(_("Call review"), reverse("meetings:reviews")),
            Entry(_("Audit"), reverse("audit:audit")),
        ]
    if user.configures:
        # The development department's people reach it from a big fish's card: knowing their
        # department here would cost every page a query.
        entries.append(Entry(_("Big fish"), reverse("care:big_fish")))
        entries.append(Entry(_("Settings"), reverse("setup:hub")))
    return entries


def _secondary(user) -> list[Entry]:
    """What a day needs less often, in the user's menu."""
    entries = [Entry(_("My pay"), reverse("pay:mine"))]
    if user.sells and not user.leads_people:
        entries.append(Entry(_("Reports"), reverse("reports:funnel")))
    if not user.leads_people:
        entries += [
            Entry("ABC(D)", reverse("segments:report")),
            # A manager attends meetings and reads his head's review of his calls.
            Entry(_("Team meetings"), reverse("meetings:list")),
            Entry(_("My reviewed calls"), reverse("meetings:reviews")),
            Entry(_("My onboarding"), reverse("hiring:onboarding_mine")),
        ]
    entries.append(Entry(_("Prospect lists"), reverse("prospecting:list")))
    if user.sells or user.leads_people or user.configures:
        # The method is taught (issue 19): what is sent at each stage, courses and their tests.
        entries.append(Entry(_("Materials"), reverse("materials:library")))
        entries.append(Entry(_("Training"), reverse("training:courses")))
    entries.append(Entry(_("Scripts and objections"), reverse("playbook:objections")))
    entries.append(Entry(_("Objection drills"), reverse("playbook:drills")))
    if user.leads_people:
        entries.append(Entry(_("Pilots"), reverse("pilot:list")))
        # The CRM a company ran on before is brought in by those who answer for its people.
        entries.append(Entry(_("Import from a CRM"), reverse("crmimport:upload")))
        entries.append(Entry(_("Hiring"), reverse("hiring:list")))
    entries.append(Entry(_("API documentation"), reverse("api-docs")))
    entries.append(Entry(_("Sign-in and API tokens"), reverse("setup:two_factor")))
    if user.leads_people or user.configures:
        entries.append(Entry(_("Log of logins"), reverse("setup:logins")))
    return entries


def _match(entry: Entry, request: HttpRequest) -> tuple[int, int] | None:
    """How closely the entry's address names the page: its path is a prefix of the page's and
    its query is part of the page's; None when it is not."""
    address = urlsplit(entry.url)
    query = parse_qsl(address.query)
    if not request.path.startswith(address.path):
        return None
    if any(request.GET.get(key) != value for key, value in query):
        return None
    return len(address.path), len(query)


def _mark_current(entries: list[Entry], request: HttpRequest) -> list[Entry]:
    scores = {entry.url: _match(entry, request) for entry in entries}
    found = [score for score in scores.values() if score is not None]
    best = max(found, default=None)
    return [
        Entry(entry.label, entry.url, current=best is not None and scores[entry.url] == best)
        for entry in entries
    ]


def menu(request: HttpRequest) -> dict[str, list[Entry]]:
    """Context processor: `main_menu`, its group `leading_menu` and `user_menu` for base.html,
    the page's own entry marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    main, leading, secondary = _main(user), _leading(user), _secondary(user)
    marked = _mark_current(main + leading + secondary, request)
    first, second = len(main), len(main) + len(leading)
    return {
        "main_menu": marked[:first],
        "leading_menu": marked[first:second],
        "user_menu": marked[second:],
    }
