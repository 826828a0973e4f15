"""Which groups an audit may show: none smaller than the minimum, and none that could be subtracted from
another figure the report shows to reveal a smaller one.

A group is a set of engineers (the reports of one manager, everyone with one value of an attribute, one
level). Within one scope (the engineers behind one table), a group is suppressed when

1. it has fewer members than the minimum;
2. the rest of the scope has fewer than the minimum (the scope's total minus the group would show them);
3. in its partition (the groups of one attribute, the managers, the levels), the suppressed groups and the
   engineers with no value together number fewer than the minimum while more than none: the total minus
   the shown groups would reveal them, so the smallest shown group of the partition is suppressed too;
4. another shown group differs from it by fewer than the minimum engineers, counting both ways (the
   symmetric difference): subtracting one from the other would show those few. The smaller of the two goes.

Steps 3 and 4 repeat until nothing changes. Figures about subsets of a shown group (the top ratings of a
manager's reports, one category where a level weighs only some) are held to the minimum by their own count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

DEFAULT_MINIMUM = 5

SMALL = "fewer members than the minimum"
SMALL_REST = "everyone else numbers fewer than the minimum"
WHOLE = "the whole scope, so there is no one to compare with"
COMPLEMENT = "the other suppressed groups of its kind could be worked out from the total"
OVERLAP = "another group shown differs from it by fewer engineers than the minimum"


@dataclass
class Decision:
    """The groups of one scope that may be shown, and why each of the others may not."""

    shown: set[str]
    suppressed: dict[str, str] = field(default_factory=dict)  # group -> reason

    def reasons(self) -> Counter[str]:
        return Counter(self.suppressed.values())


def decide(groups: dict[str, frozenset[int]], partitions: list[list[str]], scope: frozenset[int], minimum: int) -> Decision:
    """Which of ``groups`` (each a set of engineers inside ``scope``) may be shown. ``partitions`` lists the
    groups that split the scope by one attribute (each engineer in at most one of them)."""
    decision = Decision(set())
    for key, members in groups.items():
        if len(members) < minimum:
            decision.suppressed[key] = SMALL
        elif len(members) == len(scope):
            decision.suppressed[key] = WHOLE
        elif len(scope) - len(members) < minimum:
            decision.suppressed[key] = SMALL_REST
        else:
            decision.shown.add(key)
    changed = True
    while changed:
        changed = _complements(groups, partitions, scope, minimum, decision) | _overlaps(groups, minimum, decision)
    return decision


def _complements(groups: dict[str, frozenset[int]], partitions: list[list[str]], scope: frozenset[int], minimum: int, decision: Decision) -> bool:
    changed = False
    for partition in partitions:
        while True:
            shown = [key for key in partition if key in decision.shown]
            hidden = len(scope) - sum(len(groups[key]) for key in shown)
            if not shown or hidden == 0 or hidden >= minimum:
                break
            smallest = min(shown, key=lambda key: (len(groups[key]), key))
            decision.shown.discard(smallest)
            decision.suppressed[smallest] = COMPLEMENT
            changed = True
    return changed


def _overlaps(groups: dict[str, frozenset[int]], minimum: int, decision: Decision) -> bool:
    """Suppress the smaller of two shown groups whose members differ by 1 to minimum - 1 engineers. Only
    pairs that share a member can be that close (two disjoint groups differ by at least 2 x minimum), so the
    pairs come from each engineer's own groups."""
    by_engineer: dict[int, list[str]] = {}
    for key in sorted(decision.shown):
        for member in groups[key]:
            by_engineer.setdefault(member, []).append(key)
    shared: Counter[tuple[str, str]] = Counter()
    for keys in by_engineer.values():
        shared.update(combinations(keys, 2))
    changed = False
    for (first, second), common in sorted(shared.items()):
        if first not in decision.shown or second not in decision.shown:
            continue
        difference = len(groups[first]) + len(groups[second]) - 2 * common
        if 0 < difference < minimum:
            smaller = min((first, second), key=lambda key: (len(groups[key]), key))
            decision.shown.discard(smaller)
            decision.suppressed[smaller] = OVERLAP
            changed = True
    return changed
