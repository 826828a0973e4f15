"""A policy kept in a folder of a larger repository (`hr/`): found from there, and reported with paths from the
git root in every format, so that annotations and code scanning land on the files the pull request shows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CONTENT, PROJECT, sarif_errors

from openrubric import cli

WARNING = "She can be abrasive in design reviews."


@pytest.fixture
def monorepo(tmp_path: Path) -> Path:
    """A git repository with its policy under hr/, one biased-language warning in hr/policy/policy.md."""
    root = tmp_path / "mono"
    for folder in CONTENT:
        shutil.copytree(PROJECT / folder, root / "hr" / folder)
    (root / "services").mkdir()
    (root / ".gitignore").write_text("hr/narratives/drafts/\n", encoding="utf-8")
    policy = root / "hr/policy/policy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + f"\n{WARNING}\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    status = cli.main(["check", *args])
    return status, capsys.readouterr().out


def text_paths(out: str) -> set[str]:
    return {line.split(":")[0] for line in out.splitlines()[:-1]}


def test_every_format_names_the_file_from_the_git_root(monorepo, capsys, monkeypatch):
    monkeypatch.chdir(monorepo / "hr" / "rubrics")
    status, out = run(capsys, "--format", "text")
    assert (status, text_paths(out)) == (0, {"hr/policy/policy.md"})
    assert [f["path"] for f in json.loads(run(capsys, "--format", "json")[1])["findings"]] == ["hr/policy/policy.md"]
    assert re.match(r"::warning file=hr/policy/policy\.md,line=\d+,", run(capsys, "--format", "github")[1])
    log = json.loads(run(capsys, "--format", "sarif")[1])
    assert sarif_errors(log) == []
    run_ = log["runs"][0]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == monorepo.resolve().as_uri() + "/"
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]] == ["hr/policy/policy.md"]


def test_the_root_flag_and_the_root_setting_report_the_same(monorepo, capsys, monkeypatch):
    monkeypatch.chdir(monorepo / "services")
    from_flag = run(capsys, "--format", "json", "--root", "../hr")
    (monorepo / "pyproject.toml").write_text('[tool.openrubric]\nroot = "hr"\n', encoding="utf-8")
    from_setting = run(capsys, "--format", "json")
    assert from_flag == from_setting
    assert [f["path"] for f in json.loads(from_setting[1])["findings"]] == ["hr/policy/policy.md"]


def test_paths_given_from_the_git_root_and_suppressions_carry_the_folder(monorepo, capsys, monkeypatch):
    policy = monorepo / "hr/policy/policy.md"
    text = policy.read_text(encoding="utf-8").replace(WARNING, f"<!-- openrubric: allow biased-language -- quoted from an appeal -->\n{WARNING}")
    policy.write_text(text, encoding="utf-8")
    (monorepo / "openrubric.toml").write_text('root = "hr"\n', encoding="utf-8")
    monkeypatch.chdir(monorepo)
    status, out = run(capsys, "--format", "json", "hr/policy/policy.md")
    assert status == 0
    assert [s["path"] for s in json.loads(out)["suppressions"]] == ["hr/policy/policy.md"]
    log = json.loads(run(capsys, "--format", "sarif", "hr/policy/policy.md")[1])
    assert sarif_errors(log) == []
    [result] = log["runs"][0]["results"]
    assert result["suppressions"][0]["location"]["physicalLocation"]["artifactLocation"]["uri"] == "hr/policy/policy.md"


def test_a_root_setting_that_is_not_a_folder_is_a_usage_error(monorepo, capsys, monkeypatch):
    (monorepo / "openrubric.toml").write_text('root = "people"\n', encoding="utf-8")
    monkeypatch.chdir(monorepo)
    status = cli.main(["check"])
    assert status == 2
    assert "people" in capsys.readouterr().err


def test_narrative_check_reports_from_the_git_root_too(monorepo, capsys, monkeypatch):
    example = next((monorepo / "hr/narratives/examples").glob("*.md"))
    example.write_text(example.read_text(encoding="utf-8") + f"\n{WARNING}\n", encoding="utf-8")
    monkeypatch.chdir(monorepo / "hr")
    capsys.readouterr()
    assert cli.main(["narrative", "check", str(example.relative_to(monorepo / "hr"))]) == 0
    assert capsys.readouterr().out.startswith(f"hr/narratives/examples/{example.name}:")


def test_diff_compares_the_folder_at_a_revision(monorepo, capsys, monkeypatch):
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", *identity, "add", "-A"], cwd=monorepo, check=True)
    subprocess.run(["git", *identity, "commit", "-qm", "policy"], cwd=monorepo, check=True)
    rubric = monorepo / "hr/rubrics/rubric.yaml"
    text = rubric.read_text(encoding="utf-8")
    weight = re.search(r"weights:\s*\n\s*([\w-]+): (\d+)", text)
    assert weight
    rubric.write_text(text[: weight.start(2)] + str(int(weight.group(2)) + 1) + text[weight.end(2) :], encoding="utf-8")
    monkeypatch.chdir(monorepo / "hr")
    capsys.readouterr()
    assert cli.main(["diff", "HEAD", "--format", "json"]) == 0
    [change] = json.loads(capsys.readouterr().out)["changes"]
    assert (change["kind"], change["old"], change["new"]) == ("weight", int(weight.group(2)), int(weight.group(2)) + 1)
