"""``openrubric diff`` on real git repositories: changes in meaning, and the awkward shapes of history."""

from __future__ import annotations

import json
import re
import subprocess

from openrubric import cli

IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.org")


def commit(repo, message: str) -> None:
    repo.git(*IDENTITY, "add", "-A")
    repo.git(*IDENTITY, "commit", "-qm", message)


def diff(repo, capsys, monkeypatch, *args: str) -> tuple[int, dict | str, str]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(["diff", *args, "--format", "json"])
    captured = capsys.readouterr()
    return status, (json.loads(captured.out) if status == 0 else captured.out), captured.err


def change_first_weight(repo, old: int, new: int) -> None:
    repo.replace("rubrics/rubric.yaml", f"    weights:\n      operational-outcomes: {old}\n", f"    weights:\n      operational-outcomes: {new}\n")


def test_changing_one_weight_reports_exactly_that_change(repo, capsys, monkeypatch):
    change_first_weight(repo, 45, 40)
    commit(repo, "L3 weight")

    status, report, _ = diff(repo, capsys, monkeypatch, "HEAD~1", "HEAD")

    assert status == 0
    assert report["changes"] == [
        {"kind": "weight", "path": "rubrics/rubric.yaml", "subject": "L3/operational-outcomes", "old": 45, "new": 40, "effect": "neutral"}
    ]


def test_removing_a_banned_signal_loosens(repo, capsys, monkeypatch):
    text = repo.read("policy/guardrails.yaml")
    start, end = text.index("  - id: commit-count"), text.index("  - id: pull-request-count")
    repo.write("policy/guardrails.yaml", text[:start] + text[end:])
    commit(repo, "drop a signal")

    _, report, _ = diff(repo, capsys, monkeypatch, "HEAD~1", "HEAD")

    assert [(c["kind"], c["subject"], c["effect"]) for c in report["changes"]] == [("banned-signal-removed", "commit-count", "loosens")]


def test_a_lower_evidence_minimum_and_a_shorter_appeal_window_loosen(repo, capsys, monkeypatch):
    repo.replace("policy/guardrails.yaml", "minimum_items: 2", "minimum_items: 1")
    repo.replace("policy/guardrails.yaml", "window_days: 30", "window_days: 14")

    _, report, _ = diff(repo, capsys, monkeypatch, "HEAD")  # against the working tree

    effects = {(c["kind"], c["subject"]): (c["old"], c["new"], c["effect"]) for c in report["changes"]}
    assert effects[("evidence-minimum", "minimum_items")] == (2, 1, "loosens")
    assert effects[("appeal", "window_days")] == (30, 14, "loosens")


def test_a_renamed_category_is_one_rename(repo, capsys, monkeypatch):
    text = repo.read("rubrics/rubric.yaml").replace("code-quality", "code-health")
    repo.write("rubrics/rubric.yaml", text)
    commit(repo, "rename")

    _, report, _ = diff(repo, capsys, monkeypatch, "HEAD~1", "HEAD")

    kinds = [(c["kind"], c["old"], c["new"]) for c in report["changes"]]
    assert ("category-renamed", "code-quality", "code-health") in kinds
    assert not any(kind == "category-removed" for kind, _, _ in kinds)


def test_the_first_commit_compares_with_the_working_tree(repo, capsys, monkeypatch):
    status, report, _ = diff(repo, capsys, monkeypatch, "HEAD")

    assert (status, report["changes"]) == (0, [])


def test_content_that_fails_to_parse_at_base_is_reported_not_fatal(repo, capsys, monkeypatch):
    good = repo.read("rubrics/rubric.yaml")
    repo.write("rubrics/rubric.yaml", "levels: [\n")
    commit(repo, "broken")
    repo.write("rubrics/rubric.yaml", good)
    commit(repo, "fixed")

    status, report, _ = diff(repo, capsys, monkeypatch, "HEAD~1", "HEAD")

    assert status == 0
    assert report["changes"][0]["kind"] == "unreadable"
    assert report["changes"][0]["path"] == "rubrics/rubric.yaml"


def test_a_file_deleted_and_recreated_shows_no_change(repo, capsys, monkeypatch):
    repo.own_schema("template.schema.json")
    commit(repo, "own schema")
    text = repo.read("schemas/template.schema.json")
    repo.path("schemas/template.schema.json").unlink()
    commit(repo, "delete")
    repo.write("schemas/template.schema.json", text)
    commit(repo, "recreate")

    _, across, _ = diff(repo, capsys, monkeypatch, "HEAD~2", "HEAD")
    _, removal, _ = diff(repo, capsys, monkeypatch, "HEAD~2", "HEAD~1")

    assert across["changes"] == []
    assert [(c["kind"], c["path"]) for c in removal["changes"]] == [("schema-removed", "schemas/template.schema.json")]


def test_a_merge_commit_diffs_against_its_first_parent(repo, capsys, monkeypatch):
    repo.git("checkout", "-q", "-b", "proposal")
    change_first_weight(repo, 45, 40)
    commit(repo, "proposal")
    repo.git("checkout", "-q", "main")
    repo.replace("policy/guardrails.yaml", "window_days: 30", "window_days: 45")
    commit(repo, "main moves on")
    repo.git(*IDENTITY, "merge", "-q", "--no-edit", "proposal")

    _, report, _ = diff(repo, capsys, monkeypatch, "HEAD^1", "HEAD")

    assert [(c["kind"], c["subject"]) for c in report["changes"]] == [("weight", "L3/operational-outcomes")]


def test_the_default_base_is_the_merge_base_with_main(repo, capsys, monkeypatch):
    repo.git("checkout", "-q", "-b", "proposal")
    change_first_weight(repo, 45, 40)
    commit(repo, "proposal")

    status, report, _ = diff(repo, capsys, monkeypatch)

    assert status == 0
    assert [c["subject"] for c in report["changes"]] == ["L3/operational-outcomes"]


def test_a_missing_base_in_a_shallow_clone_says_how_to_fetch_it(repo, tmp_path, capsys, monkeypatch):
    change_first_weight(repo, 45, 40)
    commit(repo, "second")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow)], check=True)
    monkeypatch.chdir(shallow)

    status = cli.main(["diff", "HEAD~1", "HEAD"])

    assert status == 2
    assert "git fetch --unshallow" in capsys.readouterr().err


def test_outside_a_git_repository_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    status = cli.main(["diff", "HEAD~1", "HEAD"])

    assert status == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_markdown_puts_loosened_guardrails_first(repo, capsys, monkeypatch):
    change_first_weight(repo, 45, 40)
    repo.replace("policy/guardrails.yaml", "minimum_items: 2", "minimum_items: 1")
    monkeypatch.chdir(repo.root)

    assert cli.main(["diff", "HEAD", "--format", "markdown"]) == 0

    out = capsys.readouterr().out
    assert "loosen a guardrail" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows[0].startswith("| loosens | evidence-minimum")


def test_a_renamed_file_is_compared_by_kind_not_by_name(repo, capsys, monkeypatch):
    repo.git("mv", "rubrics/rubric.yaml", "rubrics/rubric.yml")
    commit(repo, "rename the rubric file")

    status, report, _ = diff(repo, capsys, monkeypatch, "HEAD~1", "HEAD")

    assert (status, report["changes"]) == (0, [])


def test_a_dangling_link_is_an_unreadable_change_for_diff_and_check_base(repo, capsys, monkeypatch):
    repo.path("rubrics/metrics.yaml").unlink()
    repo.path("rubrics/metrics.yaml").symlink_to("gone.yaml")

    status, report, err = diff(repo, capsys, monkeypatch, "HEAD")

    assert status == 0, err
    # Reported as unreadable, not as every metric removed.
    assert [(c["kind"], c["path"]) for c in report["changes"]] == [("unreadable", "rubrics/metrics.yaml")]
    assert "No such file" in report["changes"][0]["new"]
    status = cli.main(["check", "--base", "HEAD", "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert status == 1
    # rules-skipped: the rule that reads the metrics says it could not run.
    assert [(f["rule"], f["path"]) for f in found if f["rule"] != "rules-skipped"] == [("unreadable", "rubrics/metrics.yaml")]


def test_a_self_referencing_alias_is_an_unreadable_change_at_either_end(repo, capsys, monkeypatch):
    good = repo.read("policy/guardrails.yaml")
    repo.write("policy/guardrails.yaml", good.replace("banned_signals:", "x-loop: &loop [*loop]\nbanned_signals:", 1))
    commit(repo, "a loop")

    for revisions in (("HEAD~1", "HEAD"), ("HEAD",)):
        repo.write("policy/guardrails.yaml", good if revisions == ("HEAD",) else repo.read("policy/guardrails.yaml"))
        status, report, err = diff(repo, capsys, monkeypatch, *revisions)

        assert status == 0, err
        [change] = report["changes"]
        assert (change["kind"], change["path"]) == ("unreadable", "policy/guardrails.yaml")
        assert "refer to themselves" in (change["old"] or change["new"])


def test_values_of_unexpected_types_are_compared_without_failing(repo, capsys, monkeypatch):
    text = repo.read("rubrics/rubric.yaml")
    repo.write("rubrics/rubric.yaml", text.replace("    weights:\n", "    weights: [1, 2]\n    x-weights:\n", 1).replace("- id: meets", "- id: [meets]", 1))
    guardrails = repo.read("policy/guardrails.yaml")
    repo.write("policy/guardrails.yaml", guardrails.replace("evidence:", "evidence: .nan\nx-evidence:", 1))

    status, report, err = diff(repo, capsys, monkeypatch, "HEAD")

    assert status == 0, err
    kinds = {change["kind"] for change in report["changes"]}
    assert {"weight", "scale-removed", "evidence-minimum"} <= kinds


def test_json_output_stays_json_when_a_value_is_nan_or_infinite(repo, capsys, monkeypatch):
    repo.replace("policy/guardrails.yaml", "window_days: 30", "window_days: .nan")
    repo.replace("rubrics/rubric.yaml", "    weights:\n      operational-outcomes: 45\n", "    weights:\n      operational-outcomes: -.inf\n")
    monkeypatch.chdir(repo.root)
    capsys.readouterr()

    status = cli.main(["diff", "HEAD", "--format", "json"])

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    changes = json.loads(capsys.readouterr().out, parse_constant=refuse)["changes"]
    assert status == 0
    assert {(c["subject"], c["new"]) for c in changes} >= {("window_days", ".nan"), ("L3/operational-outcomes", "-.inf")}


def test_a_new_period_format_and_a_new_purpose_are_changes_in_meaning(repo, capsys, monkeypatch):
    repo.replace("rubrics/rubric.yaml", 'pattern: "[0-9]{4}-(H[12]|Q[1-4])"', 'pattern: "FY[0-9]{2}-H[12]"')
    repo.write("rubrics/rubric.yaml", repo.read("rubrics/rubric.yaml") + "  - id: mid-year-check-in\n    name: Mid-year check-in\n")
    commit(repo, "fiscal halves and a check-in")

    status, report, _ = diff(repo, capsys, monkeypatch, "HEAD~1", "HEAD")

    assert status == 0
    assert [(c["kind"], c["subject"], c["old"], c["new"]) for c in report["changes"]] == [
        ("purpose-added", "mid-year-check-in", None, "Mid-year check-in"),
        ("periods", "periods/pattern", "[0-9]{4}-(H[12]|Q[1-4])", "FY[0-9]{2}-H[12]"),
    ]


def test_a_new_definition_cue_loosens_the_guardrails(repo, capsys, monkeypatch):
    repo.replace("policy/guardrails.yaml", "  definition: [means*,", "  definition: [is a word for, means*,")
    commit(repo, "one more way to define a term")

    _, report, _ = diff(repo, capsys, monkeypatch, "HEAD~1", "HEAD")

    [change] = [c for c in report["changes"] if c["subject"] == "definition"]
    assert change["effect"] == "loosens"
    assert "is a word for" in json.dumps(change)


def test_how_the_guardrail_rules_read_is_a_change_in_meaning(repo, capsys, monkeypatch):
    # One edit to `terms` moves every biased-language term; an entry's `unless`, `negation` and `documents` move one.
    text = repo.read("policy/guardrails.yaml")
    terms_unless = re.search(r"  terms:\n    unless: \[(.*)\]\n    negation: false\n", text)
    text = text.replace(terms_unless.group(0), "  terms:\n    unless: []\n")
    presence = re.search(r"      signal: hours-worked\n      says: judges people by their hours or presence\n      unless: \[(.*)\]\n", text)
    text = text.replace(presence.group(0), presence.group(0).replace("]\n", ", discussion]\n      documents: [narrative]\n"))
    text = text.replace("    answer: [certainly not,", "    answer: [no way, certainly not,")
    text = text.replace("  distribution_keys: [distribution,", "  distribution_keys: [bell_curve, distribution,")
    repo.write("policy/guardrails.yaml", text)
    commit(repo, "how the rules read")

    _, report, _ = diff(repo, capsys, monkeypatch, "HEAD~1", "HEAD")

    found = {(c["kind"], c["subject"]): (c["old"], c["new"], c["effect"]) for c in report["changes"]}
    assert found == {
        ("guardrail-unless-removed", "terms"): (terms_unless.group(1).split(", "), None, "tightens"),
        ("guardrail-reads-negation", "terms"): (False, None, "loosens"),  # a negated label no longer fires
        ("guardrail-unless-added", "hours-and-presence"): (None, ["discussion"], "loosens"),
        ("guardrail-documents", "hours-and-presence"): (None, ["narrative"], "loosens"),  # the policy is no longer read
        ("guardrail-answer-added", "answer"): (None, ["no way"], "loosens"),
        ("guardrail-distribution-key-added", "distribution_keys"): (None, ["bell_curve"], "tightens"),
    }
