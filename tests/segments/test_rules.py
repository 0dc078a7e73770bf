"""The ABC(D) rules on hand-made numbers (METHOD 7; issue 6): Pareto boundaries, ties, clients
with no revenue, and D."""

from decimal import Decimal as D

from otdel.segments.rules import (
    Thresholds,
    Worth,
    frequency,
    pareto_classes,
    potential,
    with_d,
)


def test_a_while_the_clients_above_hold_less_than_80_percent():
    # 100 in all. Above client 2: 50 % -> A; above 3: 80 % (not below 80) -> B;
    # above 4: 95 % -> C; above 5: 99 % -> C.
    classes = pareto_classes([(1, D(50)), (2, D(30)), (3, D(15)), (4, D(4)), (5, D(1))])
    assert classes == {1: "A", 2: "A", 3: "B", 4: "C", 5: "C"}


def test_just_below_a_boundary_is_still_the_better_class():
    classes = pareto_classes([(1, D("79.99")), (2, D("15")), (3, D("5.01"))])
    assert classes == {1: "A", 2: "A", 3: "B"}  # above 3: 94.99 % < 95 %


def test_ties_share_a_class():
    # 40 + 40 hold 80 %: neither is "above" the other, so both are A; the 20 after them is B.
    classes = pareto_classes([(1, D(40)), (2, D(40)), (3, D(15)), (4, D(5))])
    assert classes == {1: "A", 2: "A", 3: "B", 4: "C"}
    # order of input does not matter
    assert pareto_classes([(4, D(5)), (2, D(40)), (3, D(15)), (1, D(40))]) == classes


def test_a_client_with_only_returns_or_nothing_is_c():
    assert pareto_classes([(1, D(100)), (2, D(0))]) == {1: "A", 2: "C"}
    assert pareto_classes([(1, D(0)), (2, D(0))]) == {1: "C", 2: "C"}
    assert pareto_classes([]) == {}


def test_thresholds_are_configurable():
    revenues = [(1, D(50)), (2, D(30)), (3, D(20))]
    assert pareto_classes(revenues, Thresholds(a=D("0.5"), b=D("0.7"))) == {1: "A", 2: "B", 3: "C"}


def test_d_is_low_value_and_low_potential():
    poor = Worth(potential=potential("small", ""), margin=0.5, frequency=frequency(1, 12))
    promising = Worth(potential=potential("small", "high"), margin=0.5, frequency=0.0)
    assert with_d("C", poor) == "D"
    assert with_d("C", promising) == "C"  # the manager's estimate of potential wins
    assert with_d("A", poor) == "A"  # value keeps A and B whatever the potential
    assert frequency(30, 12) == 1.0 and frequency(0, 0) == 0.0


def test_potential_from_the_manager_then_the_segment_then_the_size():
    assert potential("large", "low", "high") == potential("", "low", "")  # the manager's wins
    assert potential("small", "", "high") == 1.0  # then the segment's
    assert potential("large", "", "") == 1.0 and potential("non_core", "", "") == 0.0


def test_margin_scores_known_costs_and_weighs_unknown_neutrally():
    from otdel.segments.rules import UNKNOWN_MARGIN, margin

    assert margin(None, None) == UNKNOWN_MARGIN
    assert margin(25.0, 100.0) == 0.5  # a 25 % margin is half of a good one
    assert margin(80.0, 100.0) == 1.0 and margin(-10.0, 100.0) == 0.0
