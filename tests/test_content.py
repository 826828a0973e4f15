"""The repository's own content is clean, and breaking any one thing in it is pointed at the right line."""

from __future__ import annotations

import pytest


def test_the_repositorys_own_content_has_no_findings(check):
    result = check()
    assert result.findings == []
    assert result.status == 0
    assert result.out and '"files_checked"' in result.out


def test_a_changed_weight_is_reported_at_that_levels_weights(repo, check):
    rubric = repo.read("rubrics/rubric.yaml")
    first_weights = rubric.index("weights:")
    line = rubric[:first_weights].count("\n") + 1
    value_start = rubric.index(": ", rubric.index("operational-outcomes", first_weights)) + 2
    digits = rubric[value_start:].split(",")[0].split("}")[0].split("\n")[0].strip()
    repo.write("rubrics/rubric.yaml", rubric[:value_start] + str(int(digits) + 1) + rubric[value_start + len(digits) :])

    result = check()

    assert result.status == 1
    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("weights-sum", "rubrics/rubric.yaml", line)
    assert "101" in finding["message"]


def test_a_misspelt_key_is_a_schema_error_at_that_key(repo, check):
    rubric = repo.read("rubrics/rubric.yaml")
    line = rubric[: rubric.index("\n    weights:")].count("\n") + 2
    repo.write("rubrics/rubric.yaml", rubric.replace("\n    weights:", "\n    wieghts:", 1))

    result = check()

    assert result.status == 1
    located = {(f["rule"], f["line"]) for f in result.findings if f["path"] == "rubrics/rubric.yaml"}
    assert ("schema", line) in located
    assert any("unknown key 'wieghts'" in f["message"] for f in result.findings)


def test_a_renamed_category_is_an_unknown_reference_wherever_it_is_used(repo, check):
    rubric = repo.read("rubrics/rubric.yaml")
    repo.write("rubrics/rubric.yaml", rubric.replace("- id: code-quality", "- id: code-health", 1))

    result = check()

    assert result.status == 1
    paths = {(f["rule"], f["path"]) for f in result.findings}
    assert ("unknown-reference", "rubrics/rubric.yaml") in paths
    assert ("unknown-reference", "rubrics/metrics.yaml") in paths
    assert ("missing-weight", "rubrics/rubric.yaml") in paths


def test_a_team_metric_used_as_individual_evidence_is_reported_at_its_review_use(repo, check):
    metrics = repo.read("rubrics/metrics.yaml")
    start = metrics.index("id: change-failure-rate")
    use = metrics.index("review_use: context", start)
    repo.write("rubrics/metrics.yaml", metrics[:use] + "review_use: evidence" + metrics[use + len("review_use: context") :])

    result = check()

    [finding] = result.findings
    assert finding["rule"] == "team-metric-as-individual"
    assert finding["line"] == metrics[:use].count("\n") + 1
    assert "change-failure-rate" in finding["message"]


@pytest.mark.parametrize(
    ("path", "key"),
    [("rubrics/rubric.yaml", "version"), ("rubrics/metrics.yaml", "metrics"), ("policy/guardrails.yaml", "banned_signals")],
)
def test_a_missing_required_key_is_reported(repo, check, path, key):
    text = repo.read(path)
    repo.write(path, text.replace(f"\n{key}:", f"\nx-{key}:", 1) if not text.startswith(f"{key}:") else "x-" + text)

    result = check()

    assert result.status == 1
    messages = [f["message"] for f in result.findings if f["path"] == path and f["rule"] == "schema"]
    assert any(f"missing required key '{key}'" in message for message in messages)
