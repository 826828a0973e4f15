"""The comparisons on cycles built in memory: what is flagged, against whom, and what is not."""

from __future__ import annotations

import random

import pytest
from audit_support import PROJECT

from openrubric.audit import analyses
from openrubric.audit.cycle import Cycle, Narrative, Rating, load_policy
from openrubric.audit.frame import frame
from openrubric.audit.people import People
from openrubric.repository import Repository

SCALE = {"below": 1.0, "approaching": 2.0, "meets": 3.0, "exceeds": 4.0}
USUAL = ["approaching", "meets", "meets", "meets", "exceeds"]


@pytest.fixture(scope="module")
def policy():
    return load_policy(Repository(PROJECT))


def narrative(engineer: str, manager: str, level: str, ratings: dict[str, str], *, evidence: int = 3, drafts: dict[str, str] | None = None) -> Narrative:
    drafts = drafts or {}
    built = tuple(
        Rating(category, rating, SCALE[rating], evidence, drafts.get(category, rating), SCALE[drafts.get(category, rating)]) for category, rating in ratings.items()
    )
    return Narrative(engineer, manager, level, "2026-H2", built, None, 0)


def org(policy, rng: random.Random, *, managers: int = 12, each: int = 10, change=None) -> Cycle:
    """A cycle of ``managers`` x ``each`` engineers with usual ratings; ``change(index, manager, level,
    ratings)`` may alter each before it is built."""
    found = []
    for index in range(managers * each):
        manager, level = f"Manager {index // each:02d}", policy.levels[index % len(policy.levels)]
        ratings = {category: rng.choice(USUAL) for category in policy.categories}
        found.append(change(index, manager, level, ratings) if change else narrative(f"E{index}", manager, level, ratings))
    return Cycle(tuple(found), tuple(f"e{index}.md" for index in range(len(found))), ())


def run(policy, cycle: Cycle, people: People | None = None) -> analyses.Audit:
    return analyses.run(frame(policy, cycle, people, managers=True), [], "2026-H2", 5)


def test_a_manager_rating_one_category_lower_is_flagged_for_that_category_only(policy):
    target = policy.categories[1]

    def lower(index, manager, level, ratings):
        if manager == "Manager 03":
            ratings[target] = "below"
        return narrative(f"E{index}", manager, level, ratings)

    audit = run(policy, org(policy, random.Random(1), change=lower))
    assert [(f.kind, f.subject, f.category) for f in audit.findings] == [(analyses.CONSISTENCY, "Manager 03", target)]
    assert audit.findings[0].estimate.high < 0


def test_a_manager_whose_reports_are_all_at_a_lower_rated_level_is_consistent(policy):
    """L3 is rated lower across the organisation; a manager of L3 engineers only rates like everyone
    else at L3, so nothing is flagged: comparisons are made within a level."""
    rng = random.Random(2)
    low = ["below", "approaching", "approaching", "meets"]

    def by_level(index, manager, level, ratings):
        level = policy.levels[0] if manager == "Manager 00" or index % 3 == 0 else policy.levels[1]
        scale = low if level == policy.levels[0] else USUAL
        return narrative(f"E{index}", manager, level, {category: rng.choice(scale) for category in ratings})

    audit = run(policy, org(policy, rng, change=by_level))
    assert audit.findings == []


def test_a_group_lowered_in_calibration_is_flagged_as_a_rate(policy):
    people = People(["tenure"], {f"E{index}": {"tenure": "new" if index % 4 == 0 else "settled"} for index in range(120)})
    category = policy.categories[0]

    def calibrate(index, manager, level, ratings):
        if index % 8 == 0 or index == 1:  # half of the new engineers, one settled one
            ratings[category] = "approaching"
            return narrative(f"E{index}", manager, level, ratings, drafts={category: "meets"})
        return narrative(f"E{index}", manager, level, ratings)

    audit = run(policy, org(policy, random.Random(3), change=calibrate), people)
    flagged = [(f.subject, f.measure) for f in audit.findings]
    assert ("tenure=new", analyses.CALIBRATION) in flagged
    finding = next(f for f in audit.findings if f.measure == analyses.CALIBRATION)
    assert finding.estimate.effect == pytest.approx(15 / 30 - 1 / 90)


def test_top_ratings_resting_on_less_evidence_are_an_evidence_gap(policy):
    def thin(index, manager, level, ratings):
        ratings = dict.fromkeys(ratings, "exceeds" if index % 2 else "meets")
        items = 3 if manager == "Manager 05" else 3 + index % 3
        return narrative(f"E{index}", manager, level, ratings, evidence=items)

    audit = run(policy, org(policy, random.Random(4), change=thin))
    gaps = [f for f in audit.findings if f.kind == analyses.EVIDENCE_GAP]
    assert [(f.subject, f.rating) for f in gaps] == [("Manager 05", "exceeds")]
    assert gaps[0].estimate.effect < 0


def test_every_comparison_names_a_group_never_an_engineer(policy):
    audit = run(policy, org(policy, random.Random(5)))
    assert audit.comparisons and not any(c.subject.startswith("E") for c in audit.comparisons)
