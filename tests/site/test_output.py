"""`site build` writes only where nothing but an earlier build's files can be lost, and publishes only files
inside the repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from openrubric import cli

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site_repo(repo):
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    return repo


def build(repo, capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(["site", "build", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        ("rubrics", "it is {root}/rubrics, which holds the repository's own files"),
        ("policy", "it is {root}/policy,"),
        ("schemas", "it is {root}/schemas,"),
        ("narratives", "it is {root}/narratives,"),
        ("narratives/drafts/site", "it lies inside {root}/narratives,"),
        ("site", "it is {root}/site,"),
        ("site/assets", "it lies inside {root}/site,"),
        (".git", "it is {root}/.git,"),
        (".", "it holds {root},"),
        ("rubrics/..", "it holds {root},"),
    ],
)
def test_building_into_the_repository_or_a_content_folder_is_refused_and_deletes_nothing(site_repo, capsys, monkeypatch, out, reason):
    before = snapshot(site_repo.root)

    status, _, err = build(site_repo, capsys, monkeypatch, "--out", out)

    assert status == 2
    assert f"not building into {os.path.abspath(site_repo.path(out))}: {reason.format(root=site_repo.root)}" in err
    assert snapshot(site_repo.root) == before


def test_an_ancestor_of_the_repository_is_refused(site_repo, tmp_path, capsys, monkeypatch):
    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(tmp_path))

    assert status == 2
    assert f"it holds {site_repo.root}" in err
    assert site_repo.path("rubrics/rubric.yaml").is_file()


def test_a_link_into_a_content_folder_is_refused(site_repo, tmp_path, capsys, monkeypatch):
    os.symlink(site_repo.path("rubrics"), tmp_path / "out")
    before = snapshot(site_repo.path("rubrics"))

    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(tmp_path / "out"))

    assert status == 2
    assert f"it is {site_repo.path('rubrics')}, which holds the repository's own files" in err
    assert snapshot(site_repo.path("rubrics")) == before


def test_a_folder_holding_files_a_build_did_not_write_is_refused(site_repo, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "mine.txt").write_text("keep me\n", encoding="utf-8")

    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(out))

    assert status == 2
    assert "it holds files no site build wrote (notes/mine.txt)" in err
    assert (out / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep me\n"


def test_an_out_that_is_a_file_is_refused(site_repo, tmp_path, capsys, monkeypatch):
    (tmp_path / "out").write_text("a file\n", encoding="utf-8")

    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(tmp_path / "out"))

    assert status == 2
    assert "it is not a folder" in err
    assert (tmp_path / "out").read_text(encoding="utf-8") == "a file\n"


@pytest.mark.slow
def test_the_default_folder_rebuilds_but_a_file_added_to_it_stops_the_next_build(site_repo, capsys, monkeypatch):
    for _ in range(2):
        status, out, err = build(site_repo, capsys, monkeypatch)
        assert status == 0, err
        assert out.strip() == str(site_repo.path("build/site"))
    assert site_repo.path("build/site/rubric/levels/index.html").is_file()
    site_repo.write("build/site/rubric/notes.txt", "mine\n")

    status, _, err = build(site_repo, capsys, monkeypatch)

    assert status == 2
    assert "(rubric/notes.txt)" in err
    assert site_repo.read("build/site/rubric/notes.txt") == "mine\n"
    assert site_repo.path("build/site/rubric/levels/index.html").is_file()


def test_a_hand_written_page_linking_outside_the_repository_fails_the_build(site_repo, tmp_path, capsys, monkeypatch):
    secret = tmp_path / "secret.md"
    secret.write_text("# SECRET-OUTSIDE\n", encoding="utf-8")
    os.symlink(secret, site_repo.path("site/leak.md"))
    out = tmp_path / "out"

    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(out))

    assert status == 1
    assert f"site/leak.md: a symbolic link to {secret}, outside the repository" in err
    published = b"".join(snapshot(out).values()) if out.exists() else b""
    assert b"SECRET-OUTSIDE" not in published


def test_a_folder_of_hand_written_pages_linked_outside_fails_the_build(site_repo, tmp_path, capsys, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.md").write_text("# SECRET-OUTSIDE\n", encoding="utf-8")
    os.symlink(elsewhere, site_repo.path("site/more"))

    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(tmp_path / "out"))

    assert status == 1
    assert "site/more/notes.md: a symbolic link to" in err


def test_a_fifo_among_the_hand_written_pages_fails_the_build_instead_of_hanging(site_repo, tmp_path, capsys, monkeypatch):
    os.mkfifo(site_repo.path("site/pipe.md"))

    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(tmp_path / "out"))

    assert status == 1
    assert "site/pipe.md: a FIFO, not a regular file" in err


@pytest.mark.slow
def test_a_build_that_failed_halfway_can_be_replaced_by_the_next(site_repo, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    faq = site_repo.read("site/faq.md")
    site_repo.write("site/faq.md", faq + "\n[a broken link](missing.md)\n")  # a warning: strict mode fails the build
    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(out))
    assert status == 1, err
    assert any(path.suffix == ".html" for path in out.rglob("*"))  # it had written pages before failing

    site_repo.write("site/faq.md", faq)
    status, _, err = build(site_repo, capsys, monkeypatch, "--out", str(out))

    assert status == 0, err
