"""``openrubric check`` as pre-commit and CI call it: exit statuses, explicit paths, and the repository root."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def test_usage_problems_exit_2_with_a_message(repo, check):
    result = check("no/such/file.yaml")
    assert result.status == 2
    assert "no/such/file.yaml: no such file" in result.err


def test_a_path_outside_the_repository_is_a_usage_error(repo, check, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("a: 1\n")
    result = check(str(outside))
    assert result.status == 2
    assert "outside the repository" in result.err


def test_an_unknown_format_exits_2(repo, check, capsys):
    import pytest

    with pytest.raises(SystemExit) as exit_info:
        check(fmt="xml")
    assert exit_info.value.code == 2


def test_warnings_alone_exit_0_and_errors_exit_1(repo, check):
    assert check().status == 0
    repo.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")
    assert check().status == 1


def test_explicit_paths_report_only_findings_in_those_files(repo, check):
    repo.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")
    repo.write("rubrics/metrics.yaml", "metrics: [\n")

    result = check("policy/guardrails.yaml")

    assert {f["path"] for f in result.findings} == {"policy/guardrails.yaml"}
    assert json.loads(result.out)["files_checked"] == 1


def test_explicit_paths_still_run_the_cross_file_checks_they_take_part_in(repo, check):
    # The dangling reference sits in metrics.yaml, but it was the rubric that changed.
    rubric = repo.read("rubrics/rubric.yaml")
    repo.write("rubrics/rubric.yaml", rubric.replace("- id: code-quality", "- id: code-health", 1))

    result = check("rubrics/rubric.yaml")

    assert ("unknown-reference", "rubrics/metrics.yaml") in {(f["rule"], f["path"]) for f in result.findings}


def test_split_runs_like_pre_commit_batches_lose_no_finding_and_repeat_none_within_a_run(repo, check):
    rubric = repo.read("rubrics/rubric.yaml")
    repo.write("rubrics/rubric.yaml", rubric.replace("- id: code-quality", "- id: code-health", 1))
    whole = check().findings

    batches = [check("rubrics/rubric.yaml").findings, check("rubrics/metrics.yaml", "policy/guardrails.yaml").findings]

    as_keys = [[json.dumps(f, sort_keys=True) for f in batch] for batch in batches]
    assert all(len(keys) == len(set(keys)) for keys in as_keys)
    assert set(as_keys[0]) | set(as_keys[1]) == {json.dumps(f, sort_keys=True) for f in whole}


def test_the_root_is_found_from_a_subdirectory(repo, check, monkeypatch):
    repo.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")
    from openrubric import cli

    monkeypatch.chdir(repo.path("rubrics"))
    assert cli.main(["check", "--format", "json"]) == 1


def test_root_option_checks_another_repository(repo, tmp_path, capsys, monkeypatch):
    from openrubric import cli

    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--root", str(repo.root), "--format", "json"]) == 0
    assert cli.main(["check", "--root", str(tmp_path / "nope")]) == 2


def test_the_console_script_runs_as_pre_commit_calls_it(repo):
    repo.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")
    completed = subprocess.run(
        [sys.executable, "-m", "openrubric", "check", "policy/guardrails.yaml", "rubrics/rubric.yaml"],
        cwd=repo.root,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 1
    assert completed.stdout.startswith("policy/guardrails.yaml:")
    assert "[schema]" in completed.stdout
    assert completed.stderr == ""


def test_only_the_program_leaves_its_objects_to_the_exit(repo, monkeypatch, capsys):
    # The program (no argv given: it reads its own) freezes what it made, so exiting does not walk it all again,
    # and says so to the cache; a call with its own argv, whose process goes on, leaves the collector as it was.
    import gc

    from openrubric import cache, cli

    monkeypatch.chdir(repo.root)
    monkeypatch.setattr(cache, "_until_exit", False)
    gc.unfreeze()
    try:
        assert cli.main(["check", "rubrics/rubric.yaml"]) == 0
        assert gc.get_freeze_count() == 0 and not cache._until_exit
        monkeypatch.setattr(sys, "argv", ["openrubric", "check", "rubrics/rubric.yaml"])
        assert cli.main() == 0
        assert gc.get_freeze_count() > 0 and cache._until_exit
    finally:
        gc.unfreeze()
    assert "no problems" in capsys.readouterr().out


def test_github_format_is_the_default_inside_github_actions(repo, check, monkeypatch):
    from openrubric import cli

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    repo.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")
    monkeypatch.chdir(repo.root)
    assert cli.main(["check"]) == 1


def simulate_a_bug_while_reading(monkeypatch, path: str, error: BaseException) -> None:
    """Make the loader fail, as a bug in it would, while it reads ``path``."""
    from openrubric import loading

    parse_yaml = loading._parse_yaml

    def failing(document):
        if document.path == path:
            raise error
        parse_yaml(document)

    monkeypatch.setattr(loading, "_parse_yaml", failing)


def test_a_bug_is_one_line_naming_the_file_and_exit_3_never_a_traceback(repo, check, monkeypatch):
    simulate_a_bug_while_reading(monkeypatch, "rubrics/rubric.yaml", RuntimeError("simulated\nbug"))

    result = check()

    assert (result.status, result.out) == (3, "")
    assert result.err.count("\n") == 1
    assert result.err.startswith("openrubric: internal error while processing rubrics/rubric.yaml: RuntimeError: simulated bug — please report it")


def test_openrubric_debug_shows_the_traceback_of_a_bug(repo, check, monkeypatch):
    simulate_a_bug_while_reading(monkeypatch, "rubrics/rubric.yaml", RuntimeError("simulated bug"))
    monkeypatch.setenv("OPENRUBRIC_DEBUG", "1")

    result = check()

    assert result.status == 3
    assert "Traceback (most recent call last)" in result.err
    assert result.err.rstrip().splitlines()[-1].startswith("openrubric: internal error while processing rubrics/rubric.yaml")


def test_ctrl_c_is_one_line_and_exit_130(repo, check, monkeypatch):
    simulate_a_bug_while_reading(monkeypatch, "rubrics/rubric.yaml", KeyboardInterrupt())

    result = check()

    assert (result.status, result.out, result.err.strip()) == (130, "", "openrubric: interrupted")


def test_a_check_that_fails_is_an_internal_error_at_the_file_it_was_reading(repo, check, monkeypatch):
    from openrubric.rules import evidence

    def failing(narrative, *args):
        raise ValueError("simulated bug")

    monkeypatch.setattr(evidence, "_item", failing)

    result = check()

    [finding] = [f for f in result.findings if f["rule"] == "internal-error"]
    assert (finding["path"], finding["line"]) == ("narratives/examples/review-avery-okafor.md", 1)
    assert "openrubric.rules.evidence.check failed on this file: ValueError: simulated bug" in finding["message"]
    assert result.status == 1


@pytest.mark.slow  # builds the whole site before it tries the port
def test_site_serve_on_a_busy_port_is_a_message_and_exit_1(repo, capsys, monkeypatch):
    import shutil
    import socket
    from pathlib import Path

    from openrubric import cli

    project = Path(__file__).resolve().parent.parent
    shutil.copytree(project / "site", repo.path("site"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        repo.write("mkdocs.yml", (project / "mkdocs.yml").read_text() + f"dev_addr: 127.0.0.1:{port}\n")
        monkeypatch.chdir(repo.root)

        status = cli.main(["site", "serve"])

    err = capsys.readouterr().err
    assert status == 1
    assert "openrubric: cannot serve the site: Address already in use" in err
    assert "Traceback" not in err
