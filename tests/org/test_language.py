"""The language of the pages (issue 14, item 5): a person's own, chosen in the header and kept on
him; until he chooses, the company's (a setting of its rules); on the login page the company's
or the one chosen in this browser, never the browser's Accept-Language."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from otdel.algorithm.models import RuleSettings
from otdel.org.models import User
from tests.conftest import client_for

BROWSER_IN_ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _company_speaks(language: str) -> None:
    rules = RuleSettings.load()
    rules.language = language
    rules.save()


def _language_of(response) -> str:
    assert response.status_code == 200
    return response.headers["Content-Language"]


def test_the_company_works_in_russian_unless_its_rules_say_otherwise(db):
    assert RuleSettings.load().language == "ru"


def test_a_person_who_chose_english_gets_english_in_a_russian_company(people):
    User.objects.filter(pk=people.hunter1.pk).update(language="en")
    response = client_for(people.hunter1).get(reverse("control:my_work"))
    assert _language_of(response) == "en"
    assert '<html lang="en"' in response.content.decode()
    assert "My work" in response.content.decode()


def test_a_person_who_has_not_chosen_gets_the_companys_language(people):
    client = client_for(people.hunter1)
    assert _language_of(client.get(reverse("control:my_work"), **BROWSER_IN_ENGLISH)) == "ru"
    _company_speaks("en")
    assert _language_of(client.get(reverse("control:my_work"))) == "en"


def test_the_login_page_speaks_the_companys_language_not_the_browsers(db):
    response = Client().get(reverse("login"), **BROWSER_IN_ENGLISH)
    assert _language_of(response) == "ru"
    assert "Войти" in response.content.decode()
    _company_speaks("en")
    assert _language_of(Client().get(reverse("login"))) == "en"


def test_the_login_page_keeps_the_language_chosen_in_this_browser(db):
    client = Client()
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True
    )
    assert _language_of(response) == "en"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_switch_in_the_header_is_kept_on_the_person(people):
    client = client_for(people.hunter1)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("control:my_work")}
    )
    assert response.status_code == 302 and response.url == reverse("control:my_work")
    people.hunter1.refresh_from_db()
    assert people.hunter1.language == "en"
    # On another device (no cookie) he still reads English.
    assert _language_of(client_for(people.hunter1).get(reverse("control:my_work"))) == "en"


def test_the_switch_refuses_a_language_we_do_not_speak(people):
    client_for(people.hunter1).post(reverse("set_language"), {"language": "de"})
    people.hunter1.refresh_from_db()
    assert people.hunter1.language == ""


def test_a_cookie_of_another_language_does_not_override_the_persons_choice(people):
    User.objects.filter(pk=people.hunter1.pk).update(language="ru")
    client = client_for(people.hunter1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _language_of(client.get(reverse("control:my_work"))) == "ru"
