"""The playbook's rules without a database: how words are normalised and searched, the share
of an answer's uses that worked, a drill's score."""

from decimal import Decimal

import pytest

from otdel.playbook import rules


def test_words_are_case_folded_with_yo_read_as_ye_and_punctuation_dropped():
    assert rules.normalise("«Ещё ДОРОГО!», — сказал") == " еще дорого сказал "
    assert rules.normalise("  ") == ""


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("дорого", "дорог"),
        ("дорогая", "дорог"),
        ("дороговато", "дороговат"),
        ("поставщики", "поставщик"),
        ("поставщик", "поставщик"),
        ("нет", "нет"),  # too short to lose an ending
        ("цена", "цена"),  # "цен" would keep three letters only
    ],
)
def test_a_typed_word_is_cut_to_a_stem_of_at_least_four_letters(word, stem):
    assert rules.stem(word) == stem


def test_a_query_is_searched_by_its_stems_without_short_and_everyday_words():
    assert rules.search_stems("У нас уже есть поставщики") == ["поставщик"]
    assert rules.search_stems("Дорого, очень ДОРОГО") == ["дорог", "очен"]
    assert rules.search_stems("у нас") == []


@pytest.mark.parametrize(
    ("query", "objection", "found"),
    [
        ("дорого", "Дорого", True),
        ("дорого", "Дороговато у вас", True),
        ("ДОРОГОЙ", "Это слишком дорого", True),
        ("дороговато", "Дорого", False),  # the longer word asks more
        ("дорого", "Долго везёте", False),
        ("еще", "Ещё подумаем", True),
        ("поставщики", "У нас уже есть поставщик", True),
        ("есть поставщик дорого", "У нас уже есть поставщик", False),  # every word must match
        ("рого", "Дорого", False),  # a word is matched from its beginning
    ],
)
def test_the_search_rule(query, objection, found):
    assert rules.text_matches(rules.normalise(objection), rules.search_stems(query)) is found


def test_the_postgresql_query_is_a_prefix_query_of_every_stem():
    assert rules.tsquery(rules.search_stems("дорого поставщик")) == "дорог:* & поставщик:*"
    # Nothing typed can reach the tsquery syntax.
    assert rules.tsquery(rules.search_stems("дорого:* | !цена & (x)")) == "дорог:* & цена:*"


def test_stage_codes_are_kept_between_commas_once_each():
    assert rules.states_field(["contact_2", "contact_3", "contact_2"]) == ",contact_2,contact_3,"
    assert rules.states_field([]) == ""


@pytest.mark.parametrize(
    ("worked", "not_worked", "share"),
    [(3, 1, Decimal(75)), (0, 2, Decimal(0)), (2, 1, Decimal(67)), (0, 0, None)],
)
def test_the_share_that_worked_counts_only_uses_whose_outcome_is_known(worked, not_worked, share):
    assert rules.share_worked(worked, not_worked) == share


def test_a_drill_is_scored_from_one_to_five_and_averaged_to_a_tenth():
    assert [rules.valid_score(n) for n in (0, 1, 5, 6)] == [False, True, True, False]
    assert rules.average_score([5, 4, 4]) == Decimal("4.3")
    assert rules.average_score([]) is None


def test_answers_rank_by_the_share_they_surely_reach_for_so_many_known_uses():
    one_of_one = rules.rank_worked(1, 0)
    five_of_seven = rules.rank_worked(5, 2)
    assert rules.rank_worked(0, 0) is None
    assert one_of_one < five_of_seven < rules.rank_worked(18, 2)
    # Many wins at a poor share do not outrank a good share either.
    assert rules.rank_worked(30, 70) < five_of_seven
    assert round(one_of_one, 2) == 0.21 and round(five_of_seven, 2) == 0.36
