"""An entry of `policy/guardrails.yaml` may set its own `level`: its findings are then warnings or errors whatever
its rule's own severity, in every output, and the exit status follows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import sarif_errors

from openrubric.content import Content
from openrubric.repository import Repository
from openrubric.rules import guardrails

PROJECT = Path(__file__).resolve().parents[2]
SNIPPET = "site/snippet.md"  # a page of the site: no schema of its own to satisfy


def with_levels(text: str, levels: dict[str, str]) -> str:
    """The guardrails file ``text`` with ``level`` set on the entries named."""
    for entry, level in levels.items():
        line = f"    - id: {entry}\n"
        assert text.count(line) == 1, entry
        text = text.replace(line, f"{line}      level: {level}\n")
    return text


def findings_in(snippet: str, levels: dict[str, str]) -> list[tuple[int, int, str, str]]:
    """(line, column, rule, level) of each guardrail finding on a page holding ``snippet``, read with this
    repository's entries and ``levels`` set on them."""
    rules = with_levels((PROJECT / "policy" / "guardrails.yaml").read_text(encoding="utf-8"), levels)
    supplied = {"policy/guardrails.yaml": rules.encode(), SNIPPET: snippet.encode()}
    content = Content(Repository(PROJECT), paths=["policy/guardrails.yaml", "rubrics/rubric.yaml", SNIPPET], targets={SNIPPET}, supplied=supplied)
    assert [f for f in content.findings if f.path in supplied] == []  # validation decides which documents are read
    return [(f.line, f.column, f.rule, f.severity.value) for f in guardrails.check(content)]


PAGE = "---\ntitle: Snippet\n---\n\nIntro.\n\n"


@pytest.mark.parametrize(
    ("snippet", "levels", "expected"),
    [
        # Absent, an entry's findings have its rule's severity.
        (PAGE + "No more than 15% of each org may be rated Exceeds.\n", {}, [(7, 1, "quota", "error")]),
        (PAGE + "In retros, Dana comes across as aloof.\n", {}, [(7, 1, "biased-language", "warning")]),
        # Lowered or raised by the entry, at the same place.
        (PAGE + "No more than 15% of each org may be rated Exceeds.\n", {"share-of-a-rating": "warning"}, [(7, 1, "quota", "warning")]),
        (PAGE + "Intro. In retros, Dana comes across as aloof.\n", {"personality-attributed": "error"}, [(7, 8, "biased-language", "error")]),
        # An entry lowered to a warning hides no error a later entry of the rule raises on the sentence.
        (PAGE + "Stack rank the team and cap Exceeds at 10%.\n", {"distribution-scheme": "warning"}, [(7, 1, "quota", "error")]),
        (PAGE + "We use a forced-ranking model at year end.\n", {"distribution-scheme": "warning"}, [(7, 1, "quota", "warning")]),
        # Each rule of a sentence at its own entry's level.
        (PAGE + "We use a forced-ranking model, and she comes across as aloof.\n", {"distribution-scheme": "warning", "personality-attributed": "error"},
         [(7, 1, "quota", "warning"), (7, 1, "biased-language", "error")]),
    ],
)
def test_a_finding_takes_the_level_of_the_entry_that_fired(snippet, levels, expected):
    assert findings_in(snippet, levels) == expected


def test_an_entry_set_to_warning_warns_in_every_output_and_the_check_passes(repo, check):
    repo.write("policy/guardrails.yaml", with_levels(repo.read("policy/guardrails.yaml"), {"share-of-a-rating": "warning"}))
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nNo more than 15% of each org may be rated Exceeds.\n")
    line = text.count("\n") + 2

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["severity"], finding["line"], finding["column"]) == ("quota", "warning", line, 1)
    assert "entry 'share-of-a-rating'" in finding["message"]
    assert result.status == 0
    written = check(fmt="text")
    assert written.status == 0 and f"policy/policy.md:{line}:1: warning [quota] " in written.out
    assert check(fmt="github").out.startswith(f"::warning file=policy/policy.md,line={line},")
    log = json.loads(check(fmt="sarif").out)
    assert sarif_errors(log) == []
    [sarif_result] = log["runs"][0]["results"]
    assert (sarif_result["ruleId"], sarif_result["level"]) == ("quota", "warning")
    assert log["runs"][0]["invocations"][0]["exitCode"] == 0


def test_an_entry_raised_to_error_fails_the_check(repo, check):
    repo.write("policy/guardrails.yaml", with_levels(repo.read("policy/guardrails.yaml"), {"personality-attributed": "error"}))
    repo.write("policy/policy.md", repo.read("policy/policy.md") + "\nIn retros, Dana comes across as aloof.\n")

    result = check()

    assert [(f["rule"], f["severity"]) for f in result.findings] == [("biased-language", "error")]
    assert result.status == 1


def test_a_quota_entry_lowered_to_a_warning_still_cannot_be_suppressed_in_the_file(repo, check):
    repo.write("policy/guardrails.yaml", with_levels(repo.read("policy/guardrails.yaml"), {"share-of-a-rating": "warning"}))
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\n<!-- openrubric: allow quota -- leadership asked for it -->\nNo more than 15% of each org may be rated Exceeds.\n")
    line = text.count("\n") + 2

    found = {(f["rule"], f["severity"], f["line"]) for f in check().findings}

    assert ("invalid-suppression", "error", line) in found and ("quota", "warning", line + 1) in found


def test_a_level_other_than_error_or_warning_is_refused_at_its_file_and_line(repo, check):
    repo.write("policy/guardrails.yaml", with_levels(repo.read("policy/guardrails.yaml"), {"share-of-a-rating": "fatal"}))
    line = repo.line_of("policy/guardrails.yaml", "level: fatal")

    result = check()

    [finding] = [f for f in result.findings if f["rule"] == "schema"]
    assert (finding["path"], finding["line"]) == ("policy/guardrails.yaml", line)
    assert "fatal" in finding["message"] and "error" in finding["message"] and "warning" in finding["message"]
    assert result.status == 1
