"""A working day under load (issue 20, item 5), for locust: `make load` runs it.

Sixty managers in twelve claim companies from "to call", log calls with their next step, move
cards along the algorithm, read My work, their list, a card and search; five heads read Control,
the plans and the funnel; now and then a manager brings a prospect list of 200 rows. The hourly
rules run beside it (bench/loadrun.py). Refusals by the method (a company no longer free, a move
the stage does not allow) are answers, not errors: the method refuses with 400 or 409.

Users log in as bench0..benchN and bench_head with the password LOAD_PASSWORD that
bench/loadrun.py sets on the bench base."""

import io
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "load-password-1")
MANAGERS = int(os.environ.get("LOAD_MANAGERS", "60"))
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFUSALS = (400, 409)


class _Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/login/", name="/login/")
        token = _CSRF.search(page.text)
        self.client.post(
            "/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="/login/ POST",
        )

    def post(self, url: str, data: dict, name: str, **kwargs):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            url,
            data,
            name=name,
            headers={"Referer": self.host + url},
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
            self.post(f"/companies/{pk}/claim/", {}, name="/companies/<id>/claim/")
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
