"""Helpers shared by the pages."""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, TypeVar

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import InterfaceError, OperationalError, connections
from django.db.models import Count, QuerySet, Window
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from otdel.refusal import RuleRefused

AnyForm = TypeVar("AnyForm", bound=BaseForm)


def _attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> bool:
    """The service's refusal or its success, as a message; whether it succeeded."""
    try:
        call()
    except RuleRefused as error:
        messages.error(request, str(error))
        return False
    messages.success(request, done)
    return True


def act(request: HttpRequest, call: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """A posted change: the service's refusal or the success, as a message on the page it
    returns to."""
    _attempt(request, call, done)
    return redirect(back)


def form_errors(request: HttpRequest, form: BaseForm) -> None:
    """Each field's errors as one message, named by the field's label."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(request, f"{label}: {text}" if label else text)


def act_on_form(
    request: HttpRequest, form: BaseForm, call: Callable[[], Any], done: str, back: str
) -> HttpResponse:
    """A posted form: its errors as messages when it is invalid, else `act` (`call` reads
    form.cleaned_data); either way back to `back`. When it fails, what was typed is kept for
    the page's `kept_form`, so that nobody types a whole form again for one wrong field."""
    if form.is_valid():
        if _attempt(request, call, done):
            return redirect(back)
    else:
        form_errors(request, form)
    request.session[_kept_key(type(form))] = {
        name: values for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"
    }
    return redirect(back)


def kept_form(request: HttpRequest, form_class: type[AnyForm], **kwargs: Any) -> AnyForm:
    """A page's form, filled with the input of its failed post if there was one (files are not
    kept: the browser asks for them again)."""
    kept = request.session.pop(_kept_key(form_class), None)
    if kept:
        typed = {name: values[0] if len(values) == 1 else values for name, values in kept.items()}
        kwargs["initial"] = {**kwargs.get("initial", {}), **typed}
    return form_class(**kwargs)


def _kept_key(form_class: type[BaseForm]) -> str:
    return f"kept-input:{form_class.__module__}.{form_class.__qualname__}"


class DatabaseUnavailable:
    """A request whose database connection broke (the server restarted, the network dropped,
    SQLite stayed locked) answers 503 saying that nothing was saved, instead of a bare server
    error. The database rolled its transaction back: every write is one transaction, so no row
    is half-changed; the broken connection is dropped and the next request opens a new one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logging.getLogger("otdel").error("database unavailable: %s", exception, exc_info=True)
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        message = _("The database did not answer, so nothing was saved. Try again in a minute.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            # The page reads no database: base.html's menu would.
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = "60"
        return response


PAGE_SIZES = (25, 50, 100)
COUNT_CAP = 10_000
# Up to this many matching rows, the page is read by their ids (see CappedPaginator.count).
FEW = 1_000


class CappedPaginator(Paginator):
    """Pages that count the matching rows no further than `cap` (issue 15: counting a whole
    visible base of a million companies costs more than the page): "1–50 of more than 10 000",
    and the pages up to the cap."""

    def __init__(self, object_list: QuerySet, per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list  # typed: Paginator knows only a sliceable object_list
        self.cap = cap or COUNT_CAP
        self.capped = False

    @cached_property
    def count(self) -> int:
        """Counted in no order, as the order changes nothing of a count but can change the plan:
        sorted by name, a rare name among a million companies is looked for by walking the
        whole name index. When few rows match, their ids are read instead of a count, and the
        page is read by them: sorting a few found rows beats walking a sorted index for them."""
        rows = self.queryset.order_by()
        if self.queryset.query.combinator is None:
            few = min(FEW, self.cap)
            ids = list(rows.values_list("pk", flat=True)[: few + 1])
            if len(ids) <= few:
                self.object_list = self.queryset.filter(pk__in=ids)
                return len(ids)
        seen = rows[: self.cap + 1].count()
        self.capped = seen > self.cap
        return min(seen, self.cap)


class FoundThenSortedPaginator(CappedPaginator):
    """For rows the database can only find, then sort (a name search: no index holds the
    matches in their order). Any page reads every match then, so the page's ids and the
    number of matches come from one query (COUNT(*) OVER ()) instead of a count and a page
    that each read them all (a name shared by 23k of a million companies: three reads of
    them, 137 ms, became one), and the page's rows are read by those ids. `finder`: the rows
    whose ids, in the list's order, are the list's: its own, or a narrower table's that holds
    the same ids in the same order and reads faster."""

    def __init__(
        self, object_list: QuerySet, per_page: int, cap: int | None = None, *, finder: QuerySet
    ) -> None:
        super().__init__(object_list, per_page, cap)
        self.finder = finder

    def get_page(self, number: Any) -> Page:
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        # No page lies past the cap: a larger number would only overflow the query's OFFSET.
        number = min(number, self.cap // self.per_page + 2)
        ids, matches = self._ids(number)
        if not ids and number > 1:  # past the last match: counted to show the last page
            matches = self.finder.order_by()[: self.cap + 1].count()
        self.__dict__["count"] = min(matches, self.cap)
        self.capped = matches > self.cap
        if number > self.num_pages:
            number = self.num_pages
            ids, _matches = self._ids(number)
        return Page(list(self.queryset.filter(pk__in=ids)), number, self)

    def _ids(self, number: int) -> tuple[list[int], int]:
        start = (number - 1) * self.per_page
        rows = list(
            self.finder.annotate(_matches=Window(Count("*"))).values_list("pk", "_matches")[
                start : start + self.per_page
            ]
        )
        return [pk for pk, _matches in rows], rows[0][1] if rows else 0


def page_size(request: HttpRequest, default: int = 50) -> int:
    try:
        size = int(request.GET.get("size", default))
    except ValueError:
        return default
    return size if size in PAGE_SIZES else default


@dataclass(frozen=True)
class Sorting:
    """The column a list is sorted by, from `?sort=name` or `?sort=-name` (descending)."""

    key: str
    descending: bool = False

    def order_by(self, fields: Sequence[str]) -> list[str]:
        """The fields, then the id: rows with equal values keep one order from page to page."""
        sign = "-" if self.descending else ""
        return [f"{sign}{field}" for field in (*fields, "pk")]


def sorting(request: HttpRequest, allowed: Sequence[str], default: Sorting) -> Sorting:
    """Only the list's own columns sort it: anything else asked for gives the default."""
    asked = request.GET.get("sort", "")
    key = asked.removeprefix("-")
    return Sorting(key, asked.startswith("-")) if key in allowed else default


@dataclass(frozen=True)
class Column:
    label: str
    key: str = ""  # empty: the column does not sort
    url: str = ""
    arrow: str = ""
    aria_sort: str = ""


def sort_columns(
    request: HttpRequest, columns: Sequence[tuple[str, str]], current: Sorting
) -> list[Column]:
    """Header cells: each sortable column links to its sort, the current one (again: the other
    way) with its arrow; the filters stay, the page goes back to the first."""
    cells = []
    for key, label in columns:
        if not key:
            cells.append(Column(label))
            continue
        query = request.GET.copy()
        query.pop("page", None)
        active = key == current.key
        query["sort"] = f"-{key}" if active and not current.descending else key
        arrow = ("↓" if current.descending else "↑") if active else ""
        aria = ("descending" if current.descending else "ascending") if active else ""
        cells.append(Column(label, key, "?" + query.urlencode(), arrow, aria))
    return cells


def paginate(
    request: HttpRequest, rows: QuerySet, per_page: int, *, finder: QuerySet | None = None
) -> dict[str, Any]:
    """What includes/pagination.html shows: the requested page of a capped count, the page
    numbers around it, and the query strings of the links (the filters and the sort kept).
    `finder`: the rows are found, then sorted (see FoundThenSortedPaginator)."""
    paginator = (
        CappedPaginator(rows, per_page)
        if finder is None
        else FoundThenSortedPaginator(rows, per_page, finder=finder)
    )
    page = paginator.get_page(request.GET.get("page"))
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    size_query = query.copy()
    size_query.pop("size", None)
    return {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "page_sizes": PAGE_SIZES,
        "query": query.urlencode(),
        "size_query": size_query.urlencode(),
    }


@dataclass(frozen=True)
class PagePart:
    """A panel another app adds to a page: its template, rendered with `part` as its context."""

    template: Any  # a template name, or a Template
    context: dict[str, Any]


# The panels other apps add to a page, registered from their AppConfig.ready(): on Control the
# client department's alerts, complaints and meetings; on My work the newcomer's onboarding and
# the drills he is to answer. It sits here, beneath every app, so that the apps below control
# (clients, care) register as well as those above it. Page -> app label -> a call given the
# request (and, on Control, the managers on the page) answering its panel or None (nothing today).
_PARTS: dict[str, dict[str, Callable[..., PagePart | None]]] = {"control": {}, "my_work": {}}


def register_part(page: str, app: str, part: Callable[..., PagePart | None]) -> None:
    _PARTS[page][app] = part


def page_parts(page: str, request: HttpRequest, *args: Any) -> list[PagePart]:
    """The registered panels of the page with something to show, in the order their apps
    registered."""
    return [shown for part in _PARTS[page].values() if (shown := part(request, *args)) is not None]


# An id no row has: its place in a reversed path is where a row's own id goes.
_ROW_ID = 2_147_483_647


@cache
def _row_url_halves(viewname: str, script_prefix: str) -> tuple[str, str]:
    before, after = reverse(viewname, args=[_ROW_ID]).split(str(_ROW_ID))
    return before, after


def row_url(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]) of a page whose path holds one id, its pattern reversed
    once per process: a list reverses one or two per row, and a reverse() costs more than the
    rest of the row's cells."""
    before, after = _row_url_halves(viewname, get_script_prefix())
    return f"{before}{int(pk)}{after}"
