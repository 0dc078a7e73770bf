"""Every page names its icon, so the browser does not ask for /favicon.ico and log a 404."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for


def _icon(page: str) -> str:
    found = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert found, "no icon linked"
    return found.group(1)


def test_the_login_page_links_an_icon_that_exists(db):
    href = _icon(Client().get(reverse("login")).content.decode())
    assert href.startswith("/static/")
    path = finders.find(href.removeprefix("/static/"))
    assert path, href
    assert "<svg" in Path(path).read_text()


def test_every_page_of_the_app_links_the_icon(people):
    page = client_for(people.hunter1).get(reverse("setup:tokens")).content.decode()
    assert _icon(page).endswith("otdel/favicon.svg")


def test_the_not_saved_page_links_the_icon_too():
    from django.template.loader import render_to_string

    assert _icon(render_to_string("503.html", {"message": "x"})).endswith("otdel/favicon.svg")
