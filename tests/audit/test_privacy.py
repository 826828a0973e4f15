"""Which groups may be shown: small ones, small complements, and small differences between groups are not."""

from __future__ import annotations

from openrubric.audit import privacy


def members(start: int, stop: int) -> frozenset[int]:
    return frozenset(range(start, stop))


def test_a_group_under_the_minimum_is_suppressed_and_counted():
    groups = {"team:a": members(0, 20), "team:b": members(20, 24), "team:c": members(24, 40)}
    decision = privacy.decide(groups, [], members(0, 40), 5)
    assert decision.suppressed == {"team:b": privacy.SMALL}
    assert decision.shown == {"team:a", "team:c"}
    assert decision.reasons() == {privacy.SMALL: 1}


def test_a_group_whose_rest_is_under_the_minimum_is_suppressed():
    """Everyone else would be a group of three: the total less the group would show them."""
    decision = privacy.decide({"location:office": members(0, 37)}, [], members(0, 40), 5)
    assert decision.suppressed == {"location:office": privacy.SMALL_REST}


def test_a_partition_never_lets_a_suppressed_group_be_worked_out_from_the_total():
    """Three levels: L7 has two engineers. Showing L5 and L6 with the total would show L7 too, so the
    smallest shown level is suppressed beside it."""
    groups = {"level:L5": members(0, 20), "level:L6": members(20, 38), "level:L7": members(38, 40)}
    decision = privacy.decide(groups, [["level:L5", "level:L6", "level:L7"]], members(0, 40), 5)
    assert decision.suppressed == {"level:L7": privacy.SMALL, "level:L6": privacy.COMPLEMENT}
    assert decision.shown == {"level:L5"}


def test_engineers_with_no_value_count_as_hidden_in_their_partition():
    """Three engineers left the location empty: the two shown locations would reveal them."""
    groups = {"location:office": members(0, 20), "location:remote": members(20, 37)}
    decision = privacy.decide(groups, [["location:office", "location:remote"]], members(0, 40), 5)
    assert decision.suppressed == {"location:remote": privacy.COMPLEMENT}


def test_nested_groups_differing_by_fewer_than_the_minimum_are_not_both_shown():
    """Team payments is the platform team type less two engineers: both shown would show those two."""
    groups = {"team:payments": members(0, 10), "team_type:platform": members(0, 12), "team:search": members(12, 40)}
    decision = privacy.decide(groups, [], members(0, 60), 5)
    assert decision.suppressed == {"team:payments": privacy.OVERLAP}
    assert decision.shown == {"team_type:platform", "team:search"}


def test_overlapping_groups_that_swap_a_few_engineers_are_not_both_shown():
    groups = {"manager:A": members(0, 10), "team:x": members(2, 12)}
    decision = privacy.decide(groups, [], members(0, 60), 5)
    assert len(decision.suppressed) == 1 and decision.suppressed.popitem()[1] == privacy.OVERLAP


def test_identical_groups_and_groups_far_apart_are_shown():
    groups = {"manager:A": members(0, 10), "team:x": members(0, 10), "team:y": members(10, 30)}
    decision = privacy.decide(groups, [], members(0, 60), 5)
    assert decision.shown == set(groups)


def test_a_higher_minimum_suppresses_more():
    groups = {"team:a": members(0, 8), "team:b": members(8, 30)}
    assert privacy.decide(groups, [], members(0, 60), 5).shown == {"team:a", "team:b"}
    assert privacy.decide(groups, [], members(0, 60), 10).shown == {"team:b"}
