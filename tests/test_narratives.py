"""A manager's loop: draft, check (fails), fill in, check (passes), score; and the guards around it."""

from __future__ import annotations

import json
import subprocess

import pytest

from openrubric import cli

EXAMPLE = "narratives/examples/review-avery-okafor.md"


def run(repo, capsys, monkeypatch, *args: str):
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def findings(repo, capsys, monkeypatch, path: str) -> tuple[int, list[dict]]:
    status, out, _ = run(repo, capsys, monkeypatch, "narrative", "check", path, "--format", "json")
    return status, json.loads(out)["findings"]


def test_a_fresh_draft_fails_until_filled_in_then_passes_and_scores(repo, capsys, monkeypatch):
    status, out, _ = run(repo, capsys, monkeypatch, "narrative", "new", "--engineer", "Avery Okafor", "--level", "L4", "--period", "2026-H2", "--manager", "Sam Rivera")
    draft = out.strip().splitlines()[-1]
    assert status == 0
    assert draft.endswith("narratives/drafts/2026-H2/avery-okafor.md")
    relative = "narratives/drafts/2026-H2/avery-okafor.md"

    status, found = findings(repo, capsys, monkeypatch, relative)
    assert status == 1
    assert {"unanswered-question", "evidence-placeholder", "unknown-reference"} <= {f["rule"] for f in found}
    text = repo.read(relative)
    question_line = text.splitlines().index("## What problem did Avery Okafor solve?") + 1
    assert ("unanswered-question", question_line) in {(f["rule"], f["line"]) for f in found}

    repo.write(relative, repo.read(EXAMPLE))  # the manager fills it in
    status, found = findings(repo, capsys, monkeypatch, relative)
    assert (status, found) == (0, [])

    status, out, _ = run(repo, capsys, monkeypatch, "narrative", "score", relative, "--format", "json")
    score = json.loads(out)
    assert status == 0
    by_id = {entry["id"]: entry for entry in score["categories"]}
    # L4 weights 40/25/20/15; meets = 3, exceeds = 4: (3*40 + 4*25 + 3*20 + 3*15) / 100
    assert score["composite"] == pytest.approx((3 * 40 + 4 * 25 + 3 * 20 + 3 * 15) / 100)
    assert by_id["code-quality"] == {"id": "code-quality", "rating": "exceeds", "value": 4, "weight": 25, "contribution": 1.0}


def test_a_draft_is_never_overwritten_without_force(repo, capsys, monkeypatch):
    args = ("narrative", "new", "--engineer", "Avery Okafor", "--level", "L4", "--period", "2026-H2")
    assert run(repo, capsys, monkeypatch, *args)[0] == 0
    edited = repo.read("narratives/drafts/2026-H2/avery-okafor.md") + "work in progress\n"
    repo.write("narratives/drafts/2026-H2/avery-okafor.md", edited)

    status, _, err = run(repo, capsys, monkeypatch, *args)
    assert status == 1
    assert "already exists; pass --force" in err
    assert repo.read("narratives/drafts/2026-H2/avery-okafor.md") == edited

    assert run(repo, capsys, monkeypatch, *args, "--force")[0] == 0
    assert repo.read("narratives/drafts/2026-H2/avery-okafor.md").startswith("---\nengineer: Avery Okafor\n")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--level", "L9", "unknown level 'L9'"), ("--template", "nope", "unknown template 'nope'"), ("--period", "2026", "period '2026' is not a review period of rubrics/rubric.yaml: use a year and a half (H1, H2) or a quarter (Q1 to Q4), such as 2026-H2")],
)
def test_bad_draft_requests_are_clear_errors(repo, capsys, monkeypatch, option, value, message):
    args = {"--engineer": "Avery", "--level": "L4", "--period": "2026-H2", option: value}
    status, _, err = run(repo, capsys, monkeypatch, "narrative", "new", *[part for pair in args.items() for part in pair])
    assert status == 1
    assert message in err


def test_a_template_reaching_for_python_internals_fails_check_and_drafting(repo, capsys, monkeypatch):
    text = repo.read("narratives/templates/review.md").replace("id: review", "id: sneaky", 1)
    repo.write("narratives/templates/sneaky.md", text + "{{ engineer.__class__.__mro__[1].__subclasses__() }}\n")

    status, out, _ = run(repo, capsys, monkeypatch, "check", "--format", "json", "narratives/templates/sneaky.md")
    [finding] = json.loads(out)["findings"]
    assert (status, finding["rule"]) == (1, "template-render")
    assert "Python internals" in finding["message"]

    status, _, err = run(repo, capsys, monkeypatch, "narrative", "new", "--engineer", "A", "--level", "L4", "--period", "2026-H2", "--template", "sneaky")
    assert status == 1 and "Python internals" in err
    assert not repo.path("narratives/drafts/2026-H2/a.md").exists()


def test_too_few_evidence_items_for_a_top_rating_is_evidence_missing(repo, capsys, monkeypatch):
    text = repo.read(EXAMPLE)
    start = text.index("      - ref: PAY-902")
    end = text.index("  collaboration:")
    repo.write(EXAMPLE, text[:start] + text[end:])
    line = text[: text.index("evidence:", text.index("  code-quality:"))].count("\n") + 1

    status, found = findings(repo, capsys, monkeypatch, EXAMPLE)

    assert status == 1
    assert [(f["rule"], f["line"]) for f in found] == [("evidence-missing", line)]
    assert "requires 3" in found[0]["message"]


@pytest.mark.parametrize(
    ("ref", "summary", "complaint"),
    [
        ("TODO", "Cut p99 latency in half.", "is a placeholder"),
        ("https://example.com/pull/1", "Cut p99 latency in half.", "example or local host"),
        ("http://localhost:3000/dash", "Cut p99 latency in half.", "example or local host"),
        ("docs/design/missing.md", "Cut p99 latency in half.", "not a file in this repository"),
        ("PAY-12", "Done", "does not say what the item shows"),
        ("PAY-12", "see above", "does not say what the item shows"),
    ],
)
def test_placeholder_evidence_is_reported_at_the_item(repo, capsys, monkeypatch, ref, summary, complaint):
    text = repo.read(EXAMPLE)
    old = "      - ref: PAY-850\n        summary: Paired with the fraud team on the shared schema migration, which shipped on the agreed date.\n"
    repo.write(EXAMPLE, text.replace(old, f"      - ref: {ref}\n        summary: {summary}\n"))
    ref_line = text[: text.index(old)].count("\n") + 1

    status, found = findings(repo, capsys, monkeypatch, EXAMPLE)

    assert status == 1
    [finding] = found
    assert finding["rule"] == "evidence-placeholder"
    assert finding["line"] in (ref_line, ref_line + 1)
    assert complaint in finding["message"]


def answer_operational_multiplier(repo, answer: str) -> int:
    """Replace the example's answer under "Operational multiplier" with ``answer``; the heading's line."""
    text = repo.read(EXAMPLE)
    heading = "## Operational multiplier\n"
    start = text.index(heading) + len(heading)
    end = text.index("## ", start)
    repo.write(EXAMPLE, text[:start] + answer + text[end:])
    return text[: text.index(heading)].count("\n") + 1


def test_an_empty_section_is_unanswered(repo, capsys, monkeypatch):
    heading_line = answer_operational_multiplier(repo, "\n<!-- still thinking -->\n\n")

    _, found = findings(repo, capsys, monkeypatch, EXAMPLE)

    assert [(f["rule"], f["line"]) for f in found] == [("unanswered-question", heading_line)]


def test_a_section_that_opens_with_a_comment_and_then_answers_is_answered(repo, capsys, monkeypatch):
    answer_operational_multiplier(repo, "\n<!-- still thinking -->\nShipped the rollback guide; two teams use it.\n\n")

    status, found = findings(repo, capsys, monkeypatch, EXAMPLE)

    assert (status, found) == (0, [])


def test_score_refuses_a_narrative_with_errors(repo, capsys, monkeypatch):
    repo.write(EXAMPLE, repo.read(EXAMPLE).replace("rating: exceeds", "rating: legendary"))

    status, out, err = run(repo, capsys, monkeypatch, "narrative", "score", EXAMPLE)

    assert status == 1
    assert out == ""
    assert "no score without evidence" in err


@pytest.mark.parametrize("path", ["rubrics/rubric.yaml", "policy/policy.md", "narratives/templates/review.md", "README.md"])
def test_score_refuses_a_file_that_is_not_a_narrative(repo, capsys, monkeypatch, path):
    repo.write("README.md", "# A random Markdown file\n")

    status, out, err = run(repo, capsys, monkeypatch, "narrative", "score", path, "--format", "json")

    assert (status, out) == (1, "")
    assert f"{path} is not a narrative" in err
    assert "Traceback" not in err


def test_score_refuses_a_narrative_it_cannot_validate(repo, capsys, monkeypatch):
    repo.write("schemas/narrative.schema.json", '{"$id": true}')  # replaces the packaged schema

    status, out, err = run(repo, capsys, monkeypatch, "narrative", "score", EXAMPLE)

    assert (status, out) == (1, "")
    assert "could not be validated" in err


def test_drafts_are_ignored_by_git_in_this_repository():
    from pathlib import Path

    project = Path(__file__).resolve().parent.parent
    completed = subprocess.run(["git", "check-ignore", "-q", "narratives/drafts/2026-H2/someone.md"], cwd=project)
    assert completed.returncode == 0


def test_without_template_two_templates_for_the_first_purpose_ask_for_one(repo, capsys, monkeypatch):
    repo.write("narratives/templates/short-review.md", repo.read("narratives/templates/review.md").replace("id: review", "id: short-review", 1))

    status, _, err = run(repo, capsys, monkeypatch, "narrative", "new", "--engineer", "Avery", "--level", "L4", "--period", "2026-H2")

    assert status == 1
    assert "2 templates for the first purpose of the rubric, 'review'; pass --template (narratives/templates/ has: promotion, review, short-review)" in err
    assert not repo.path("narratives/drafts").exists()
