"""The browser side of security (issue 20, item 3): the Content-Security-Policy, no inline
script in any template, cookie flags and HSTS in production, and no public URL for uploaded
files."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.urls import get_resolver, reverse

from tests.conftest import client_for

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_has_an_inline_script():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    found = [str(p) for p in _templates() if inline.search(p.read_text())]
    assert _templates() and not found, found


def test_no_template_has_an_event_handler_attribute():
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    found = [str(p) for p in _templates() if handler.search(p.read_text())]
    assert not found, found


def test_every_page_carries_the_policy_without_inline_script(people):
    response = client_for(people.head).get(reverse("setup:hub"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'self'"
    assert "unsafe-inline" not in directives["style-src"]
    assert "unsafe-eval" not in policy


def test_the_login_page_carries_the_policy_too(db):
    from django.test import Client

    response = Client().get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_htmx_adds_no_style_element(people):
    page = client_for(people.hunter1).get(reverse("setup:tokens")).content.decode()
    meta = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', page)
    assert meta and json.loads(meta.group(1))["includeIndicatorStyles"] is False


def test_the_api_documentation_loads_its_script_from_a_file(people):
    page = client_for(people.hunter1).get(reverse("api-docs")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


def test_cookies_are_http_only_and_same_site():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"


def _production_settings(**env: str) -> dict:
    code = (
        "import json, otdel.settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT']}))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "otdel.settings", **env}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_production_environment_makes_cookies_secure_and_sets_hsts():
    values = _production_settings(
        SECURE_COOKIES="1",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_SSL_REDIRECT="1",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
    }


@override_settings(SECURE_HSTS_SECONDS=31536000, SESSION_COOKIE_SECURE=True)
def test_an_https_answer_carries_hsts_and_a_secure_session_cookie(people):
    from django.test import Client

    client = Client()
    response = client.post(reverse("login"), {"username": "hunter1", "password": "pw"}, secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_no_url_serves_the_uploaded_files(people):
    patterns = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not any(p.startswith(("media", "^media")) for p in patterns)
    client = client_for(people.owner)
    for path in ("/media/recordings/2026/01/call.mp3", "/media/", "/var/media/x"):
        assert client.get(path).status_code == 404
    assert not getattr(settings, "MEDIA_URL", "").startswith("http")
    assert str(settings.MEDIA_ROOT).startswith(str(settings.VAR_DIR))
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
