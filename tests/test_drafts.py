"""`narrative new` writes a draft only inside the repository, never through a link, never over another
engineer's draft, and under a readable file name whatever the script of the engineer's name."""

from __future__ import annotations

import os
import stat

import pytest
import yaml

from openrubric import cli

DRAFTS = "narratives/drafts/2026-H2"


def new(repo, capsys, monkeypatch, engineer: str, *extra: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(["narrative", "new", "--engineer", engineer, "--level", "L4", "--period", "2026-H2", *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.out, captured.err


def engineer_of(path) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["engineer"]


@pytest.mark.parametrize(
    ("engineer", "name"),
    [("Zoë Ñúñez", "zoe-nunez.md"), ("Ли Мин", "li-min.md"), ("李明", "li-ming.md"), ("김민준", "gim-min-jun.md"), ("Σωκράτης", "sokratis.md")],
)
def test_names_in_every_script_give_readable_file_names(repo, capsys, monkeypatch, engineer, name):
    status, out, _ = new(repo, capsys, monkeypatch, engineer)

    assert status == 0
    assert out.strip().endswith(f"{DRAFTS}/{name}")
    assert engineer_of(repo.path(f"{DRAFTS}/{name}")) == engineer


def test_a_very_long_name_gives_a_capped_file_name(repo, capsys, monkeypatch):
    status, _out, _ = new(repo, capsys, monkeypatch, "Bartholomew " * 30)

    [written] = os.listdir(repo.path(DRAFTS))
    assert status == 0
    assert written.startswith("bartholomew-bartholomew") and len(written) <= 64


def test_two_engineers_with_the_same_file_name_get_two_drafts_and_force_never_crosses_them(repo, capsys, monkeypatch):
    assert new(repo, capsys, monkeypatch, "Li Min")[0] == 0
    status, out, _ = new(repo, capsys, monkeypatch, "Ли Мин")
    assert status == 0
    assert "li-min.md is another engineer's draft, so this one is li-min-2.md" in out
    assert (engineer_of(repo.path(f"{DRAFTS}/li-min.md")), engineer_of(repo.path(f"{DRAFTS}/li-min-2.md"))) == ("Li Min", "Ли Мин")

    status, _, err = new(repo, capsys, monkeypatch, "Ли Мин")
    assert status == 1
    assert f"{DRAFTS}/li-min-2.md already exists; pass --force" in err

    filled_in = repo.read(f"{DRAFTS}/li-min.md") + "Li Min's manager wrote this.\n"
    repo.write(f"{DRAFTS}/li-min.md", filled_in)
    assert new(repo, capsys, monkeypatch, "Ли Мин", "--force")[0] == 0
    assert repo.read(f"{DRAFTS}/li-min.md") == filled_in
    assert sorted(os.listdir(repo.path(DRAFTS))) == ["li-min-2.md", "li-min.md"]


def test_force_with_out_never_overwrites_another_engineers_draft_or_a_file_that_is_not_a_draft(repo, capsys, monkeypatch):
    assert new(repo, capsys, monkeypatch, "Li Min")[0] == 0
    theirs = repo.read(f"{DRAFTS}/li-min.md")
    rubric = repo.read("rubrics/rubric.yaml")

    status, _, err = new(repo, capsys, monkeypatch, "Ли Мин", "--out", f"{DRAFTS}/li-min.md", "--force")
    assert status == 1
    assert f"{DRAFTS}/li-min.md is the draft of another engineer (Li Min)" in err
    assert repo.read(f"{DRAFTS}/li-min.md") == theirs

    status, _, err = new(repo, capsys, monkeypatch, "Li Min", "--out", "rubrics/rubric.yaml", "--force")
    assert status == 1
    assert "rubrics/rubric.yaml exists and is not a draft" in err
    assert repo.read("rubrics/rubric.yaml") == rubric


def test_force_replaces_the_same_engineers_draft(repo, capsys, monkeypatch):
    assert new(repo, capsys, monkeypatch, "Avery Okafor", "--out", "narratives/drafts/mine.md")[0] == 0
    repo.write("narratives/drafts/mine.md", repo.read("narratives/drafts/mine.md").replace("TODO", "half done", 1))

    assert new(repo, capsys, monkeypatch, "Avery Okafor", "--out", "narratives/drafts/mine.md", "--force")[0] == 0

    assert "half done" not in repo.read("narratives/drafts/mine.md")
    assert os.listdir(repo.path("narratives/drafts")) == ["mine.md"]  # no temporary file left behind


def test_a_draft_is_readable_by_its_author_only(repo, capsys, monkeypatch):
    assert new(repo, capsys, monkeypatch, "Avery Okafor")[0] == 0

    assert stat.S_IMODE(os.stat(repo.path(f"{DRAFTS}/avery-okafor.md")).st_mode) == 0o600


@pytest.mark.parametrize("dangling", [True, False])
def test_a_default_path_that_is_a_link_is_refused_and_nothing_is_written_through_it(repo, tmp_path, capsys, monkeypatch, dangling):
    outside = tmp_path / "outside.md"
    if not dangling:
        outside.write_text("someone else's file\n", encoding="utf-8")
    repo.path(DRAFTS).mkdir(parents=True)
    os.symlink(outside, repo.path(f"{DRAFTS}/avery-okafor.md"))

    for force in ([], ["--force"]):
        status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor", *force)
        assert status == 1
        assert f"{DRAFTS}/avery-okafor.md is a symbolic link" in err
    assert outside.exists() is not dangling
    assert dangling or outside.read_text(encoding="utf-8") == "someone else's file\n"


def test_out_naming_a_link_is_refused(repo, tmp_path, capsys, monkeypatch):
    os.symlink(tmp_path / "outside.md", repo.path("narratives/link.md"))

    status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor", "--out", "narratives/link.md")

    assert status == 1
    assert "narratives/link.md is a symbolic link" in err
    assert not (tmp_path / "outside.md").exists()


def test_a_drafts_folder_linked_outside_the_repository_is_refused(repo, tmp_path, capsys, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, repo.path("narratives/drafts"))

    status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor")

    assert status == 1
    assert "is outside the repository" in err
    assert list(elsewhere.iterdir()) == []


def test_out_outside_the_repository_is_refused(repo, tmp_path, capsys, monkeypatch):
    status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor", "--out", str(tmp_path / "draft.md"))

    assert status == 1
    assert f"{tmp_path / 'draft.md'} is outside the repository" in err
    assert not (tmp_path / "draft.md").exists()


def test_out_naming_a_folder_is_a_clear_error(repo, capsys, monkeypatch):
    status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor", "--out", "narratives")

    assert status == 1
    assert "narratives is a folder; --out takes a file name" in err


def test_an_out_name_too_long_for_the_file_system_is_a_clear_error(repo, capsys, monkeypatch):
    status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor", "--out", f"narratives/drafts/{'x' * 300}.md")

    assert status == 1
    assert "cannot write" in err and "too long" in err


def test_a_period_folder_that_is_a_file_is_a_clear_error(repo, capsys, monkeypatch):
    repo.write(DRAFTS, "not a folder\n")

    status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor")

    assert status == 1
    assert "cannot write" in err
    assert repo.read(DRAFTS) == "not a folder\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to any folder whatever its permissions")
def test_an_unwritable_drafts_folder_is_a_clear_error(repo, capsys, monkeypatch):
    repo.path(DRAFTS).mkdir(parents=True)
    repo.path(DRAFTS).chmod(0o500)
    try:
        status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor")
    finally:
        repo.path(DRAFTS).chmod(0o700)

    assert status == 1
    assert "cannot write" in err and "Permission denied" in err


def test_out_inside_dot_git_is_refused(repo, capsys, monkeypatch):
    status, _, err = new(repo, capsys, monkeypatch, "Avery Okafor", "--out", ".git/hooks/pre-commit")

    assert status == 1
    assert "is inside .git" in err
    assert not repo.path(".git/hooks/pre-commit").exists()
