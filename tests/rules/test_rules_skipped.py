"""A shared file that fails its schema says which rules it switched off, instead of switching them off silently."""

from __future__ import annotations

SENTENCE = "He can come across as abrasive in design reviews."
NARRATIVE = "narratives/examples/review-avery-okafor.md"


def add_biased_sentence(repo) -> None:
    repo.write("policy/policy.md", repo.read("policy/policy.md") + SENTENCE + "\n")


def break_guardrails(repo) -> int:
    return repo.replace("policy/guardrails.yaml", "minimum_items: 2", "minimum_items: two")


def test_a_biased_sentence_is_found_while_the_guardrails_are_valid(repo, check):
    add_biased_sentence(repo)

    assert check().rules() == {"biased-language"}


def test_guardrails_failing_their_schema_name_the_guardrail_rules_that_did_not_run(repo, check):
    add_biased_sentence(repo)
    line = break_guardrails(repo)

    result = check()

    found = {(f["rule"], f["path"], f["line"]) for f in result.findings}
    assert found == {("schema", "policy/guardrails.yaml", line), ("rules-skipped", "policy/guardrails.yaml", 1)}
    [skipped] = [f for f in result.findings if f["rule"] == "rules-skipped"]
    assert skipped["severity"] == "warning"
    assert skipped["message"].startswith("these rules did not run: quota, banned-signal, biased-language, appeal-path,")
    assert "policy/guardrails.yaml does not pass its schema" in skipped["message"]
    assert result.status == 1


def test_a_rubric_that_cannot_be_read_names_the_rubric_rules_that_did_not_run(repo, check):
    repo.write("rubrics/rubric.yaml", repo.read("rubrics/rubric.yaml") + "levels: [\n")

    [skipped] = [f for f in check().findings if f["rule"] == "rules-skipped"]

    assert skipped["path"] == "rubrics/rubric.yaml"
    assert "weights-sum, missing-weight, scale-order, unknown-reference" in skipped["message"]
    assert "rubrics/rubric.yaml cannot be read" in skipped["message"]


def test_checking_only_a_narrative_still_says_the_guardrail_rules_did_not_run(repo, check):
    break_guardrails(repo)

    result = check(NARRATIVE)

    assert result.rules() == {"rules-skipped"}
    assert result.findings[0]["path"] == "policy/guardrails.yaml"


def test_the_warning_cannot_be_suppressed(repo, check):
    break_guardrails(repo)
    repo.write("policy/guardrails.yaml", "# openrubric: allow rules-skipped -- not now\n" + repo.read("policy/guardrails.yaml"))

    rules = check().rules()

    assert {"rules-skipped", "invalid-suppression"} <= rules


def test_a_broken_schema_is_named_as_the_reason_instead_of_the_file_it_validates(repo, check):
    repo.replace(repo.own_schema("rubric.schema.json"), '"maximum": 100', '"maximum": NaN')

    [skipped] = [f for f in check().findings if f["rule"] == "rules-skipped"]

    assert skipped["path"] == "rubrics/rubric.yaml"
    assert "rubrics/rubric.yaml cannot be validated while schemas/rubric.schema.json is missing or invalid" in skipped["message"]
