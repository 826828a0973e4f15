from __future__ import annotations


def test_a_metric_defined_on_commit_counts_is_reported_at_its_definition(repo, check):
    metrics = repo.read("rubrics/metrics.yaml")
    start = metrics.index("definition:", metrics.index("id: technical-leverage", metrics.index("\nmetrics:")))
    line = metrics[:start].count("\n") + 1
    end = metrics.index("\n    scope:", start)
    repo.write("rubrics/metrics.yaml", metrics[:start] + "definition: Individual throughput, counted as commits merged per week." + metrics[end:])

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("banned-signal", "rubrics/metrics.yaml", line)
    assert "commit-count" in finding["message"]
    assert result.status == 1


def test_a_narrative_style_sentence_judging_by_chat_speed_fails(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nShe answers every Slack message within minutes, which supports her rating.\n")

    [finding] = check().findings

    assert finding["rule"] == "banned-signal"
    assert finding["line"] == text.count("\n") + 2


def test_the_policys_own_prohibitions_pass(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nWe never rate anyone on Slack responsiveness, hours worked or commit counts.\n")

    assert check().findings == []


def test_the_guardrails_file_that_defines_the_signals_is_not_checked(repo, check):
    assert "lines of code" in repo.read("policy/guardrails.yaml")
    assert check().findings == []


def test_a_broken_pattern_in_guardrails_not_asked_for_is_still_reported(repo, check):
    # Checking only a narrative skips compiling the guardrails' patterns in the schema check, which makes a
    # pre-commit run faster; a pattern that does not compile must then fail loudly, not switch the rule off.
    repo.replace("policy/guardrails.yaml", "'\\b(?:first|quickest|fastest) to (?:reply|respond|answer)\\b'", "'\\b(?:first|quickest to'")
    narrative = "narratives/examples/review-avery-okafor.md"
    repo.write(narrative, repo.read(narrative) + "\nAlways first to reply on Slack within two minutes, so I rated her Exceeds.\n")

    result = check(narrative)

    [finding] = result.findings
    assert finding["rule"] == "internal-error"
    assert "chat-responsiveness" in finding["message"] and "openrubric check policy/guardrails.yaml" in finding["message"]
    assert result.status == 1
    [schema] = check("policy/guardrails.yaml").findings
    assert (schema["rule"], schema["line"]) == ("schema", repo.line_of("policy/guardrails.yaml", "quickest to'"))
