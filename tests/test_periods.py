"""Review periods are whatever the rubric's `periods` declares, but always one safe folder name for drafts."""

from __future__ import annotations

import pytest

from openrubric import cli
from openrubric.periods import is_period, period_format


def rubric(pattern: str, example: str) -> dict:
    return {"periods": {"pattern": pattern, "example": example}}


@pytest.mark.parametrize(
    ("pattern", "period", "expected"),
    [
        ("[0-9]{4}", "2026", True),  # a yearly cycle
        ("[0-9]{4}", "2026-H1", False),  # the whole period must match
        ("FY[0-9]{2}-H[12]", "FY27-H1", True),
        ("FY[0-9]{2}-H[12]", "fy27-h1", False),
        ("[0-9]{4}-(H[12]|Q[1-4])", "2026-Q3", True),
        ("[0-9]{4}$", "2026\n", False),  # ECMA-262: `$` does not match before a final newline
        ("(", "2026", False),  # not a regular expression: the schema rule reports the pattern itself
    ],
)
def test_a_period_matches_the_whole_declared_pattern(pattern, period, expected):
    assert is_period(rubric(pattern, "2026"), period) is expected


def test_the_format_is_described_in_the_rubrics_words():
    assert period_format({"periods": {"pattern": "[0-9]{4}", "example": "2026", "description": "a calendar year"}}) == "a calendar year, such as 2026 (the pattern [0-9]{4})"


def test_a_period_the_rubric_allows_but_no_folder_can_hold_is_refused(repo, capsys, monkeypatch):
    repo.replace("rubrics/rubric.yaml", 'pattern: "[0-9]{4}-(H[12]|Q[1-4])"', 'pattern: ".+"')
    monkeypatch.chdir(repo.root)

    status = cli.main(["narrative", "new", "--engineer", "Avery", "--level", "L4", "--period", "../../escape"])

    assert status == 1
    assert "period '../../escape' cannot name the drafts' folder" in capsys.readouterr().err
    assert not repo.path("narratives/drafts").exists()
    assert not (repo.root.parent / "escape").exists()
