"""The composite action adopters use (`action.yml`): schema-valid, free of zizmor findings, pinned, and its
shell steps run for real on a pull request of a policy repository, as a runner would run them.

The runner is played by `run_action` below: it evaluates the few expressions the action uses (an unknown one
fails the test), runs each `run` step with bash in the repository, and records the `uses` steps it cannot run
offline (setup-python, upload-sarif) with their inputs, which are then checked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import make_policy_repo, sarif_errors

PROJECT = Path(__file__).resolve().parent.parent
ACTION = PROJECT / "action.yml"
PINNED = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")
QUOTA = "No more than 15% may exceed expectations."


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_action_matches_the_github_actions_schema() -> None:
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_action() -> None:
    result = subprocess.run([tool("zizmor"), "--offline", "--persona=auditor", "--no-progress", "--color=never", str(ACTION)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_every_step_is_pinned_and_no_expression_reaches_a_shell() -> None:
    steps = action()["runs"]["steps"]
    assert action()["runs"]["using"] == "composite"
    for step in steps:
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
        else:
            assert "${{" not in step["run"], step["run"]
            assert step["shell"] == "bash"
    for line in ACTION.read_text(encoding="utf-8").splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d", line), line
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif@") for step in steps)


# --- the steps, run -----------------------------------------------------------------------------------------


def evaluate(expression: str, context: dict[str, str]) -> str | bool:
    """The value of ``${{ expression }}`` for the forms action.yml uses: a name, or `name == 'x'` joined by &&."""
    expression = expression.strip()
    if "&&" in expression:
        return all(evaluate(part, context) for part in expression.split("&&"))
    comparison = re.fullmatch(r"([\w.-]+)\s*==\s*'([^']*)'", expression)
    if comparison:
        return context[comparison.group(1)] == comparison.group(2)
    assert expression in context, f"the test's runner does not know ${{{{ {expression} }}}}"
    return context[expression]


def substitute(value: str, context: dict[str, str]) -> str:
    return re.sub(r"\$\{\{(.*?)\}\}", lambda match: str(evaluate(match.group(1), context)), value)


@dataclass
class Run:
    status: int  # of the first step that failed, 0 when none did
    used: dict[str, dict]  # the inputs of each `uses` step, by action
    logs: dict[str, str]  # what each `run` step printed, by step name
    summary: str  # the job summary


def run_action(workspace: Path, runner_temp: Path, github: dict[str, str]) -> Run:
    """Run the action's steps in ``workspace`` with its default inputs, as a runner would, until one fails."""
    context = {f"inputs.{name}": str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    context |= {f"github.{name}": value for name, value in github.items()}
    summary = runner_temp / "summary.md"
    summary.write_text("", encoding="utf-8")
    run = Run(0, {}, {}, "")
    for step in action()["runs"]["steps"]:
        if "if" in step and not evaluate(step["if"], context):
            continue
        if "uses" in step:
            run.used[step["uses"].split("@")[0]] = {key: substitute(str(value), context) for key, value in step.get("with", {}).items()}
            continue
        outputs = runner_temp / f"output-{step.get('id', 'step')}"
        outputs.write_text("", encoding="utf-8")
        env = {**os.environ, "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)}
        env |= {name: substitute(str(value), context) for name, value in step.get("env", {}).items()}
        env.pop("VIRTUAL_ENV", None)
        completed = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=env, capture_output=True, text=True, timeout=600)
        run.logs[step["name"]] = completed.stdout + completed.stderr
        for line in outputs.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition("=")
            context[f"steps.{step['id']}.outputs.{name}"] = value
        if completed.returncode != 0:
            run.status = completed.returncode
            break
    run.summary = summary.read_text(encoding="utf-8")
    return run


def action_copy(destination: Path) -> Path:
    """The project's files as a runner checks the action out (what git would commit, as they are now), so
    that installing it writes nothing into the project."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT, capture_output=True, check=True)
    for name in listed.stdout.decode().split("\0")[:-1]:
        source = PROJECT / name
        if source.is_symlink():  # as git checks it out: tooling/openrubric/schema_files -> ../../schemas
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(source), destination / name)
        elif source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def git(root: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    return subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_the_action_annotates_uploads_and_summarises_a_pull_request(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    repo = make_policy_repo(tmp_path / "checkout")
    git(repo.root, "remote", "add", "origin", str(origin))
    git(repo.root, "push", "-q", "origin", "main")
    git(repo.root, "fetch", "-q", "origin")
    git(repo.root, "checkout", "-q", "-b", "change")
    line = len(repo.read("policy/policy.md").splitlines()) + 2
    repo.write("policy/policy.md", repo.read("policy/policy.md") + f"\n{QUOTA}\n")
    git(repo.root, "commit", "-qam", "a quota")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()

    github = {"action_path": str(action_copy(tmp_path / "action")), "event_name": "pull_request", "base_ref": "main"}
    run = run_action(repo.root, runner_temp, github)

    assert run.status == 1, run.logs  # the last step fails the job on the quota
    assert run.logs["Check the policy"].startswith(f"::error file=policy/policy.md,line={line},col=1,title=openrubric quota::")
    upload = run.used["github/codeql-action/upload-sarif"]
    log = json.loads(Path(upload["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif_errors(log) == []
    [result] = log["runs"][0]["results"]
    assert (result["ruleId"], result["locations"][0]["physicalLocation"]["region"]["startLine"]) == ("quota", line)
    assert upload["category"] == "openrubric"
    assert run.used["actions/setup-python"] == {"python-version": "3.11"}
    assert run.summary.startswith("## Rubric changes: `origin/main"), run.summary

    # The check-only install: the site's packages are left out, and asking for the site says what to install.
    venv = runner_temp / "openrubric-venv" / "bin"
    installed = subprocess.run([str(venv / "python"), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True, check=True).stdout
    names = {package["name"].lower() for package in json.loads(installed)}
    assert "openrubric" in names and not names & {"mkdocs", "mkdocs-material", "nh3", "babel"}
    site = subprocess.run([str(venv / "openrubric"), "site", "build"], cwd=repo.root, capture_output=True, text=True)
    assert site.returncode == 2 and "pip install 'openrubric[site]'" in site.stderr and "Traceback" not in site.stderr

    # A change in meaning reaches the job summary.
    rubric = repo.read("rubrics/rubric.yaml")
    weight = re.search(r"weights:\s*\n\s*[\w-]+: (\d+)", rubric)
    assert weight
    repo.write("rubrics/rubric.yaml", rubric[: weight.start(1)] + str(int(weight.group(1)) + 1) + rubric[weight.end(1) :])
    git(repo.root, "commit", "-qam", "a weight")
    run = run_action(repo.root, runner_temp, github)
    assert run.status == 1  # the weights of that level no longer add up to 100
    assert "title=openrubric weights-sum::" in run.logs["Check the policy"]
    assert re.search(rf"\|\s*weight\s*\|.*{weight.group(1)}.*{int(weight.group(1)) + 1}", run.summary), run.summary
