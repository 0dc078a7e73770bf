"""The quick <select> writes what Django's own writes; the labels Django prints have no colon."""

import re

import pytest
from django import forms
from django.urls import reverse

from otdel.widgets import QuickSelect
from tests.conftest import client_for

CHOICES = [
    ("", "---------"),
    ("a", "Альфа & Co"),
    ("b", '"Бета"'),
    ("Группа <1>", [("c", "Гамма"), ("d", "Дельта")]),
    (5, "Пять"),
]


def plain(html: str) -> str:
    """The HTML without the blanks between tags and with each tag's attributes in one order
    (which Django's templates do not keep)."""

    def tag(match: re.Match) -> str:
        attributes = sorted(re.findall(r'[\w-]+(?:="[^"]*")?', match.group(2)))
        return "<" + " ".join([match.group(1), *attributes]) + ">"

    return re.sub(r"<([\w-]+)([^>]*)>", tag, re.sub(r">\s+<", "><", html.strip()))


@pytest.mark.parametrize("value", [None, "", "a", "d", 5, "5", "missing"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_owner", "required": True, "class": "x"}])
def test_the_same_html_as_django_select(value, attrs):
    ours = QuickSelect(choices=CHOICES).render("owner", value, attrs)
    django = forms.Select(choices=CHOICES).render("owner", value, attrs)
    assert plain(ours) == plain(django)


def test_a_model_choice_field_with_its_empty_label(people):
    from otdel.org.models import User

    field = forms.ModelChoiceField(queryset=User.objects.order_by("pk"), widget=QuickSelect)
    django = forms.ModelChoiceField(queryset=User.objects.order_by("pk"))
    chosen = people.hunter1.pk
    assert plain(field.widget.render("owner", chosen)) == plain(
        django.widget.render("owner", chosen)
    )
    assert f'<option value="{chosen}" selected>' in field.widget.render("owner", chosen)


def test_a_multiple_select_the_same_as_django():
    class Multiple(QuickSelect):
        allow_multiple_selected = True

    ours = Multiple(choices=CHOICES).render("owner", ["a", "d"])
    django = forms.SelectMultiple(choices=CHOICES).render("owner", ["a", "d"])
    assert plain(ours) == plain(django)


@pytest.mark.parametrize(
    "page",
    ["materials:library", "meetings:list", "playbook:objections", "playbook:drills", "plans:list"],
)
def test_pages_that_print_djangos_labels_have_no_trailing_colon(people, page):
    html = client_for(people.head).get(reverse(page)).content.decode()
    assert "</label>" in html
    assert ":</label>" not in html
