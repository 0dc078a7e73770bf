"""The objection search on the database the installation runs on (run on SQLite and on
PostgreSQL): the same rule gives the same objections on both, the stage's own first."""

import pytest
from django.db import connection

from otdel.playbook.models import Objection
from otdel.playbook.selectors import search_objections


def found(query, state=""):
    return [o.words for o in search_objections(query, state=state)]


def test_dorogo_finds_every_price_objection_whatever_its_case_and_ending(library):
    assert found("дорого") == ["Дорого", "Дороговато у вас"]
    assert found("ДОРОГАЯ") == ["Дорого", "Дороговато у вас"]
    # The longer word asks more: "дороговато" is not "дорого".
    assert found("дороговато") == ["Дороговато у вас"]


def test_a_word_is_found_from_its_beginning_only_and_every_word_must_match(library):
    assert found("рого") == []
    assert found("поставщики") == ["У нас уже есть поставщик"]
    assert found("поставщик дорого") == []


def test_yo_is_read_as_ye_either_way(library):
    assert found("еще") == ["Ещё подумаем"]
    assert found("ещё") == ["Ещё подумаем"]


def test_tags_are_searched_too(library):
    assert found("доставка") == ["Долго везёте"]
    assert found("конкурент") == ["У нас уже есть поставщик"]


def test_the_stages_own_come_first_then_those_of_any_stage_then_the_others(library):
    assert found("", state="contact_3") == [
        "Дорого",
        "Дороговато у вас",
        "Ещё подумаем",
        "Долго везёте",
        "У нас уже есть поставщик",
    ]
    assert found("дорого", state="contact_3") == ["Дорого", "Дороговато у вас"]
    assert found("дорого", state="contact_2") == ["Дорого", "Дороговато у вас"]
    first = search_objections("", state="new").first()
    assert first.words == "У нас уже есть поставщик" and first.own == 0


def test_only_everyday_words_find_nothing_rather_than_everything(library):
    assert found("у нас уже есть") == []
    assert len(found("")) == 5


def test_a_changed_objection_is_searched_by_its_new_words(library, people):
    from otdel.playbook.services import objection_save

    objection_save(
        objection=library["долго"],
        words="Сроки поставки длинные",
        states=[],
        tags="",
        acting_user=people.head,
    )
    assert found("долго") == []
    assert found("сроки") == ["Сроки поставки длинные"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_postgresql_answers_the_search_from_its_full_text_index(library):
    query = search_objections("дорого").query
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "playbook_objection_search_fts" in plan
    assert Objection.objects.count() == 5
