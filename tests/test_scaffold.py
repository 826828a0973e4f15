"""`openrubric init`: a starting policy repository that passes check and builds as written, whose workflows
are valid and clean, and that never replaces a file or writes through a link."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT
from test_organisation_shape import check_jsonschema
from test_workflows import load, tool

from openrubric import __version__, cli
from openrubric.scaffold import EDITOR_SCHEMAS, starter_files

HOOKS = PROJECT / ".pre-commit-hooks.yaml"


def run(capsys, monkeypatch, cwd: Path, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def started(tmp_path, capsys, monkeypatch) -> Path:
    root = tmp_path / "people-policy"
    status, out, err = run(capsys, monkeypatch, tmp_path, "init", "people-policy")
    assert (status, err) == (0, "")
    assert "1. rubrics/rubric.yaml" in out  # what to edit first
    git(root, "init", "-q", "-b", "main")
    return root


def test_the_starter_passes_check_as_written(started, capsys, monkeypatch):
    status, out, _ = run(capsys, monkeypatch, started, "check", "--format", "json")

    assert status == 0
    assert json.loads(out)["findings"] == []


@pytest.mark.slow
def test_the_starter_builds_its_site_as_written(started, tmp_path, capsys, monkeypatch):
    out = tmp_path / "site-out"

    status, _, err = run(capsys, monkeypatch, started, "site", "build", "--out", str(out))

    assert status == 0, err
    for page in ("rubric/levels", "rubric/scorecard-e1", "policy/policy", "policy/guardrails", "narrative-templates/promotion", "reference/rubric", "history"):
        assert (out / page / "index.html").is_file(), page


def test_every_file_is_written_and_drafts_are_ignored_by_git(started):
    assert sorted(path.relative_to(started).as_posix() for path in started.rglob("*") if path.is_file() and ".git" not in path.parts) == sorted(starter_files())
    assert git(started, "check-ignore", "narratives/drafts/2026-H1/ada.md").strip() == "narratives/drafts/2026-H1/ada.md"
    assert git(started, "check-ignore", f"{EDITOR_SCHEMAS}/rubric.schema.json").strip()
    tracked = subprocess.run(["git", "check-ignore", "-q", "rubrics/rubric.yaml"], cwd=started, check=False)
    assert tracked.returncode == 1  # not ignored


def test_an_existing_file_is_never_replaced(tmp_path, capsys, monkeypatch):
    root = tmp_path / "policy"
    (root / "rubrics").mkdir(parents=True)
    (root / "rubrics" / "rubric.yaml").write_text("our own rubric\n", encoding="utf-8")

    status, out, err = run(capsys, monkeypatch, tmp_path, "init", "policy")

    assert status == 0
    assert (root / "rubrics" / "rubric.yaml").read_text(encoding="utf-8") == "our own rubric\n"
    assert err == "openrubric: skipped rubrics/rubric.yaml: it exists; left as it is\n"
    assert "1 files were left as they were" in out
    assert (root / "policy" / "guardrails.yaml").is_file()

    # Run again: everything is there, so nothing changes.
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    status, _, err = run(capsys, monkeypatch, tmp_path, "init", "policy")
    assert status == 0
    assert err.count("it exists; left as it is") == len(starter_files())
    assert {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before


def test_a_directory_that_is_a_file_is_refused(tmp_path, capsys, monkeypatch):
    (tmp_path / "policy").write_text("notes\n", encoding="utf-8")

    status, out, err = run(capsys, monkeypatch, tmp_path, "init", "policy")

    assert (status, out) == (2, "")
    assert "policy is a file; give a folder" in err
    assert (tmp_path / "policy").read_text(encoding="utf-8") == "notes\n"


def test_nothing_is_written_through_a_link_out_of_the_folder(tmp_path, capsys, monkeypatch):
    root, elsewhere = tmp_path / "policy", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "rubrics").symlink_to(elsewhere, target_is_directory=True)
    (root / "mkdocs.yml").symlink_to(elsewhere / "mkdocs.yml")

    status, _, err = run(capsys, monkeypatch, tmp_path, "init", "policy")

    assert status == 0
    assert list(elsewhere.iterdir()) == []
    assert "skipped rubrics/rubric.yaml: rubrics/ is a symbolic link; nothing is written through one" in err
    assert "skipped mkdocs.yml: a symbolic link is there; nothing is written through one" in err
    assert (root / "policy" / "policy.md").is_file()


def test_the_starter_is_not_this_repositorys_content_but_shares_its_guardrail_rules():
    starter = {path: data.decode("utf-8") for path, data in starter_files().items()}
    ours = {path: (PROJECT / path).read_text(encoding="utf-8") for path in starter if (PROJECT / path).is_file()}
    for path in ("rubrics/rubric.yaml", "policy/policy.md", "narratives/templates/review.md", "site/index.md", "mkdocs.yml"):
        assert starter[path] != ours[path], path
    # The rules' vocabularies and entries are kept once in substance: the starter's must read as ours do.
    assert yaml.safe_load(starter["policy/guardrails.yaml"])["guardrail_rules"] == yaml.safe_load(ours["policy/guardrails.yaml"])["guardrail_rules"]


def test_the_pre_commit_config_uses_this_projects_hook_at_this_version(started):
    config = yaml.safe_load((started / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook_ids = {hook["id"] for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}

    [repo] = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    assert {hook["id"] for hook in repo["hooks"]} <= hook_ids
    workflows = "".join(path.read_text(encoding="utf-8") for path in (started / ".github" / "workflows").glob("*.yml"))
    assert "__OPENRUBRIC_VERSION__" not in workflows
    assert f"openrubric=={__version__}" in workflows


def test_the_editor_mapping_points_at_schemas_that_exist(started):
    settings = json.loads((started / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, pattern in settings["yaml.schemas"].items():
        assert (started / schema).is_file(), schema
        assert (started / pattern).is_file(), pattern
    for path in started.glob("*/*.yaml"):
        line = path.read_text(encoding="utf-8").splitlines()[0]
        [schema] = re.findall(r"^# yaml-language-server: \$schema=(\S+)$", line)
        assert (path.parent / schema).resolve().is_file(), path


@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_the_starters_workflows_match_the_workflow_schema(started, schema):
    files = sorted(str(path) for path in (started / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", schema, *files], capture_output=True, text=True, timeout=120, check=False)

    assert len(files) == 2
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_starters_workflows(started):
    command = [tool("zizmor"), "--offline", "--persona=auditor", "--no-progress", "--color=never", str(started / ".github" / "workflows")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    for path in (started / ".github" / "workflows").glob("*.yml"):
        workflow = load(path)
        assert workflow["permissions"] == {}
        assert all("timeout-minutes" in job and "permissions" in job for job in workflow["jobs"].values())


def test_init_in_a_folder_of_a_larger_repository_says_where_workflows_belong(tmp_path, capsys, monkeypatch):
    git(tmp_path, "init", "-q")

    status, out, _ = run(capsys, monkeypatch, tmp_path, "init", "hr")

    assert status == 0
    assert f"GitHub reads workflows only from {tmp_path.resolve() / '.github'}" in out
    assert os.path.isfile(tmp_path / "hr" / ".github" / "workflows" / "openrubric.yml")


@pytest.mark.slow
def test_check_jsonschema_validates_the_starter_offline_with_the_editors_copies(started):
    for schema, instance in (("rubric", "rubrics/rubric.yaml"), ("metrics", "rubrics/metrics.yaml"), ("guardrails", "policy/guardrails.yaml")):
        result = check_jsonschema(started / EDITOR_SCHEMAS / f"{schema}.schema.json", started / instance)
        assert result.returncode == 0, result.stdout + result.stderr


def test_without_a_directory_init_writes_into_the_current_folder(tmp_path, capsys, monkeypatch):
    status, out, _ = run(capsys, monkeypatch, tmp_path, "init")

    assert status == 0
    assert out.startswith(f"Wrote {len(starter_files())} files of a starting policy repository in {tmp_path.resolve()}\n")
    assert (tmp_path / "rubrics" / "rubric.yaml").is_file()
