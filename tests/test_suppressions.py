"""``openrubric: allow RULE -- REASON`` silences a finding on its line or the next, and every run counts it."""

from __future__ import annotations

import json

SENTENCE = "He can come across as abrasive in design reviews."


def add(repo, text: str) -> int:
    content = repo.read("policy/policy.md")
    repo.write("policy/policy.md", content + text + "\n")
    return content.count("\n") + 1


def test_a_suppression_with_a_reason_silences_the_next_line_and_is_counted(repo, check):
    line = add(repo, f"<!-- openrubric: allow biased-language -- quoting the engineer's own self-review -->\n{SENTENCE}")

    result = check()
    document = json.loads(result.out)

    assert result.findings == []
    assert document["suppressions"] == [
        {"path": "policy/policy.md", "line": line, "rules": ["biased-language"], "reason": "quoting the engineer's own self-review", "until": None}
    ]
    assert check(fmt="text").out.strip().endswith("no problems, 1 suppression applied")


def test_a_suppression_without_a_reason_is_an_error_and_silences_nothing(repo, check):
    line = add(repo, f"<!-- openrubric: allow biased-language -->\n{SENTENCE}")

    rules = {(f["rule"], f["line"]) for f in check().findings}

    assert rules == {("invalid-suppression", line), ("biased-language", line + 1)}


def test_an_expired_suppression_is_an_error(repo, check):
    line = add(repo, f"<!-- openrubric: allow biased-language until 2020-01-31 -- temporary quote -->\n{SENTENCE}")

    findings = check().findings

    expired = [f for f in findings if f["rule"] == "invalid-suppression"]
    assert [f["line"] for f in expired] == [line]
    assert "expired on 2020-01-31" in expired[0]["message"]


def test_a_suppression_until_a_future_date_holds(repo, check):
    add(repo, f"<!-- openrubric: allow biased-language until 2999-12-31 -- quoting a peer verbatim -->\n{SENTENCE}")

    result = check()

    assert result.findings == []
    assert json.loads(result.out)["suppressions"][0]["until"] == "2999-12-31"


def test_an_unknown_rule_is_an_error(repo, check):
    line = add(repo, "<!-- openrubric: allow biased-langauge -- typo -->")

    [finding] = check().findings

    assert (finding["rule"], finding["line"]) == ("invalid-suppression", line)
    assert "unknown rule 'biased-langauge'" in finding["message"]


def test_a_suppression_that_silences_nothing_is_a_warning(repo, check):
    line = add(repo, "<!-- openrubric: allow biased-language -- no longer needed -->\nA plain sentence.")

    [finding] = check().findings

    assert (finding["rule"], finding["severity"], finding["line"]) == ("unused-suppression", "warning", line)


def test_a_trailing_yaml_comment_silences_its_own_line(repo, check):
    metrics = repo.read("rubrics/metrics.yaml")
    start = metrics.index("definition:", metrics.index("id: technical-leverage", metrics.index("\nmetrics:")))
    end = metrics.index("\n    scope:", start)
    definition = "definition: Counted as commits merged per week.  # openrubric: allow banned-signal -- historical wording kept for the audit"
    repo.write("rubrics/metrics.yaml", metrics[:start] + definition + metrics[end:])

    result = check()

    assert result.findings == []
    assert json.loads(result.out)["suppressions"][0]["rules"] == ["banned-signal"]
