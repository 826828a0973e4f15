from __future__ import annotations

import pytest


def test_a_metric_defined_on_commit_counts_is_reported_at_its_definition(repo, check):
    metrics = repo.read("rubrics/metrics.yaml")
    start = metrics.index("definition:", metrics.index("id: technical-leverage", metrics.index("\nmetrics:")))
    line = metrics[:start].count("\n") + 1
    end = metrics.index("\n    scope:", start)
    repo.write("rubrics/metrics.yaml", metrics[:start] + "definition: Individual throughput, counted as commits merged per week." + metrics[end:])

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("banned-signal", "rubrics/metrics.yaml", line)
    assert "code-activity-counted" in finding["message"]
    assert result.status == 1


def test_a_narrative_style_sentence_judging_by_chat_speed_fails(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nShe answers every Slack message within minutes, which supports her rating.\n")

    [finding] = check().findings

    assert finding["rule"] == "banned-signal"
    assert finding["line"] == text.count("\n") + 2


def test_replying_to_email_while_on_holiday_is_read_in_one_clause(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nEvery engineer is expected to reply to client emails while on holiday.\n")

    [finding] = check().findings

    assert (finding["line"], finding["column"], finding["rule"]) == (text.count("\n") + 2, 1, "banned-signal")
    assert "chat-responsiveness" in finding["message"]


def test_the_policys_own_prohibitions_pass(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nWe never rate anyone on Slack responsiveness, hours worked or commit counts.\n")

    assert check().findings == []


def test_the_guardrails_file_that_defines_the_signals_is_not_checked(repo, check):
    assert "lines of code" in repo.read("policy/guardrails.yaml")
    assert check().findings == []


def test_an_entry_naming_an_unknown_vocabulary_is_a_schema_finding_at_its_place(repo, check):
    # The rules cannot read until the entry is fixed; they say so instead of switching off in silence.
    repo.replace("policy/guardrails.yaml", "frames: [[chat, speed], [speed, judgement], [presence, speed], [chat, per_person, counting],", "frames: [[chat, sped],")
    narrative = "narratives/examples/review-avery-okafor.md"

    result = check(narrative, "policy/guardrails.yaml")

    [finding] = result.findings
    assert (finding["rule"], finding["path"]) == ("schema", "policy/guardrails.yaml")
    assert finding["line"] == repo.line_of("policy/guardrails.yaml", "frames: [[chat, sped],")
    assert "no vocabulary is named 'sped'" in finding["message"] and "cannot read" in finding["message"]
    assert result.status == 1


def test_a_monitoring_tool_described_by_what_it_records_fails_and_a_critique_of_it_passes(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nThe desktop agent records which applications are used and for how long.\n\n"
               "Opponents say that recording which applications are used is productivity theatre.\n")

    [finding] = check().findings

    assert (finding["line"], finding["column"], finding["rule"]) == (text.count("\n") + 2, 1, "banned-signal")
    assert "entry 'monitoring-data'" in finding["message"]


@pytest.mark.parametrize(
    ("sentence", "entry"),
    [
        # Office attendance, and the pay or job that hangs on it.
        ("Days spent at the office will decide each engineer's bonus.", "hours-and-presence"),
        # Sensors and door records that show who is on site.
        ("Desk sensors and badge entries show who was on site each day.", "monitoring-data"),
        ("Keylogging runs on every laptop the team uses.", "monitoring-data"),
        # People compared by a count, with a hedge between.
        ("Lands more commits than almost all of the other engineers.", "code-activity-counted"),
        # Time someone spent in a tool, counted per person or judged.
        ("The report lists how many hours each person spent in meetings.", "hours-and-presence"),
        ("Engineers who spend more time in Slack get a higher score.", "chat-responsiveness"),
        # Absence and leaving early, said of someone.
        ("No unscheduled absences all year.", "attendance"),
        ("Often goes home before the rest of the team.", "hours-and-presence"),
    ],
)
def test_a_signal_in_other_words_is_reported_at_its_place_with_its_entry(repo, check, sentence, entry):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\n" + sentence + "\n")

    [finding] = check("policy/policy.md").findings

    assert (finding["rule"], finding["line"], finding["column"]) == ("banned-signal", text.count("\n") + 2, 1)
    assert entry in finding["message"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The flaw is assuming that lines of code measure what an engineer is worth.",
        "A green dot only tells you someone is logged in.",
        "Badge swipes are control dressed up as a productivity measure.",
        # A team named for what it ranks: no ranking of people.
        "Review turnaround on the ranking team fell from 30 hours to 4 hours after the reviewers were reorganised.",
    ],
)
def test_a_critique_of_a_signal_in_other_words_passes(repo, check, sentence):
    repo.write("policy/policy.md", repo.read("policy/policy.md") + "\n" + sentence + "\n")

    assert check("policy/policy.md").findings == []


def test_time_off_task_is_reported_at_its_place_and_a_verdict_against_counting_tickets_passes(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nSupervisors review each picker's time off task before every shift.\n\n"
               "Ranking people by tickets closed is a total mess.\n")

    [finding] = check("policy/policy.md").findings

    assert (finding["line"], finding["column"], finding["rule"]) == (text.count("\n") + 2, 1, "banned-signal")
    assert "entry 'monitoring-data'" in finding["message"] and "time off task" in finding["message"]
