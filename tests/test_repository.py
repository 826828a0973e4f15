"""Content is read only from regular files inside the repository: links out and FIFOs are findings, never opened."""

from __future__ import annotations

import json
import os
import signal
from contextlib import contextmanager
from typing import Iterator

import pytest

from openrubric import cli

IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.org")
SECRET = "---\ntitle: SECRET-OUTSIDE\n---\n# Outside\n\nSECRET-OUTSIDE body\n"  # noqa: S105 - page text, not a password


class Hung(Exception):
    pass


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts a blocked open() of a FIFO and raises here."""

    def expire(signum, frame):  # type: ignore[no-untyped-def]
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(repo, capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    with within(60):
        status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def check_json(repo, capsys, monkeypatch, *args: str) -> tuple[int, dict]:
    status, out, _ = run(repo, capsys, monkeypatch, "check", "--format", "json", *args)
    return status, json.loads(out)


def at(report: dict, rule: str) -> list[tuple[str, str]]:
    return [(finding["path"], finding["message"]) for finding in report["findings"] if finding["rule"] == rule]


def commit(repo, message: str) -> None:
    repo.git(*IDENTITY, "add", "-A")
    repo.git(*IDENTITY, "commit", "-qm", message)


@pytest.mark.parametrize("path", ["policy/notes.md", "rubrics/rubric.yaml", "narratives/2026-H2/someone.md", "schemas/extra.schema.json"])
def test_a_fifo_in_a_content_folder_is_a_finding_and_never_opened(repo, capsys, monkeypatch, path):
    repo.path(path).parent.mkdir(parents=True, exist_ok=True)
    repo.path(path).unlink(missing_ok=True)
    os.mkfifo(repo.path(path))

    for args in ([], [path]):
        status, report = check_json(repo, capsys, monkeypatch, *args)
        assert status == 1
        [(found, message)] = at(report, "special-file")
        assert found == path
        assert "a FIFO" in message


def test_diff_and_check_base_never_open_a_fifo(repo, capsys, monkeypatch):
    os.unlink(repo.path("policy/guardrails.yaml"))
    os.mkfifo(repo.path("policy/guardrails.yaml"))

    status, out, _ = run(repo, capsys, monkeypatch, "diff", "HEAD", "--format", "json")
    assert status == 0
    [change] = [change for change in json.loads(out)["changes"] if change["kind"] == "unreadable"]
    assert change["path"] == "policy/guardrails.yaml"
    assert "FIFO" in change["new"]

    status, report = check_json(repo, capsys, monkeypatch, "--base", "HEAD")
    assert status == 1
    assert at(report, "special-file")[0][0] == "policy/guardrails.yaml"


def test_a_link_to_a_file_outside_the_repository_is_a_finding_and_never_read(repo, tmp_path, capsys, monkeypatch):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(SECRET, encoding="utf-8")
    os.symlink(outside, repo.path("policy/extra.md"))

    for args in ([], ["policy/extra.md"]):
        status, report = check_json(repo, capsys, monkeypatch, *args)
        assert status == 1
        [(found, message)] = at(report, "link-outside-repository")
        assert found == "policy/extra.md"
        assert str(outside) in message
        assert "SECRET-OUTSIDE" not in json.dumps(report)


def test_a_dangling_link_out_is_refused_and_diff_reports_it_without_a_traceback(repo, tmp_path, capsys, monkeypatch):
    os.symlink(tmp_path / "gone.md", repo.path("policy/gone.md"))

    status, report = check_json(repo, capsys, monkeypatch)
    assert status == 1
    assert [path for path, _ in at(report, "link-outside-repository")] == ["policy/gone.md"]

    status, out, err = run(repo, capsys, monkeypatch, "diff", "HEAD", "--format", "json")
    assert (status, err) == (0, "")
    assert [change["path"] for change in json.loads(out)["changes"] if change["kind"] == "unreadable"] == ["policy/gone.md"]

    status, out, err = run(repo, capsys, monkeypatch, "check", "--base", "HEAD", "--format", "json")
    assert (status, err) == (1, "")
    assert [path for path, _ in at(json.loads(out), "link-outside-repository")] == ["policy/gone.md"]


def test_a_link_to_a_file_inside_the_repository_is_read_like_the_file(repo, capsys, monkeypatch):
    repo.write("notes/page.md", "---\ntitle: [not, a, string]\n---\n# Notes\n")
    os.symlink("../notes/page.md", repo.path("policy/also.md"))

    status, report = check_json(repo, capsys, monkeypatch, "policy/also.md")

    assert status == 1
    assert {(finding["path"], finding["rule"]) for finding in report["findings"]} == {("policy/also.md", "schema")}


def test_a_content_folder_linked_outside_is_not_walked(repo, tmp_path, capsys, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    repo.path("policy").rename(elsewhere)
    (elsewhere / "secret.md").write_text(SECRET, encoding="utf-8")
    os.symlink(elsewhere, repo.path("policy"))

    status, report = check_json(repo, capsys, monkeypatch)

    assert status == 1
    [(found, _message)] = at(report, "link-outside-repository")
    assert found == "policy"
    assert "SECRET-OUTSIDE" not in json.dumps(report)
    assert not any(finding["path"].startswith("policy/") and finding["rule"] != "missing-file" for finding in report["findings"])


def test_a_link_committed_to_git_is_not_followed_by_diff_or_check_base(repo, tmp_path, capsys, monkeypatch):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(SECRET, encoding="utf-8")
    os.symlink(outside, repo.path("policy/extra.md"))
    commit(repo, "a link")

    status, out, _ = run(repo, capsys, monkeypatch, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert status == 0
    assert "SECRET-OUTSIDE" not in out
    [change] = json.loads(out)["changes"]
    assert (change["kind"], change["path"]) == ("unreadable", "policy/extra.md")
    assert "symbolic link" in change["new"]

    status, report = check_json(repo, capsys, monkeypatch, "--base", "HEAD~1")
    assert "SECRET-OUTSIDE" not in json.dumps(report)
    assert at(report, "link-outside-repository")[0][0] == "policy/extra.md"
