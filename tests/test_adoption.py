"""An organisation adopts openrubric from the built wheel, end to end: init, reshape the rubric to its own
levels, categories, scale, periods and purposes, check, propose the change as its pull request workflow
would, draft, fill, check and score a narrative, build the site, and run this project's pre-commit hook
from its own repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT
from organisation import CATEGORIES, PERIOD, SCALE, WEIGHTS, fill, reshape

IDENTITY = {
    "GIT_AUTHOR_NAME": "Northwind",
    "GIT_AUTHOR_EMAIL": "policy@northwind.invalid",
    "GIT_COMMITTER_NAME": "Northwind",
    "GIT_COMMITTER_EMAIL": "policy@northwind.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def sh(*command: str | Path, cwd: Path, env: dict[str, str] | None = None, ok: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {**{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}, **IDENTITY, **(env or {})}
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=environment, capture_output=True, text=True, timeout=900, check=False)
    if ok:
        assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def openrubric(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`openrubric` installed from a wheel built from this project, in a virtual environment of its own.

    Its dependencies are read from the test environment (a .pth line) so that nothing is downloaded; the
    package itself, its schemas and its starter come only from the wheel."""
    work = tmp_path_factory.mktemp("wheel")
    sh(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", work / "dist", PROJECT, cwd=work)
    [wheel] = (work / "dist").glob("openrubric-*.whl")
    venv = work / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    purelib = Path(sh(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).stdout.strip())
    (purelib / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    sh(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=work)
    where = sh(venv / "bin" / "python", "-c", "import openrubric; print(openrubric.__file__)", cwd=work).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    return venv / "bin" / "openrubric"


def commit(root: Path, message: str) -> None:
    sh("git", "add", "-A", cwd=root)
    sh("git", "commit", "-qm", message, cwd=root)


def workflow_commands(root: Path) -> list[str]:
    """The `run` commands of the starter's check workflow, but the install (the wheel is installed already)."""
    workflow = yaml.safe_load((root / ".github" / "workflows" / "openrubric.yml").read_text(encoding="utf-8"))
    commands = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    return [command for command in commands if "pip install" not in command]


@pytest.mark.slow
def test_an_organisation_adopts_openrubric_from_the_wheel(openrubric: Path, tmp_path: Path) -> None:
    bin_path = {"PATH": f"{openrubric.parent}{os.pathsep}{os.environ['PATH']}"}
    root = tmp_path / "northwind-policy"
    init = sh(openrubric, "init", root, cwd=tmp_path)
    assert "Edit first" in init.stdout
    sh("git", "init", "-q", "-b", "main", cwd=root)
    commit(root, "Start from openrubric init")
    sh("git", "clone", "-q", "--bare", root, tmp_path / "origin.git", cwd=tmp_path)
    sh("git", "remote", "add", "origin", tmp_path / "origin.git", cwd=root)
    sh("git", "fetch", "-q", "origin", cwd=root)

    # A pull request reshapes the rubric; the workflow's own commands check it and summarise it.
    sh("git", "switch", "-q", "-c", "northwind-shape", cwd=root)
    reshape(root)
    changelog = root / "rubrics" / "changelog.yaml"
    entry = "  - version: 1.0.0\n    date: 2026-06-01\n    summary: Northwind's levels, categories and scale.\n    rationale: Adopted for the FY27 cycles.\n"
    entry += "    loosening_rationale: The evidence minimums move to the new scale's lowest and highest ratings.\n"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace("entries:\n", "entries:\n" + entry, 1), encoding="utf-8")
    commit(root, "Northwind's shape")
    summary = tmp_path / "summary.md"
    github = {**bin_path, "GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true"}
    for command in workflow_commands(root):
        sh("bash", "-c", command, cwd=root, env=github)
    assert "IC3" in summary.read_text(encoding="utf-8")

    # A manager drafts, fills in, checks and scores a narrative; the draft never reaches git.
    draft = sh(openrubric, "narrative", "new", "--engineer", "Kai Moreno", "--level", "IC3", "--period", PERIOD, "--manager", "Ines Park", cwd=root)
    relative = f"narratives/drafts/{PERIOD}/kai-moreno.md"
    assert draft.stdout.strip().endswith(relative)
    assert sh(openrubric, "narrative", "check", relative, cwd=root, ok=False).returncode == 1
    ratings = dict(zip(CATEGORIES, ["outstanding", "solid", "solid", "developing", "solid"], strict=True))
    (root / relative).write_text(fill((root / relative).read_text(encoding="utf-8"), ratings), encoding="utf-8")
    sh(openrubric, "narrative", "check", relative, cwd=root)
    score = json.loads(sh(openrubric, "narrative", "score", relative, "--format", "json", cwd=root).stdout)
    values = {id_: value for id_, _, value in SCALE}
    assert score["composite"] == pytest.approx(sum(values[ratings[c]] * w for c, w in zip(CATEGORIES, WEIGHTS["IC3"], strict=True)) / 100)
    assert sh("git", "status", "--porcelain", cwd=root).stdout == ""

    site = sh(openrubric, "site", "build", "--out", tmp_path / "site", cwd=root)
    assert (tmp_path / "site" / "rubric" / "scorecard-ic3" / "index.html").is_file(), site.stderr

    # The pre-commit configuration init wrote, pointed at this project's commit instead of its release tag.
    head = sh("git", "rev-parse", "HEAD", cwd=PROJECT).stdout.strip()
    config = root / ".pre-commit-config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"rev: \S+", f"rev: {head}", text.replace("https://github.com/openrubric/openrubric", str(PROJECT))), encoding="utf-8")
    commit(root, "Use openrubric's hook from its commit")
    hooks = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    sh(sys.executable, "-m", "pre_commit", "run", "--all-files", cwd=root, env=hooks)
    rubric = root / "rubrics" / "rubric.yaml"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("delivery: 30", "delivery: 31", 1), encoding="utf-8")
    failed = sh(sys.executable, "-m", "pre_commit", "run", "--files", "rubrics/rubric.yaml", cwd=root, env=hooks, ok=False)
    assert failed.returncode == 1
    assert "weights-sum" in failed.stdout
