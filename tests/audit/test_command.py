"""`openrubric audit` end to end: synthetic cycles written as files, read through the real checks, in every
format; exit statuses, where output goes and what it never holds."""

from __future__ import annotations

import os
import re
import sys

import pytest
import yaml
from audit_support import FORMATS, run_audit, write

from openrubric.audit import analyses, statistics


def test_the_planted_disparity_is_the_finding_with_its_interval_and_size(reports, cycle):
    report = reports["json", False].report
    assert report["narratives"] == {"audited": 100, "left_out": 0}
    flagged = [(f["kind"], f["subject"], f["category"], f["measure"]) for f in report["findings"]]
    assert ("disparity", "location=remote", cycle.truth.remote_category, "rating") in flagged
    finding = next(f for f in report["findings"] if f["subject"] == "location=remote")
    low, high = finding["interval"]
    assert low <= finding["effect"] <= high < 0
    remote = sum(engineer.location == "remote" for engineer in cycle.truth.engineers)
    assert (finding["n"], finding["n_rest"]) == (remote, 100 - remote)
    assert {"kind", "subject", "category", "effect", "interval", "n"} <= set(finding)


def test_json_keeps_every_table_beside_the_findings(reports):
    report = reports["json", False].report
    assert set(report["tables"]) == {"distributions", "calibration", "evidence", "drift", "consistency", "disparities", "evidence_gaps"}
    assert len(report["tables"]["disparities"]) > len(report["findings"])
    assert report["comparisons"] >= len(report["tables"]["consistency"]) + len(report["tables"]["disparities"])
    assert report["method"] and report["previous"] == ["2026-H1"]
    drift = {row["category"] for row in report["tables"]["drift"] if row["subject"] == "all" and row["measure"] == "distribution"}
    assert drift == {row["category"] for row in report["tables"]["calibration"]}


def test_people_file_rows_that_match_no_narrative_are_named_by_line_and_counted(cycle, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(cycle.people.read_text(encoding="utf-8") + "Zelda Q. Outsider,team-999,product,office,data,5y+\n", encoding="utf-8")
    run = run_audit(cycle.narratives, "--people", people, "--format", "json")
    assert run.status == 1
    assert f"{people}:102: this row's engineer has no narrative in the cycle" in run.err
    assert "Zelda" not in run.err and "Zelda" not in run.out
    assert run.report["input_problems"] == 1


def test_managers_are_listed_by_name_never_by_how_they_rate(reports):
    rows = reports["json", False].report["tables"]["consistency"]
    names = [row["subject"] for row in rows]
    assert names == sorted(names, key=str.casefold)
    assert len(set(names)) == 10  # ten teams of ten: every manager's group is large enough to show


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("publishable", [False, True])
def test_no_engineer_is_named_or_identified_in_any_format(reports, cycle, output_format, publishable):
    run = reports[output_format, publishable]
    assert run.status == 0, run.err
    for output in (run.out, run.err):
        leaked = sorted(identifier for identifier in cycle.identifiers() if identifier.casefold() in output.casefold())
        assert not leaked, f"{output_format}: {leaked[:5]}"


@pytest.mark.parametrize("output_format", FORMATS)
def test_the_publishable_summary_names_no_manager_and_the_restricted_report_does(reports, cycle, output_format):
    managers = {engineer.manager for engineer in cycle.truth.engineers}
    assert not [name for name in managers if name in reports[output_format, True].out]
    assert [name for name in managers if name in reports[output_format, False].out]


def test_the_publishable_summary_compares_cycles_and_no_group(reports):
    report = reports["json", True].report
    assert report["report"] == "publishable" and report["people"] is None
    assert {finding["kind"] for finding in report["findings"]} <= {"drift"}
    assert {"consistency", "disparities", "evidence_gaps"}.isdisjoint(report["tables"])
    assert {row["cycle"] for row in report["tables"]["distributions"]} == {"2026-H1", "2026-H2"}
    assert "is not read" in reports["json", True].err


@pytest.mark.parametrize("publishable", [False, True])
def test_text_fits_a_terminal_of_100_columns(reports, publishable):
    assert max(len(line) for line in reports["text", publishable].out.splitlines()) <= 100


@pytest.mark.parametrize("publishable", [False, True])
def test_markdown_tables_keep_one_cell_per_column(reports, publishable):
    """Every row of every table has as many cells as its header: no value breaks a table apart."""
    tables = re.split(r"\n\n", reports["markdown", publishable].out)
    found = [block.splitlines() for block in tables if block.startswith("|")]
    assert found
    for rows in found:
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, rows[:3]


def test_a_small_team_is_suppressed_and_counted(tmp_path):
    cycle = write(tmp_path / "cycle")
    moved = sorted(cycle.narratives.glob("*.md"))[:3]  # three engineers under a manager of their own
    for path in moved:
        content = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^manager: .*$", "manager: Solo Small-Team", content), encoding="utf-8")
    report = run_audit(cycle.narratives, "--format", "json").report
    assert "Solo Small-Team" not in str(report)
    assert report["suppressed"]["reasons"].get("fewer members than the minimum", 0) >= 1


def test_the_minimum_group_can_be_raised_but_never_lowered(cycle):
    lowered = run_audit(cycle.narratives, "--min-group", "3")
    assert lowered.status == 2 and "can only be raised" in lowered.err
    raised = run_audit(cycle.narratives, "--people", cycle.people, "--min-group", "11", "--format", "json").report
    assert raised["minimum_group"] == 11
    assert raised["tables"]["consistency"] == []  # every team has ten


def test_a_narrative_that_fails_its_check_is_left_out_counted_and_named_by_line(tmp_path):
    cycle = write(tmp_path / "cycle", engineers=30)
    broken = sorted(cycle.narratives.glob("*.md"))[0]
    broken.write_text(broken.read_text(encoding="utf-8").replace("rating: meets", "rating: splendid", 1), encoding="utf-8")
    run = run_audit(cycle.narratives, "--format", "json")
    assert run.status == 1
    assert run.report["narratives"] == {"audited": 29, "left_out": 1}
    assert re.search(rf"{re.escape(str(broken))}:\d+:\d+: \[unknown-reference\] rating 'splendid' is not on the scale", run.err)


def test_an_empty_cycle_is_a_clear_error_and_writes_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    run = run_audit(tmp_path / "empty")
    assert run.status == 2 and run.out == ""
    assert f"no narratives (Markdown files) in {tmp_path / 'empty'}" in run.err
    assert "Traceback" not in run.err


def test_the_report_goes_only_where_out_says_and_never_over_a_file(cycle, tmp_path):
    before = sorted(os.walk(cycle.folder))
    target = tmp_path / "report.html"
    run = run_audit(cycle.narratives, "--format", "html", "--out", target)
    assert run.status == 0 and run.out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    again = run_audit(cycle.narratives, "--out", target)
    assert again.status == 2 and "pass --force" in again.err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run_audit(cycle.narratives, "--out", target, "--force").status == 0
    assert sorted(os.walk(cycle.folder)) == before


def test_the_restricted_report_is_never_written_into_the_policy_repository(cycle, repo):
    inside = repo.root / "audit.md"
    refused = run_audit(cycle.narratives, "--format", "markdown", "--out", inside, root=repo.root)
    assert refused.status == 2 and "names managers" in refused.err and not inside.exists()
    published = run_audit(cycle.narratives, "--format", "markdown", "--publishable", "--out", inside, root=repo.root)
    assert published.status == 0 and inside.read_text(encoding="utf-8").startswith("# Audit of 2026-H2")


def test_without_the_audit_extra_the_message_says_what_to_install(cycle, monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)  # as if scipy were not installed
    run = run_audit(cycle.narratives)
    assert run.status == 2
    assert "pip install 'openrubric[audit]'" in run.err and "Traceback" not in run.err
    assert statistics.INSTALL in run.err


def test_nothing_about_this_repository_s_scale_or_categories_is_in_the_code(repo, tmp_path):
    """Another organisation's rubric: a five-point scale with other ids and labels. The generator and the
    audit take everything from the policy repository."""
    rubric = yaml.safe_load(repo.read("rubrics/rubric.yaml"))
    meaning = "The work changed how other teams build and run their systems, and the evidence shows the adoption."
    rubric["scale"].append({"id": "sets-the-bar", "label": "Sets the bar", "value": 5, "meaning": meaning})
    rubric = yaml.safe_dump(rubric, sort_keys=False, allow_unicode=True)
    repo.write("rubrics/rubric.yaml", rubric)
    assert run_audit_check(repo) == 0
    cycle = write(tmp_path / "five", root=repo.root, engineers=40)
    report = run_audit(cycle.narratives, "--format", "json", root=repo.root).report
    assert [entry["id"] for entry in report["scale"]][-1] == "sets-the-bar"
    assert all("sets-the-bar" in row["counts"] for row in report["tables"]["distributions"])
    assert sum(row["counts"]["sets-the-bar"] for row in report["tables"]["distributions"] if row["level"] == analyses.ALL) > 0


def run_audit_check(repo) -> int:
    from openrubric.check import run_check
    from openrubric.repository import Repository

    report = run_check(Repository(repo.root), None)
    assert not report.errors, [finding for finding in report.findings if finding.is_error]
    return 0



def test_a_name_with_terminal_escapes_reaches_the_text_report_harmless(tmp_path):
    cycle = write(tmp_path / "cycle")
    for path in cycle.narratives.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"manager: {cycle.truth.manager}\n", 'manager: "Mal\\e[2J\\e]0;owned\\aory"\n'), encoding="utf-8")
    run = run_audit(cycle.narratives, "--format", "text")
    assert run.status == 0, run.err
    assert "Mal?[2J?]0;owned?ory" in run.out
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", run.out)
