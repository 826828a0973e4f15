from __future__ import annotations

import json

from conftest import sarif_errors


def append_line(repo, path: str, text: str) -> int:
    content = repo.read(path)
    repo.write(path, content + text + "\n")
    return content.count("\n") + 1


def test_a_quota_hidden_in_a_yaml_comment_of_the_rubric_fails_at_its_line(repo, check):
    line = append_line(repo, "rubrics/rubric.yaml", "# calibration note: keep Exceeds to at most 15% of each org")

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("quota", "rubrics/rubric.yaml", line)
    assert "hidden in a YAML comment" in finding["message"]
    assert result.status == 1


def test_a_quota_hidden_in_an_html_comment_of_the_policy_fails_at_its_line(repo, check):
    line = append_line(repo, "policy/policy.md", "<!-- Managers: plan for one Below per team of eight. -->")

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("quota", "policy/policy.md", line)
    assert "hidden in an HTML comment" in finding["message"]


def test_the_github_annotation_and_sarif_carry_a_hidden_quota(repo, check):
    line = append_line(repo, "rubrics/rubric.yaml", "# ratings must follow the 20/70/10 split")

    annotation = check(fmt="github").out.splitlines()[0]
    log = json.loads(check(fmt="sarif").out)

    assert annotation.startswith(f"::error file=rubrics/rubric.yaml,line={line},")
    assert "title=openrubric quota::" in annotation
    assert sarif_errors(log) == []
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "quota"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == line


def test_a_visible_quota_in_policy_text_fails(repo, check):
    line = append_line(repo, "policy/policy.md", "Each org should aim for roughly 10% Exceeds and 10% Below.")

    [finding] = check().findings

    assert (finding["rule"], finding["line"]) == ("quota", line)
    assert "hidden" not in finding["message"]


def test_negations_weights_slos_and_bias_audits_pass(repo, check):
    for text in (
        "We never use forced ranking, and there is no cap on Exceeds.",
        "Operational outcomes carry 40% of the composite at L4.",
        "The checkout SLO is 99.9% over 30 days, an error budget of about 43 minutes.",
        "Cut p99 latency by 40% by batching ledger writes.",
        "Every cycle we audit how ratings are distributed by team and gender to find bias, never to set targets.",
    ):
        append_line(repo, "policy/policy.md", text)

    assert check().findings == []


def test_a_yaml_key_that_encodes_a_distribution_is_a_quota_at_that_key(repo, check):
    line = append_line(repo, "rubrics/rubric.yaml", "max_percent:\n  exceeds: 15")

    result = check()

    quota = [f for f in result.findings if f["rule"] == "quota"]
    assert [(f["path"], f["line"]) for f in quota] == [("rubrics/rubric.yaml", line)]
    assert "'max_percent' names a distribution" in quota[0]["message"]
    assert "schema" in result.rules()


def test_a_distribution_key_whose_value_forbids_quotas_passes(repo, check):
    assert "quotas: forbidden" in repo.read("policy/guardrails.yaml")
    assert check().findings == []


def test_quota_cannot_be_suppressed(repo, check):
    line = append_line(repo, "policy/policy.md", "<!-- openrubric: allow quota -- leadership asked for it -->\nKeep Exceeds under 10% per org.")

    result = check()

    rules = {(f["rule"], f["line"]) for f in result.findings}
    assert ("invalid-suppression", line) in rules
    assert ("quota", line + 1) in rules
