"""GitHub Actions workflows: schema-valid, free of zizmor findings, and holding to the project's CI rules.

Everything runs offline: check-jsonschema uses the schemas vendored in the package and zizmor runs with
--offline (no online audits, no GitHub API).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOWS = PROJECT / ".github" / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
CI = WORKFLOWS / "ci.yml"
PINNED = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")


def tool(name: str) -> str:
    """A console script of the test dependencies: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML reads the bare key `on` as the boolean true (YAML 1.1).
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_workflows() -> None:
    assert CI in WORKFLOW_FILES


@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_match_schema(schema: str) -> None:
    result = run(tool("check-jsonschema"), "--builtin-schema", schema, *map(str, WORKFLOW_FILES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_workflows() -> None:
    # auditor is the strictest persona: it reports everything pedantic and regular do, false positives included.
    result = run(tool("zizmor"), "--offline", "--persona=auditor", "--no-progress", "--color=never", str(WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_pre_commit_files() -> None:
    files = [str(PROJECT / name) for name in (".pre-commit-config.yaml", ".pre-commit-hooks.yaml")]
    result = run(tool("zizmor"), "--offline", "--persona=auditor", "--no-progress", "--color=never", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_workflow_security_rules(path: Path) -> None:
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow.get("permissions") in ({}, {"contents": "read"}), "top-level permissions: {} or contents: read"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} does not state its permissions"
        assert "timeout-minutes" in job, f"job {name} has no timeout-minutes"
    for step in steps(workflow):
        if "uses" in step and not step["uses"].startswith("./"):
            assert PINNED.match(step["uses"]), f"{step['uses']} is not pinned to a full commit SHA"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False
        assert "${{" not in step.get("run", ""), f"expression inside run: {step['run']!r}"
    # Each pin carries the version it stands for, for humans and for update tools.
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.search(r"uses:\s*[^.\s][^@\s]*@[0-9a-f]{40}", line):
            assert re.search(r"@[0-9a-f]{40}\s+#\s*v\d", line), f"pin without a version comment: {line.strip()}"


def test_ci_workflow_runs_the_project_checks() -> None:
    workflow = load(CI)
    assert set(workflow["on"]) == {"pull_request", "push"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["cancel-in-progress"] is True
    all_steps = steps(workflow)
    checkout = next(step for step in all_steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"persist-credentials": False, "fetch-depth": 0}
    python = next(step for step in all_steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert str(python["with"]["python-version"]) == "3.11"
    commands = [step["run"].strip() for step in all_steps if "run" in step]
    assert commands == [
        "python -m pip install -e '.[test]'",
        "pre-commit run --all-files --show-diff-on-failure",
        "openrubric check --format github",
        'openrubric check --format github --base "origin/$GITHUB_BASE_REF"',
        'openrubric diff "origin/$GITHUB_BASE_REF" HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"',
        "python -m pytest --durations=25",
    ]


def test_pages_workflow_builds_with_full_history_and_deploys_with_least_privilege() -> None:
    workflow = load(WORKFLOWS / "pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "pull_request" not in workflow["on"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}  # pages: for configure-pages to read the address
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    checkout = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"persist-credentials": False, "fetch-depth": 0}
    assert [step["run"] for step in build["steps"] if "run" in step] == ["python -m pip install -e '.[site]'", "openrubric site build --out build/site"]
    site = next(step for step in build["steps"] if step.get("run") == "openrubric site build --out build/site")
    pages = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/configure-pages@"))
    assert site["env"]["OPENRUBRIC_SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"  # a project site's sub-path
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "build/site"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
