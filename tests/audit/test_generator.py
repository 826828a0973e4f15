"""The synthetic-cycle generator (bench/audit_cycles.py): an organisation of any size, from the rubric given."""

from __future__ import annotations

import random

from audit_cycles import Policy, organisation, rating_weights
from audit_support import PROJECT


def test_a_large_organisation_has_distinct_engineers_and_managers():
    people = organisation(Policy.read(PROJECT), 3000, random.Random(1))
    assert len({person.name for person in people}) == 3000
    managers = {person.manager for person in people}
    assert len(managers) == 300 and not managers & {person.name for person in people}


def test_ratings_peak_one_step_below_the_top_of_any_scale():
    for size in (3, 4, 6):
        weights = rating_weights(size)
        assert weights.index(max(weights)) == size - 2
