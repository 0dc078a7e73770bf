"""The review's draw, a call's score and an upload's audio type, without a database."""

import struct
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otdel.meetings import rules


def wav(samples: int = 8) -> bytes:
    """A tiny valid PCM WAV file."""
    data = b"\x00\x00" * samples
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    return header + b"data" + struct.pack("<I", len(data)) + data


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (wav(), "audio/wav"),
        (b"ID3\x04\x00" + b"\x00" * 11, "audio/mpeg"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 12, "audio/mpeg"),
        (b"OggS\x00\x02" + b"\x00" * 10, "audio/ogg"),
        (b"fLaC\x00\x00\x00\x22" + b"\x00" * 8, "audio/flac"),
        (b"#!AMR\n" + b"\x00" * 10, "audio/amr"),
        (b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 4, "audio/mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81" + b"\x00" * 8, "audio/webm"),
    ],
)
def test_common_audio_formats_are_known_by_their_first_bytes(head, kind):
    assert rules.audio_type(head) == kind


@pytest.mark.parametrize(
    "head",
    [
        b"%PDF-1.7\n" + b"\x00" * 7,
        b"PK\x03\x04" + b"\x00" * 12,  # a zip, a DOCX, an XLSX
        "Наименование\nФирма\n".encode(),
        b"RIFF\x00\x00\x00\x00AVI LIST",  # a RIFF that is a video
        b"\x89PNG\r\n\x1a\n",
        b"",
    ],
)
def test_anything_else_is_not_audio_whatever_its_name(head):
    assert rules.audio_type(head) is None


def test_an_iso_week_has_its_monday_and_sunday():
    assert rules.week_bounds("2026-W48") == (date(2026, 11, 23), date(2026, 11, 29))
    assert rules.week_of(date(2026, 11, 27)) == "2026-W48"
    assert rules.week_of(date(2027, 1, 1)) == "2026-W53"
    with pytest.raises(ValueError):
        rules.week_bounds("на этой неделе")


def test_the_draw_takes_three_calls_per_manager_and_all_of_a_quiet_one():
    drawn = rules.review_draw({7: list(range(100, 120)), 8: [5, 3]}, week="2026-W48")
    assert len(drawn[7]) == 3 and set(drawn[7]) <= set(range(100, 120))
    assert drawn[8] == [3, 5]


def test_the_draw_is_the_same_every_time_the_page_opens_and_differs_by_week():
    calls = {7: list(range(1, 200)), 9: list(range(300, 500))}
    first = rules.review_draw(calls, week="2026-W48")
    assert rules.review_draw({9: calls[9][::-1], 7: calls[7]}, week="2026-W48") == first
    assert rules.review_draw(calls, week="2026-W49") != first


@settings(max_examples=60, deadline=None)
@given(
    calls=st.dictionaries(
        st.integers(1, 50), st.lists(st.integers(1, 10_000), unique=True), max_size=6
    ),
    flagged=st.sets(st.integers(1, 10_000), max_size=5),
    per_manager=st.integers(1, 5),
)
def test_the_queue_holds_each_flagged_call_and_at_most_the_draw_of_each_manager(
    calls, flagged, per_manager
):
    drawn = rules.review_draw(calls, week="2026-W01", per_manager=per_manager)
    queue = rules.review_queue(drawn, flagged)
    assert flagged <= set(queue)
    assert len(queue) == len(set(queue))
    for manager, ids in calls.items():
        assert len(drawn[manager]) == min(per_manager, len(ids))
        assert set(drawn[manager]) <= set(ids)


def test_a_call_scores_the_share_of_the_checklist_it_did():
    checklist = ["Поздоровался", "Вышел на ЛПР", "Выяснил потребность", "Следующий шаг"]
    assert rules.call_score(checklist, ["Поздоровался", "Следующий шаг"]) == 50
    assert rules.call_score(checklist, checklist) == 100
    assert rules.call_score(checklist, []) == 0
    # An item no longer on the list does not count.
    assert rules.call_score(checklist, ["Поздоровался", "Старый пункт"]) == 25
    assert rules.call_score([], ["Поздоровался"]) == 0


def test_the_agenda_looks_back_a_day_a_week_or_a_month():
    day = date(2026, 11, 27)
    assert rules.look_back_from("daily", day) == date(2026, 11, 26)
    assert rules.look_back_from("weekly", day) == date(2026, 11, 20)
    assert rules.look_back_from("monthly", day) == date(2026, 10, 28)
