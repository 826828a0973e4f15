"""Narratives are personal data: a whole-repository check skips what git ignores (the drafts), and a narrative
git tracks outside the examples is an error that says why."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import CONTENT, PROJECT, PolicyRepo

from openrubric import cli

IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.org")
EXAMPLE = "narratives/examples/review-avery-okafor.md"
DRAFT = "narratives/drafts/2026-H2/avery-okafor.md"


def run(root, capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    capsys.readouterr()
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def check(root, capsys, monkeypatch, *args: str) -> tuple[int, dict]:
    status, out, _ = run(root, capsys, monkeypatch, "check", "--format", "json", *args)
    return status, json.loads(out)


def draft(root, capsys, monkeypatch) -> None:
    args = ("narrative", "new", "--engineer", "Avery Okafor", "--level", "L4", "--period", "2026-H2", "--root", str(root))
    assert run(root, capsys, monkeypatch, *args)[0] == 0
    assert (root / DRAFT).is_file()


def test_the_whole_repository_check_skips_the_drafts_git_ignores(repo, capsys, monkeypatch):
    assert repo.read(".gitignore") == "narratives/drafts/\n"  # as the repo fixture commits it
    status, before = check(repo.root, capsys, monkeypatch)
    draft(repo.root, capsys, monkeypatch)

    status, after = check(repo.root, capsys, monkeypatch)

    assert (status, after["findings"]) == (0, [])
    assert after["files_checked"] == before["files_checked"]


def test_an_ignored_draft_named_on_the_command_line_is_still_checked(repo, capsys, monkeypatch):
    assert repo.read(".gitignore") == "narratives/drafts/\n"  # as the repo fixture commits it
    draft(repo.root, capsys, monkeypatch)

    status, out, _ = run(repo.root, capsys, monkeypatch, "narrative", "check", DRAFT, "--format", "json")

    assert status == 1
    findings = json.loads(out)["findings"]
    assert {finding["path"] for finding in findings} == {DRAFT}
    assert "committed-narrative" not in {finding["rule"] for finding in findings}


def test_outside_git_nothing_is_ignored(tmp_path, capsys, monkeypatch):
    root = tmp_path / "plain"
    for folder in ("policy", "rubrics", "narratives/templates"):
        shutil.copytree(PROJECT / folder, root / folder)
    (root / ".gitignore").write_text("narratives/drafts/\n", encoding="utf-8")
    draft(root, capsys, monkeypatch)

    status, report = check(root, capsys, monkeypatch, "--root", str(root))

    assert status == 1
    assert DRAFT in {finding["path"] for finding in report["findings"]}


def test_a_staged_or_committed_narrative_outside_the_examples_is_an_error_that_says_why(repo, capsys, monkeypatch):
    path = "narratives/2026-H2/avery-okafor.md"
    repo.write(path, repo.read(EXAMPLE))
    repo.git("add", path)

    for args in ([], [path]):  # the whole repository, and the pre-commit path
        status, report = check(repo.root, capsys, monkeypatch, *args)
        assert status == 1
        [finding] = [finding for finding in report["findings"] if finding["rule"] == "committed-narrative"]
        assert (finding["path"], finding["line"]) == (path, 1)
        assert "personal data" in finding["message"]
        assert f"git rm --cached {path}" in finding["message"]

    repo.git(*IDENTITY, "commit", "-qm", "oops")
    status, report = check(repo.root, capsys, monkeypatch)
    assert [finding["path"] for finding in report["findings"] if finding["rule"] == "committed-narrative"] == [path]


def test_a_force_added_draft_in_the_ignored_folder_is_reported_too(repo, capsys, monkeypatch):
    assert repo.read(".gitignore") == "narratives/drafts/\n"  # as the repo fixture commits it
    draft(repo.root, capsys, monkeypatch)
    repo.git("add", "--force", DRAFT)

    status, report = check(repo.root, capsys, monkeypatch)

    assert status == 1
    assert ("committed-narrative", DRAFT) in {(finding["rule"], finding["path"]) for finding in report["findings"]}


def test_untracked_narratives_and_the_committed_examples_pass(repo, capsys, monkeypatch):
    repo.write("narratives/2026-H2/avery-okafor.md", repo.read(EXAMPLE))

    status, report = check(repo.root, capsys, monkeypatch)

    assert (status, report["findings"]) == (0, [])
    assert EXAMPLE in repo.git("ls-files")


def test_the_pre_commit_path_without_narratives_never_asks_git(repo, capsys, monkeypatch):
    calls = []
    real_run = subprocess.run

    def recording_run(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording_run)

    status, _ = check(repo.root, capsys, monkeypatch, "rubrics/rubric.yaml", "policy/guardrails.yaml")

    assert status == 0
    assert calls == []


def test_a_repository_in_a_subfolder_of_a_git_work_tree_asks_git_from_there(tmp_path, capsys, monkeypatch):
    outer = PolicyRepo(tmp_path / "monorepo")
    for folder in CONTENT:
        shutil.copytree(PROJECT / folder, outer.path(f"hr/{folder}"))
    outer.write(".gitignore", "hr/narratives/drafts/\n")
    outer.git("init", "-q", "-b", "main")
    outer.git(*IDENTITY, "add", "-A")
    outer.git(*IDENTITY, "commit", "-qm", "content")
    root = outer.path("hr")
    draft(root, capsys, monkeypatch)

    status, report = check(root, capsys, monkeypatch, "--root", str(root))

    assert (status, report["findings"]) == (0, [])
    assert EXAMPLE in outer.git("ls-files", "--", "hr").replace("hr/", "")
