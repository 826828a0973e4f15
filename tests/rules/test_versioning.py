"""``openrubric check --base REF``: a change in meaning needs its version bump and changelog entry, and
nothing that moves ratings may land during an open review cycle."""

from __future__ import annotations

import datetime
import json

IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.org")
ENTRY = """entries:
  - version: {version}
    date: 2026-06-01
    summary: Moves L3 weight from operational outcomes to code quality.
    rationale: Calibration found L3 code quality under-weighted against its expectations.
{extra}"""


def commit(repo, message: str) -> None:
    repo.git(*IDENTITY, "add", "-A")
    repo.git(*IDENTITY, "commit", "-qm", message)


def move_l3_weight(repo) -> None:
    text = repo.read("rubrics/rubric.yaml")
    text = text.replace("      operational-outcomes: 45\n      code-quality: 25\n", "      operational-outcomes: 40\n      code-quality: 30\n", 1)
    repo.write("rubrics/rubric.yaml", text)


def set_version(repo, version: str) -> None:
    repo.replace("rubrics/rubric.yaml", "\nversion: 1.0.0\n", f"\nversion: {version}\n")


def write_changelog(repo, version: str, extra: str = "") -> None:
    old = repo.read("rubrics/changelog.yaml").split("entries:\n", 1)[1]
    repo.write("rubrics/changelog.yaml", ENTRY.format(version=version, extra=extra) + old)


def test_a_weight_change_fails_until_the_version_is_bumped_and_a_changelog_entry_written(repo, check):
    move_l3_weight(repo)

    result = check("--base", "HEAD")
    [finding] = result.findings
    assert (finding["rule"], finding["line"]) == ("version-bump", repo.line_of("rubrics/rubric.yaml", "version: 1.0.0"))
    assert "major version bump" in finding["message"]

    set_version(repo, "1.1.0")
    assert [f["rule"] for f in check("--base", "HEAD").findings] == ["version-bump"]  # minor is not enough

    set_version_line = repo.read("rubrics/rubric.yaml").replace("version: 1.1.0", "version: 2.0.0")
    repo.write("rubrics/rubric.yaml", set_version_line)
    result = check("--base", "HEAD")
    assert [f["rule"] for f in result.findings] == ["changelog-entry"]
    assert "no changelog entry for version 2.0.0" in result.findings[0]["message"]

    write_changelog(repo, "2.0.0")
    result = check("--base", "HEAD")
    assert (result.status, result.findings) == (0, [])


def test_the_base_is_an_earlier_commit_as_in_a_pull_request(repo, check):
    move_l3_weight(repo)
    commit(repo, "move weight")

    assert check("--base", "HEAD~1").rules() == {"version-bump"}
    assert check().findings == []  # without --base there is nothing to compare


def test_a_new_metric_needs_only_a_minor_bump(repo, check):
    metrics = repo.read("rubrics/metrics.yaml")
    start = metrics.index("  - id: review-cycle-time")
    end = metrics.index("  - id: technical-leverage", start)
    repo.write("rubrics/metrics.yaml", metrics + metrics[start:end].replace("id: review-cycle-time", "id: review-cycle-time-p90"))
    set_version(repo, "1.1.0")
    write_changelog(repo, "1.1.0")

    assert check("--base", "HEAD").findings == []


def test_loosening_a_guardrail_needs_its_own_rationale(repo, check):
    repo.replace("policy/guardrails.yaml", "minimum_items: 2", "minimum_items: 1")
    set_version(repo, "2.0.0")
    write_changelog(repo, "2.0.0")

    result = check("--base", "HEAD")
    [finding] = result.findings
    assert finding["rule"] == "changelog-entry"
    assert "loosening_rationale" in finding["message"]

    text = repo.read("rubrics/changelog.yaml")
    rationale = "    loosening_rationale: Two items was a burden for interns; peer review covers the gap.\n"
    repo.write("rubrics/changelog.yaml", text.replace(ENTRY.format(version="2.0.0", extra=""), ENTRY.format(version="2.0.0", extra=rationale), 1))
    assert check("--base", "HEAD").findings == []


def test_a_weight_change_during_an_open_cycle_must_take_effect_after_it(repo, check):
    today = datetime.date.today()
    opens, closes = today - datetime.timedelta(days=10), today + datetime.timedelta(days=20)
    rubric = repo.read("rubrics/rubric.yaml")
    rubric += f"\ncycles:\n  - id: current\n    opens: {opens}\n    closes: {closes}\n"
    repo.write("rubrics/rubric.yaml", rubric)
    commit(repo, "declare the cycle")
    move_l3_weight(repo)
    set_version(repo, "2.0.0")
    write_changelog(repo, "2.0.0")

    result = check("--base", "HEAD")
    [finding] = result.findings
    text = repo.read("rubrics/rubric.yaml")
    assert (finding["rule"], finding["line"]) == ("freeze-window", text[: text.index("\neffective:")].count("\n") + 2)
    assert str(closes) in finding["message"]

    repo.replace("rubrics/rubric.yaml", "\neffective: 2026-01-01\n", f"\neffective: {closes + datetime.timedelta(days=1)}\n")
    assert check("--base", "HEAD").findings == []


def test_an_unknown_base_is_a_usage_error(repo, check):
    result = check("--base", "no-such-ref")
    assert result.status == 2
    assert "no-such-ref" in result.err


def test_json_output_is_unchanged_in_shape(repo, check):
    move_l3_weight(repo)
    document = json.loads(check("--base", "HEAD").out)
    assert set(document) == {"findings", "files_checked", "suppressions"}
