"""drafts-not-ignored: a whole-repository check warns when git would let a draft be committed."""

from __future__ import annotations

import json

import pytest
from conftest import PolicyRepo

from openrubric import cli


def findings(repo: PolicyRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, list[dict]]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(["check", "--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)["findings"]


def test_a_repository_that_ignores_its_drafts_passes(repo, capsys, monkeypatch):
    assert findings(repo, capsys, monkeypatch) == (0, [])


@pytest.mark.parametrize(
    "gitignore",
    ["", "build/\n", "narratives/drafts/*.md\n", "drafts.md\n"],
    ids=["empty", "other-folders", "top-level-files-only", "a-file-named-drafts"],
)
def test_drafts_not_ignored_is_a_warning_at_the_gitignore(repo, capsys, monkeypatch, gitignore):
    repo.write(".gitignore", gitignore)
    status, found = findings(repo, capsys, monkeypatch)
    assert status == 0  # a warning: the repository is still usable
    assert [(f["rule"], f["path"], f["line"], f["severity"]) for f in found] == [("drafts-not-ignored", ".gitignore", 1, "warning")]
    assert "narratives/drafts/" in found[0]["message"] and ".gitignore" in found[0]["message"]


@pytest.mark.parametrize("gitignore", ["narratives/drafts/\n", "drafts/\n", "/narratives/drafts\n", "narratives/*/\n!narratives/examples/\n"])
def test_any_pattern_that_ignores_the_folder_will_do(repo, capsys, monkeypatch, gitignore):
    repo.write(".gitignore", gitignore)
    assert findings(repo, capsys, monkeypatch) == (0, [])


def test_git_info_exclude_counts_as_ignoring(repo, capsys, monkeypatch):
    repo.write(".gitignore", "")
    repo.write(".git/info/exclude", "narratives/drafts/\n")
    assert findings(repo, capsys, monkeypatch) == (0, [])


def test_the_pre_commit_path_does_not_ask(repo, capsys, monkeypatch):
    repo.write(".gitignore", "")
    assert findings(repo, capsys, monkeypatch, "policy/policy.md") == (0, [])


def test_it_can_be_ignored_by_configuration_where_drafts_live_elsewhere(repo, capsys, monkeypatch):
    repo.write(".gitignore", "")
    repo.write("openrubric.toml", 'ignore = ["drafts-not-ignored"]\n')
    assert findings(repo, capsys, monkeypatch) == (0, [])


def test_outside_git_it_says_nothing(repo, capsys, monkeypatch):
    import shutil

    shutil.rmtree(repo.path(".git"))
    repo.write(".gitignore", "")
    assert findings(repo, capsys, monkeypatch) == (0, [])
