"""The `openrubric-check` pre-commit hook that other repositories use.

The manifest is read and validated, then the hook is run for real with `pre-commit try-repo --ref <HEAD>`,
which clones this repository at HEAD and installs it into a hook environment with pip, exactly as a consuming
repository would: so these tests exercise committed code. (Without --ref, try-repo would also snapshot other
people's uncommitted changes to tracked files into a throwaway commit.)

try-repo keeps its hook environments in a temporary store of its own, not in PRE_COMMIT_HOME (pre-commit
4.7, commands/try_repo.py), so every call builds the environment afresh: about 20 s each here. The module
still points PRE_COMMIT_HOME at one temporary folder so that nothing it does touches the user's cache.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from openrubric.repository import REQUIRED_FILES

PROJECT = Path(__file__).resolve().parent.parent
MANIFEST = PROJECT / ".pre-commit-hooks.yaml"
CONFIG = PROJECT / ".pre-commit-config.yaml"
HOOK_ID = "openrubric-check"
FILES_REGEX = r"^(policy|rubrics|narratives|schemas|site)/.*\.(ya?ml|md|json)$"
# The content a consuming policy repository holds; copied from this project's own working tree.
CONTENT_DIRS = ("policy", "rubrics", "narratives/templates")
RUBRIC = "rubrics/rubric.yaml"


def manifest_hook() -> dict:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    matching = [hook for hook in hooks if hook["id"] == HOOK_ID]
    assert len(matching) == 1, f"{HOOK_ID} is defined {len(matching)} times in {MANIFEST.name}"
    return matching[0]


def pre_commit(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_manifest_declares_the_hook() -> None:
    hook = manifest_hook()
    assert hook["entry"] == "openrubric check"
    assert hook["language"] == "python"
    assert hook["files"] == FILES_REGEX
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is True
    assert set(hook["types_or"]) == {"yaml", "markdown", "json"}
    assert "minimum_pre_commit_version" in hook


def test_manifest_and_config_pass_pre_commits_own_validators() -> None:
    # check-jsonschema has no builtin schema for either file; pre-commit's own validators are the reference.
    for command, path in (("validate-manifest", MANIFEST), ("validate-config", CONFIG)):
        result = pre_commit(command, str(path), cwd=PROJECT)
        assert result.returncode == 0, f"{command} {path.name}:\n{result.stdout}{result.stderr}"


def test_files_regex_selects_content_only() -> None:
    files = re.compile(manifest_hook()["files"])
    for path in ("rubrics/rubric.yaml", "rubrics/metrics.yml", "policy/guardrails.yaml", "policy/policy.md",
                 "narratives/templates/self-review.md", "narratives/examples/l4.md", "schemas/rubric.schema.json",
                 "site/index.md", "site/help/faq.md"):
        assert files.search(path), path
    for path in ("README.md", "tooling/openrubric/cli.py", "tests/fixtures/rubrics/rubric.yaml", "site/extra.css",
                 "rubrics/rubric.yaml.orig", "mkdocs.yml", ".github/workflows/ci.yml"):
        assert not files.search(path), path


def test_repository_config_runs_the_same_hook_locally() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    # No hook repository is cloned from a code host: CI reaches only package registries.
    assert [repo["repo"] for repo in config["repos"]] == ["local"] * len(config["repos"])
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    local = hooks[HOOK_ID]
    assert local["language"] == "system"
    assert local["entry"] == manifest_hook()["entry"]
    assert local["files"] == manifest_hook()["files"]
    assert local["require_serial"] is True
    for hook_id in ("trailing-whitespace", "end-of-file-fixer", "check-yaml", "check-json", "check-merge-conflict",
                    "check-added-large-files", "mixed-line-ending"):
        assert hooks[hook_id]["language"] == "python", hook_id
        assert any(dep.startswith("pre-commit-hooks==") for dep in hooks[hook_id]["additional_dependencies"]), hook_id


# --- a real run through pre-commit try-repo -----------------------------------------------------------------


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for pre-commit: one throwaway PRE_COMMIT_HOME for the module, and a fixed git identity."""
    missing = [path for path in REQUIRED_FILES.values() if not (PROJECT / path).is_file()]
    if missing:
        pytest.skip(f"the project's content files do not exist yet: {', '.join(missing)}")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_") and key != "SKIP"}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        GIT_AUTHOR_NAME="openrubric tests",
        GIT_AUTHOR_EMAIL="tests@openrubric.invalid",
        GIT_COMMITTER_NAME="openrubric tests",
        GIT_COMMITTER_EMAIL="tests@openrubric.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_COLOR="never",
    )
    return env


@pytest.fixture(scope="module")
def head() -> str:
    """The commit try-repo installs the hook from: this project's HEAD, the same for every test."""
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def policy_repo(tmp_path: Path, hook_env: dict[str, str]) -> Path:
    """A fresh git repository holding a copy of this project's policy content, committed."""
    root = tmp_path / "policy-repo"
    for folder in CONTENT_DIRS:
        if (PROJECT / folder).is_dir():
            shutil.copytree(PROJECT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    git(root.parent, "init", "-q", str(root), env=hook_env)
    git(root, "add", "-A", env=hook_env)
    git(root, "commit", "-q", "-m", "policy content", env=hook_env)
    return root


def git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env, check=True,
                   capture_output=True, text=True)


def try_repo(policy_repo: Path, env: dict[str, str], ref: str, *files: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = pre_commit("try-repo", str(PROJECT), HOOK_ID, "--ref", ref, "--verbose", "--color=never",
                        "--files", *files, cwd=policy_repo, env=env)
    return result, time.monotonic() - started


def break_one_weight(path: Path) -> None:
    """Add 1 to the first weight of the first level, so that level's weights no longer add up to 100."""
    text = path.read_text(encoding="utf-8")
    weights = re.search(r"^[ \t]*weights:", text, re.MULTILINE)
    assert weights, f"no weights in {path}"
    number = re.compile(r"(:[ \t]*)(\d+)").search(text, weights.end())
    assert number, f"no integer weight after line {text[: weights.start()].count(chr(10)) + 1} of {path}"
    broken = f"{number.group(1)}{int(number.group(2)) + 1}"
    path.write_text(text[: number.start()] + broken + text[number.end():], encoding="utf-8")


@pytest.mark.slow
def test_try_repo_passes_on_clean_content(policy_repo: Path, hook_env: dict[str, str], head: str) -> None:
    result, seconds = try_repo(policy_repo, hook_env, head, *REQUIRED_FILES.values())
    print(f"try-repo (clean) took {seconds:.1f}s")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"openrubric check\.+Passed", output), output


@pytest.mark.slow
def test_try_repo_fails_on_a_broken_weight(policy_repo: Path, hook_env: dict[str, str], head: str) -> None:
    break_one_weight(policy_repo / RUBRIC)
    git(policy_repo, "commit", "-q", "-am", "break a weight", env=hook_env)
    result, seconds = try_repo(policy_repo, hook_env, head, RUBRIC)
    print(f"try-repo (broken) took {seconds:.1f}s")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"openrubric check\.+Failed", output), output
    assert "weights-sum" in output, output
    assert RUBRIC in output, output


# --- the README's snippet -----------------------------------------------------------------------------------


def readme_snippet() -> dict:
    """The pre-commit configuration the README shows adopters."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    blocks = [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if f"id: {HOOK_ID}" in block]
    assert len(blocks) == 1, f"{len(blocks)} pre-commit snippets in the README"
    return yaml.safe_load(blocks[0])


def test_readme_snippet_pins_a_commit_of_this_repository_that_has_the_hook() -> None:
    [repo] = readme_snippet()["repos"]
    assert repo["repo"] == "https://github.com/openrubric/openrubric"
    assert [hook["id"] for hook in repo["hooks"]] == [HOOK_ID]
    rev = repo["rev"]
    assert re.fullmatch(r"[0-9a-f]{40}|v\d+\.\d+\.\d+", rev), f"rev {rev} is neither a full commit sha nor a release tag"
    ancestor = subprocess.run(["git", "merge-base", "--is-ancestor", rev, "HEAD"], cwd=PROJECT, capture_output=True, text=True)
    assert ancestor.returncode == 0, f"rev {rev} is not in this repository's history: {ancestor.stderr}"
    manifest = subprocess.run(["git", "show", f"{rev}:.pre-commit-hooks.yaml"], cwd=PROJECT, capture_output=True, text=True, check=True).stdout
    assert HOOK_ID in [hook["id"] for hook in yaml.safe_load(manifest)]


@pytest.mark.slow
def test_readme_snippet_installs_a_light_hook_that_checks_site_pages(policy_repo: Path, hook_env: dict[str, str], head: str) -> None:
    # As written, but from this clone at HEAD (tests reach no code host): the README's rev is checked above.
    snippet = readme_snippet()
    snippet["repos"][0] |= {"repo": str(PROJECT), "rev": head}
    (policy_repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(snippet), encoding="utf-8")
    (policy_repo / "site").mkdir()
    (policy_repo / "site/faq.md").write_text("# FAQ\n\nWe cap Exceeds at 15% of each team.\n", encoding="utf-8")
    git(policy_repo, "add", "-A", env=hook_env)

    result = pre_commit("run", "--files", "site/faq.md", "--color=never", cwd=policy_repo, env=hook_env)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "site/faq.md:3:1: error [quota]" in output, output
    [python] = Path(hook_env["PRE_COMMIT_HOME"]).glob("repo*/py_env-*/bin/python")
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format", "freeze"], capture_output=True, text=True, check=True).stdout.lower()
    installed = {line.split("==")[0] for line in listed.splitlines()}
    assert "openrubric" in installed
    assert not installed & {"mkdocs", "mkdocs-material", "nh3", "babel", "pymdown-extensions"}, installed
