"""A rating changed in calibration keeps its draft value, a reason and evidence; a reason resting on a
distribution, a budget or a ranking is a quota error."""

from __future__ import annotations

import pytest

EXAMPLE = "narratives/examples/review-avery-okafor.md"
RATED = "  code-quality:\n    rating: exceeds\n"
EVIDENCE = "      evidence:\n        - {ref: PAY-1301, summary: Removed the legacy retry layer with tests for every path.}\n"


def calibrated(repo, entry: str) -> int:
    """Give code-quality the calibration ``entry`` (lines under `calibration:`); return the entry's first line."""
    return repo.replace(EXAMPLE, RATED, RATED + "    calibration:\n" + entry) + 3


def found(result) -> list[tuple[int, int, str]]:
    return [(f["line"], f["column"], f["rule"]) for f in result.findings]


def test_a_change_with_reason_and_evidence_passes(repo, check):
    calibrated(repo, "      from: meets\n      to: exceeds\n      reason: The panel read the design review; it was adopted by two teams.\n" + EVIDENCE)

    assert check().findings == []


def test_a_change_without_reason_is_reported_at_the_entry(repo, check):
    line = calibrated(repo, "      from: meets\n      to: exceeds\n" + EVIDENCE)

    assert found(check()) == [(line - 1, 5, "calibration-without-reason")]


@pytest.mark.parametrize("reason", ["", "TODO", "tbd"])
def test_an_empty_or_placeholder_reason_is_reported_at_the_reason(repo, check, reason):
    line = calibrated(repo, f"      from: meets\n      to: exceeds\n      reason: \"{reason}\"\n" + EVIDENCE)

    result = check()

    assert found(result) == [(line + 2, 15, "calibration-without-reason")]
    assert "from 'meets' to 'exceeds' gives no reason" in result.findings[0]["message"]


def test_a_change_without_evidence_is_reported(repo, check):
    line = calibrated(repo, "      from: meets\n      to: exceeds\n      reason: Adoption by two teams, which the draft left out.\n      evidence: []\n")

    assert found(check()) == [(line + 3, 7, "calibration-without-evidence")]


def test_placeholder_evidence_of_a_change_is_reported_like_a_rating_s(repo, check):
    line = calibrated(repo, "      from: meets\n      to: exceeds\n      reason: Adoption by two teams.\n      evidence:\n        - {ref: TODO, summary: x}\n")

    assert {(f["line"], f["rule"]) for f in check().findings} == {(line + 4, "evidence-placeholder")}


def test_a_to_that_is_not_the_rating_is_a_mismatch(repo, check):
    line = calibrated(repo, "      from: meets\n      to: approaching\n      reason: Adoption by two teams.\n" + EVIDENCE)

    result = check()

    assert found(result) == [(line + 1, 11, "calibration-mismatch")]
    assert "ends at 'approaching' but the rating is 'exceeds'" in result.findings[0]["message"]


def test_a_change_to_the_same_rating_is_a_mismatch(repo, check):
    line = calibrated(repo, "      from: exceeds\n      to: exceeds\n      reason: Adoption by two teams.\n" + EVIDENCE)

    assert found(check()) == [(line, 13, "calibration-mismatch")]


def test_a_rating_off_the_scale_is_a_mismatch(repo, check):
    line = calibrated(repo, "      from: stellar\n      to: exceeds\n      reason: Adoption by two teams.\n" + EVIDENCE)

    result = check()

    assert found(result) == [(line, 13, "calibration-mismatch")]
    assert "'stellar' is not on the rubric's scale (below, approaching, meets, exceeds)" in result.findings[0]["message"]


def test_an_unknown_key_in_the_entry_is_a_schema_error(repo, check):
    line = calibrated(repo, "      from: meets\n      to: exceeds\n      reason: Adoption.\n      because: curve\n" + EVIDENCE)

    assert [(f["line"], f["rule"]) for f in check().findings] == [(line + 3, "schema")]


@pytest.mark.parametrize(
    "reason",
    [
        "Lowered to fit the curve for the org.",
        "We were over on Exceeds for this level, so this one moved down.",
        "There were only two slots for Exceeds at this level.",
        "The budget for high ratings was already used.",
        "Moved down to keep the distribution in line with the guidance.",
    ],
)
def test_a_reason_resting_on_a_distribution_budget_or_ranking_is_a_quota_error(repo, check, reason):
    line = calibrated(repo, f"      from: meets\n      to: exceeds\n      reason: \"{reason}\"\n" + EVIDENCE)

    result = check()

    assert [(f["line"], f["rule"]) for f in result.findings] == [(line + 2, "quota")]
    assert result.status == 1


@pytest.mark.parametrize(
    "reason",
    [
        "Moved up after the panel reviewed the migration evidence.",
        "Lowered: the design was led by the tech lead, and the level expects the engineer to own that scope.",
        "Raised because the adoption data shows three teams use the dashboard, which the draft undercounted.",
        "Too many incidents in the period were left without a follow-up, which the level expects.",
    ],
)
def test_a_reason_about_the_engineer_s_evidence_passes(repo, check, reason):
    calibrated(repo, f"      from: meets\n      to: exceeds\n      reason: \"{reason}\"\n" + EVIDENCE)

    assert check().findings == []
