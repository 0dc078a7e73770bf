"""A working day under load (issue 20, item 5), for locust: `make load` runs it.

Sixty managers in twelve claim companies from "to call", log calls with their next step, move
cards along the algorithm, read My work, their list, a card and search, and issue documents: on
the card of a company in work they open its deal (or create one and add a line), issue a
proposal or an invoice (typst renders its PDF then) and open the PDF. Five heads read Control,
the plans and the funnel; now and then a manager brings a prospect list of 200 rows. The hourly
rules run beside it (bench/loadrun.py). Refusals by the method (a company no longer free, a move
the stage does not allow) are answers, not errors: the method refuses with 400 or 409; the deal
page's forms answer a refusal with a message on the page they redirect to (302).

Users log in as bench0..benchN and bench_head with the password LOAD_PASSWORD that
bench/loadrun.py sets on the bench base. A department's day starts with its logins, not every
minute of it: the figures are of the LOAD_SECONDS after the last user is in (the logins are
printed apart), and the CPU each part of the machine spent in them is printed with them."""

import io
import os
import random
import re
import statistics
import time

import gevent
import psutil
from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "load-password-1")
MANAGERS = int(os.environ.get("LOAD_MANAGERS", "60"))
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_DEAL_LINK = re.compile(r'href="/deals/(\d+)/"')
_PRODUCTS = re.compile(r'<select name="product"[^>]*>(.*?)</select>', re.S)
_OPTION = re.compile(r'value="(\d+)"')
_LINE = re.compile(r"/deals/\d+/lines/\d+/remove/")
_PDF = re.compile(r'href="/deals/documents/(\d+)\.pdf"')
REFUSALS = (400, 409)
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
_logins: list[float] = []
_refused: list[str] = []


def _part(process: psutil.Process) -> str | None:
    line = " ".join(process.info["cmdline"] or [])
    if "gunicorn" in line:
        return "web (gunicorn)"
    if process.info["name"] == "postgres" or line.startswith("postgres"):
        return "PostgreSQL"
    if "locust" in line:
        return "load generator (locust)"
    if "enforce_rules" in line:
        return "hourly rules"
    return None


class _CpuWatch:
    """The CPU each part of the machine spends from now on: the web workers, PostgreSQL, this
    load generator, the hourly rules beside it. Read every second, so that a process gone in
    between (a PostgreSQL connection closed at its CONN_MAX_AGE, a parallel query's worker)
    still counts up to its last reading."""

    def __init__(self) -> None:
        # By process id and start time: an id used again within the minute is another process.
        self.start: dict[tuple[int, float], float] = {}
        self.last: dict[tuple[int, float], tuple[str, float]] = {}
        self.machine = self._busy()
        self._read(first=True)

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return t.user + t.system + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)

    def _read(self, *, first: bool = False) -> None:
        for process in psutil.process_iter(["name", "cmdline", "cpu_times", "create_time"]):
            part, times = _part(process), process.info["cpu_times"]
            if part is None or times is None:
                continue
            key, seconds = (process.pid, process.info["create_time"]), times.user + times.system
            if first:
                self.start[key] = seconds
            self.last[key] = (part, seconds)

    def watch(self) -> None:
        while True:
            gevent.sleep(1)
            self._read()

    def spent(self) -> dict[str, float]:
        self._read()
        parts: dict[str, float] = {}
        for key, (part, seconds) in self.last.items():
            parts[part] = parts.get(part, 0.0) + seconds - self.start.get(key, 0.0)
        parts["everything else"] = self._busy() - self.machine - sum(parts.values())
        return parts


def _signed_in(environment, took: float) -> None:
    """Once every user is in: the stats start afresh, and the run ends SECONDS later."""
    _logins.append(took)
    if len(_logins) != environment.runner.target_user_count:
        return
    print(
        f"logins: {len(_logins)}, p50 {statistics.median(_logins) * 1000:.0f} ms, "
        f"max {max(_logins) * 1000:.0f} ms (before the measured {SECONDS} s)"
        + (f"; REFUSED: {', '.join(_refused)}" if _refused else ""),
        flush=True,
    )
    environment.runner.stats.reset_all()
    cpu, started = _CpuWatch(), time.monotonic()
    watching = gevent.spawn(cpu.watch)

    def finish() -> None:
        watching.kill()
        spent, elapsed = cpu.spent(), time.monotonic() - started
        cores = psutil.cpu_count()
        print(f"CPU in the measured {elapsed:.0f} s, of {cores * elapsed:.0f} core-seconds:")
        for part, seconds in sorted(spent.items(), key=lambda item: -item[1]):
            print(f"  {part:26} {seconds:6.1f} s", flush=True)
        environment.runner.quit()

    gevent.spawn_later(SECONDS, finish)


class _Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        started = time.monotonic()
        # Counted however it ends, so that one user who could not log in does not keep the
        # measured minute from starting; the refused are printed with the logins.
        try:
            page = self.client.get("/login/", name="/login/")
            token = _CSRF.search(page.text)
            with self.client.post(
                "/login/",
                {
                    "username": self.username,
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                },
                name="/login/ POST",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    _refused.append(self.username)
                    response.failure(f"login refused ({response.status_code})")
        finally:
            _signed_in(self.environment, time.monotonic() - started)

    def post(self, url: str, data: dict, name: str, headers: dict | None = None, **kwargs):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            url,
            data,
            name=name,
            headers={"Referer": self.host + url, **(headers or {})},
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            if response.status_code < 400 or response.status_code in REFUSALS:
                response.success()
            return response


class Manager(_Person):
    weight = 12

    def on_start(self) -> None:
        self.username = f"bench{random.randrange(MANAGERS)}"
        super().on_start()
        self.mine: list[int] = []
        self.free: list[int] = []

    def _ids(self, query: str) -> list[int]:
        response = self.client.get(f"/api/v1/companies/?{query}", name="/api/v1/companies/")
        if response.status_code != 200:
            return []
        return [row["id"] for row in response.json().get("results", [])]

    @task(6)
    def my_work(self) -> None:
        self.client.get("/work/", name="/work/")

    @task(4)
    def company_list(self) -> None:
        self.client.get("/companies/?scope=mine", name="/companies/ mine")

    @task(2)
    def search(self) -> None:
        word = random.choice(["СТРОЙ", "ТОРГ", "ООО", "МАШ", "ИНВЕСТ", "77", "+7495"])
        self.client.get(f"/companies/?scope=all&q={word}", name="/companies/?q=")

    @task(6)
    def card(self) -> None:
        self.mine = self.mine or self._ids("scope=mine")
        if self.mine:
            pk = random.choice(self.mine)
            self.client.get(f"/companies/{pk}/", name="/companies/<id>/")

    @task(2)
    def claim(self) -> None:
        self.free = self.free or self._ids("scope=free")
        if self.free:
            pk = self.free.pop()
            # Asked as JSON, a refusal (another manager took it first, the list is full) is a
            # 409 rather than a redirect: only a company he got is his to call.
            response = self.post(
                f"/companies/{pk}/claim/",
                {},
                name="/companies/<id>/claim/",
                headers={"Accept": "application/json"},
            )
            if response.status_code < 400:
                self.mine.append(pk)

    @task(5)
    def log_call(self) -> None:
        self.mine = self.mine or self._ids("scope=mine")
        if self.mine:
            pk = random.choice(self.mine)
            self.post(
                f"/companies/{pk}/call/",
                {
                    "result": "Поговорили с закупщиком, прислать предложение",
                    "next_kind": "call",
                    "next_subject": "Перезвонить по предложению",
                    "next_due_at": "2030-01-15T10:00",
                },
                name="/companies/<id>/call/",
            )

    @task(2)
    def move(self) -> None:
        self.mine = self.mine or self._ids("scope=mine")
        if self.mine:
            pk = random.choice(self.mine)
            state = random.choice(["contact_1", "contact_2", "contact_3"])
            self.post(f"/companies/{pk}/move/", {"state": state}, name="/companies/<id>/move/")

    @task(1)
    def deals(self) -> None:
        self.client.get("/deals/", name="/deals/")

    @task(2)
    def issue_document(self) -> None:
        """As in the browser: the card of a company in work, its open deal (a new one with a
        line when it has none), a proposal or an invoice issued, its PDF opened."""
        self.mine = self.mine or self._ids("scope=mine")
        if not self.mine:
            return
        company = random.choice(self.mine)
        card = self.client.get(f"/companies/{company}/", name="/companies/<id>/")
        links = _DEAL_LINK.findall(card.text) if card.status_code == 200 else []
        deal, page = None, None
        if links:
            deal = links[0]
            page = self.client.get(f"/deals/{deal}/", name="/deals/<id>/")
            if page.status_code != 200 or 'name="kind"' not in page.text:
                deal = None  # closed, or not his to change: a new deal
        if deal is None:
            if 'data-testid="new-deal"' not in card.text:
                return  # no longer his: the card is read-only
            deal, page = self._new_deal(company)
            if deal is None:
                return
        if not _LINE.search(page.text) and 'data-testid="lines-frozen"' not in page.text:
            page = self._add_line(deal, page.text)
            if page is None:
                return
        kind = random.choice(["proposal", "proposal", "invoice"])
        self.post(
            f"/deals/{deal}/documents/",
            {"kind": kind, "language": "ru"},
            name="/deals/<id>/documents/",
        )
        page = self.client.get(f"/deals/{deal}/", name="/deals/<id>/")
        issued = [int(pk) for pk in _PDF.findall(page.text)] if page.status_code == 200 else []
        if not issued:
            return
        with self.client.get(
            f"/deals/documents/{max(issued)}.pdf",
            name="/deals/documents/<id>.pdf",
            catch_response=True,
        ) as pdf:
            if pdf.status_code == 200 and not pdf.content.startswith(b"%PDF"):
                pdf.failure("not a PDF")

    def _new_deal(self, company: int):
        self.client.get(f"/deals/new/{company}/", name="/deals/new/<id>/")
        response = self.post(
            f"/deals/new/{company}/",
            {
                "title": f"Поставка {random.randrange(10**6)}",
                "expected_close": "",
                "probability": 50,
            },
            name="/deals/new/<id>/ POST",
        )
        found = re.search(r"/deals/(\d+)/$", response.headers.get("Location", ""))
        if response.status_code != 302 or not found:
            return None, None  # refused: the form again with the reason
        deal = found.group(1)
        return deal, self.client.get(f"/deals/{deal}/", name="/deals/<id>/")

    def _add_line(self, deal: str, page: str):
        select = _PRODUCTS.search(page)
        products = _OPTION.findall(select.group(1)) if select else []
        if not products:
            return None  # an empty price list: nothing to sell
        self.post(
            f"/deals/{deal}/lines/",
            {
                "product": random.choice(products),
                "quantity": random.randint(1, 50),
                "unit_price": f"{random.randint(100, 90000)}.00",
                "discount_percent": "0",
            },
            name="/deals/<id>/lines/",
        )
        response = self.client.get(f"/deals/{deal}/", name="/deals/<id>/")
        return response if response.status_code == 200 else None

    @task(1)
    def prospect_list(self) -> None:
        if random.random() > 0.05:  # a list now and then, not every minute
            return
        rows = ["Наименование;ИНН;Телефон"] + [
            f"ООО Нагрузка {random.randrange(10**9)};;+7495{random.randrange(10**7):07d}"
            for _ in range(200)
        ]
        data = "\n".join(rows).encode()
        self.client.get("/prospects/", name="/prospects/")
        self.post(
            "/prospects/",
            {},
            name="/prospects/ upload",
            files={"file": ("list.csv", io.BytesIO(data), "text/csv")},
        )


class Head(_Person):
    weight = 1
    username = "bench_head"

    @task(4)
    def control(self) -> None:
        self.client.get("/control/", name="/control/")

    @task(2)
    def plans(self) -> None:
        self.client.get("/plans/", name="/plans/")

    @task(2)
    def funnel(self) -> None:
        self.client.get("/reports/", name="/reports/")

    @task(1)
    def base(self) -> None:
        self.client.get("/companies/?scope=all", name="/companies/ all")
