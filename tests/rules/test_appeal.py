from __future__ import annotations

import re


def test_guardrails_without_an_appeal_path_fail(repo, check):
    text = repo.read("policy/guardrails.yaml")
    repo.write("policy/guardrails.yaml", re.sub(r"(?ms)^appeal:.*?(?=^\S|\Z)", "", text))

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("appeal-path", "policy/guardrails.yaml", 1)
    assert result.status == 1


def test_an_appeal_path_pointing_at_a_missing_policy_section_is_reported_at_that_value(repo, check):
    line = repo.replace("policy/guardrails.yaml", "policy_section: appeals", "policy_section: complaints")

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["line"]) == ("appeal-path", line)
    assert "'complaints'" in finding["message"]
