from __future__ import annotations

RUBRIC = "rubrics/rubric.yaml"


def scale_findings(result) -> list[tuple[str, int]]:
    return [(f["path"], f["line"]) for f in result.findings if f["rule"] == "scale-order"]


def test_two_ratings_in_the_wrong_order_are_reported_at_the_later_value_naming_both(repo, check):
    # approaching (2) and meets (3) swap values: meets now scores lower than the rating before it.
    repo.replace(RUBRIC, "value: 2\n", "value: 3\n")
    line = repo.replace(RUBRIC, "value: 3\n    meaning: >-\n      The level's", "value: 2\n    meaning: >-\n      The level's")

    result = check()

    assert scale_findings(result) == [(RUBRIC, line)]
    [finding] = result.findings
    assert "'meets'" in finding["message"] and "'approaching'" in finding["message"]
    assert result.status == 1


def test_two_ratings_with_the_same_value_are_reported(repo, check):
    line = repo.replace(RUBRIC, "value: 4\n", "value: 3\n")

    result = check()

    assert scale_findings(result) == [(RUBRIC, line)]
    assert "value 3, not higher than the 3 of 'meets'" in result.findings[0]["message"]


def test_a_scale_written_highest_first_is_reported_at_every_step(repo, check):
    lines = [repo.replace(RUBRIC, f"value: {old}\n", f"value: {new}\n") for old, new in ((1, 40), (2, 30), (3, 20), (4, 10))]

    assert scale_findings(check()) == [(RUBRIC, line) for line in lines[1:]]


def test_fractional_values_in_increasing_order_pass(repo, check):
    repo.replace(RUBRIC, "value: 2\n", "value: 2.5\n")

    assert check().findings == []
