"""Stance: a sentence that reports what someone else said, argued, found or counted yields (the `attributed`,
`tally` and `score_band` vocabularies of policy/guardrails.yaml, named in the quota and banned-signal entries'
`unless`), while a manager passing on an instruction they must apply, and a policy in the present or future
tense, still fire. Each case is a snippet and the finding it must get; the sentences are our own."""

from __future__ import annotations

import pytest


def rules_fired(reading, sentence: str) -> set[str]:
    """The rules that fire on the sentence in a policy page or in a narrative."""
    return {match.entry.rule for kind in ("policy", "narrative") for match in reading.read(sentence, kind)}


# Instructions the writer must apply, and policies in the present or future tense: reporting words that stand
# alone ("said", "told", "according to") do not make them a report.
STILL_FIRE = [
    ("I was told only two of us can get Exceeds this cycle.", "quota"),
    ("HR said we must put 10% of each team in the bottom box.", "quota"),
    ("My manager said she had to rate at least one of us Below to balance the curve.", "quota"),
    ("According to the calibration guide, no more than 15% of each org may be rated Exceeds.", "quota"),
    ("From next cycle, no more than 20% of engineers may be rated Exceeds.", "quota"),
    ("We will rank everyone in the org from first to last every year.", "quota"),
    ("The lowest 5% of each team will be put on an improvement plan.", "quota"),
    ("My lead told me I have the fewest commits on the team and must raise them.", "banned-signal"),
    ("HR said hours logged after 6pm will count toward the rating.", "banned-signal"),
    ("Engineers who are online less than six hours a day will be rated Below.", "banned-signal"),
]

# Reports of what others said, argued, ruled or found; tallies of what happened; the score range of a band.
YIELD = [
    "The staff union argued that the scheme made managers give low marks to at least 5% of their people.",
    "Critics of the reform counter that the promotion allotment lets weaker officers through.",
    "A ministry official said the share of top grades fell because the ministry now caps them at a quarter.",
    "'Someone is always pushed into the bottom band however well they work,' the union official said.",
    "The tribunal held that fixing quotas for each grade made the appraisal defective.",
    "When the agency reviewed its scheme, it concluded that forced distributions did not fit good management.",
    "Of the six grades, the top one went to 212 officers, or 18% of those evaluated.",
    "Of the roughly 15,000 staff assessed, close to 70 percent scored between 2 and 2.5.",
    "Last year most executives clustered in the two highest rating levels.",
    "Developing covers scores from 1.0 up to 2.4.",
    "Good performance means a score of 70 points or more.",
    "Some managers take the view that people who stay late are the hardest workers.",
]


@pytest.mark.parametrize(("sentence", "rule"), STILL_FIRE)
def test_an_instruction_passed_on_or_a_policy_still_fires(reading, sentence: str, rule: str) -> None:
    assert rule in rules_fired(reading, sentence)


@pytest.mark.parametrize("sentence", YIELD)
def test_a_report_a_tally_or_a_score_band_yields(reading, sentence: str) -> None:
    assert rules_fired(reading, sentence) & {"quota", "banned-signal"} == set()
