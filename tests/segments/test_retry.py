"""Segmentation and hand-off are safe to run again (a job retried, two consumers, a head's
"run now" after the night's run): the second run changes nothing and writes no history."""

from datetime import date

from otdel.base.models import Company, CompanyEvent
from otdel.segments.services import run_handoff, segment

from .test_handoff import won  # noqa: F401 - the fixture
from .test_segment import order


def test_segmenting_twice_changes_no_class_and_writes_no_history(people, won):  # noqa: F811
    order(won["Два заказа"], date.today(), (1, 10))
    order(won["Крупный"], date.today(), (100, 100))
    first = segment(as_of=date.today(), criteria="all")
    classes = dict(Company.objects.values_list("pk", "abc_class"))
    events = CompanyEvent.objects.filter(kind=CompanyEvent.Kind.ABC).count()
    assert events > 0

    second = segment(as_of=date.today(), criteria="all")
    assert second == first
    assert dict(Company.objects.values_list("pk", "abc_class")) == classes
    assert CompanyEvent.objects.filter(kind=CompanyEvent.Kind.ABC).count() == events


def test_handing_off_twice_hands_each_client_once(people, won):  # noqa: F811
    order(won["Два заказа"], date.today(), (1, 10))
    order(won["Два заказа"], date.today(), (1, 10))
    assert run_handoff() == {"candidates": 1, "handed_off": 1}
    owners = dict(Company.objects.values_list("pk", "owner"))
    events = CompanyEvent.objects.count()
    assert run_handoff() == {"candidates": 0, "handed_off": 0}
    assert dict(Company.objects.values_list("pk", "owner")) == owners
    assert CompanyEvent.objects.count() == events
