"""Configuration: found upward like a linter's, validated with file and line, overridden by flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PolicyRepo, make_policy_repo

from openrubric import cli

WARNING = "She can be abrasive in design reviews."  # biased-language, a warning
QUOTA = "No more than 15% may exceed expectations."  # quota, an error no configuration switches off


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return status, out, err


def rules_in(out: str) -> set[str]:
    return {finding["rule"] for finding in json.loads(out)["findings"]}


@pytest.fixture
def warned(repo: PolicyRepo, monkeypatch: pytest.MonkeyPatch) -> PolicyRepo:
    """The repository with one biased-language warning in the policy, run from its root."""
    repo.write("policy/policy.md", repo.read("policy/policy.md") + f"\n{WARNING}\n")
    monkeypatch.chdir(repo.root)
    return repo


def test_pyproject_table_is_found_from_a_subfolder_and_fails_on_warnings(warned, capsys, monkeypatch):
    assert run(capsys, "--format", "json")[0] == 0
    warned.write("pyproject.toml", '[project]\nname = "hr-policy"\n\n[tool.openrubric]\nfail-on = "warning"\n')
    monkeypatch.chdir(warned.path("rubrics"))
    status, out, _ = run(capsys, "--format", "json")
    assert status == 1
    assert rules_in(out) == {"biased-language"}


def test_openrubric_toml_wins_over_pyproject_in_the_same_folder(warned, capsys):
    warned.write("pyproject.toml", '[tool.openrubric]\nfail-on = "warning"\n')
    warned.write("openrubric.toml", 'fail-on = "error"\n')
    assert run(capsys, "--format", "json")[0] == 0


def test_a_pyproject_without_the_table_is_passed_over(warned, capsys, monkeypatch):
    warned.write("rubrics/pyproject.toml", '[tool.ruff]\nline-length = 100\n')
    warned.write("pyproject.toml", '[tool.openrubric]\nfail-on = "warning"\n')
    monkeypatch.chdir(warned.path("rubrics"))
    assert run(capsys, "--format", "json")[0] == 1


def test_the_search_stops_at_the_git_root(tmp_path, capsys, monkeypatch):
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "openrubric.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    repo = make_policy_repo(outer / "policy-repo")
    repo.write("policy/policy.md", repo.read("policy/policy.md") + f"\n{WARNING}\n")
    monkeypatch.chdir(repo.root)
    status, out, _ = run(capsys, "--format", "json")
    assert (status, rules_in(out)) == (0, {"biased-language"})


def test_severity_raises_a_warning_to_an_error(warned, capsys):
    warned.write("openrubric.toml", '[severity]\nbiased-language = "error"\n')
    status, out, _ = run(capsys, "--format", "json")
    assert status == 1
    assert [finding["severity"] for finding in json.loads(out)["findings"]] == ["error"]


def test_flags_override_the_file(warned, capsys):
    warned.write("openrubric.toml", 'fail-on = "warning"\nignore = ["biased-language"]\n')
    assert run(capsys, "--format", "json")[0] == 0
    status, out, _ = run(capsys, "--format", "json", "--ignore", "banned-signal")
    assert (status, rules_in(out)) == (1, {"biased-language"})
    assert run(capsys, "--format", "json", "--ignore", "banned-signal", "--fail-on", "error")[0] == 0
    assert run(capsys, "--format", "json", "--fail-on-warning", "--ignore", "banned-signal")[0] == 1


def test_select_reports_only_those_rules_but_never_hides_a_quota(warned, capsys):
    warned.write("policy/policy.md", warned.read("policy/policy.md") + f"\n{QUOTA}\n")
    status, out, _ = run(capsys, "--format", "json", "--select", "banned-signal")
    assert (status, rules_in(out)) == (1, {"quota"})
    status, out, _ = run(capsys, "--format", "json", "--select", "biased-language,banned-signal")
    assert rules_in(out) == {"quota", "biased-language"}


def test_exclude_leaves_out_files_and_their_findings(warned, capsys):
    narrative = warned.path("narratives/examples").glob("*.md").__next__().relative_to(warned.root).as_posix()
    warned.write(narrative, warned.read(narrative) + f"\n{WARNING}\n")
    whole = json.loads(run(capsys, "--format", "json")[1])
    warned.write("openrubric.toml", 'exclude = ["narratives/examples", "policy.md"]\n')
    status, out, _ = run(capsys, "--format", "json")
    assert {f["path"] for f in whole["findings"]} == {narrative, "policy/policy.md"}
    assert (status, json.loads(out)["findings"]) == (0, [])
    assert json.loads(out)["files_checked"] == whole["files_checked"] - 2
    # pre-commit passes paths: an excluded one is left out too, while the rubric it reads is still read.
    assert json.loads(run(capsys, "--format", "json", narrative)[1]) == {"findings": [], "files_checked": 0, "suppressions": []}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('fail-on = "error"\nselct = ["quota"]\n', 2, "unknown setting 'selct'"),
        ('select = [\n  "quota",\n  "biassed-language",\n]\n', 3, "unknown rule 'biassed-language'"),
        ('ignore = ["biased-language", "quota"]\n', 1, "'quota' cannot be ignored"),
        ('# comment\n\n[severity]\nquota = "warning"\n', 4, "'quota' cannot be lowered to a warning"),
        ('[severity]\nbiased-language = "fatal"\n', 2, "must be \"error\" or \"warning\", not 'fatal'"),
        ('exclude = "narratives"\n', 1, "'exclude' must be a list of strings"),
        ("root = 3\n", 1, "'root' must be a string"),
        ('fail-on = "info"\n', 1, "'fail-on' must be one of error, warning"),
        ('fail-on = "warning"\nselect = ["quota"\n', 3, "invalid TOML"),
    ],
)
def test_a_bad_configuration_is_located_and_exits_2(warned, capsys, text, line, words):
    warned.write("openrubric.toml", text)
    status, out, err = run(capsys, "--format", "json")
    assert status == 2 and out == ""
    assert err.startswith(f"{warned.path('openrubric.toml')}:{line}:"), err
    assert words in err and "Traceback" not in err


def test_a_bad_key_in_pyproject_is_located_below_its_table(warned, capsys):
    warned.write("pyproject.toml", '[project]\nname = "x"\nselect = []\n\n[tool.openrubric]\nfail-on = "warning"\nselect = ["nope"]\n')
    status, _, err = run(capsys)
    assert (status, err.split(": ")[0]) == (2, f"{warned.path('pyproject.toml')}:7:1")


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--select", "quota,nope"], "unknown rule 'nope'"),
        (["--ignore", "rules-skipped"], "cannot be ignored"),
        (["--config", "missing.toml"], "--config missing.toml: no such file"),
        (["--stdin-filename", "policy/policy.md"], "--stdin-filename PATH and the path `-`"),
        (["-"], "--stdin-filename PATH and the path `-`"),
    ],
)
def test_bad_flags_are_usage_errors(warned, capsys, flags, words):
    status, _, err = run(capsys, *flags)
    assert status == 2 and words in err, err


def test_config_flag_names_the_file(warned, capsys):
    warned.write("ci/strict.toml", 'fail-on = "warning"\n')
    assert run(capsys, "--format", "json")[0] == 0
    assert run(capsys, "--format", "json", "--config", "ci/strict.toml")[0] == 1


def test_quiet_prints_findings_only(warned, capsys):
    status, out, _ = run(capsys, "--quiet")
    assert status == 0
    assert out.splitlines()[0].startswith("policy/policy.md:") and len(out.splitlines()) == 1
    warned.write("openrubric.toml", 'ignore = ["biased-language"]\n')
    assert run(capsys, "-q") == (0, "", "")


def test_stdin_is_checked_as_the_file_it_names(warned, capsys, monkeypatch):
    import io

    warned.write("policy/policy.md", warned.read("policy/policy.md").replace(f"\n{WARNING}\n", "\n"))
    edited = warned.read("policy/policy.md") + f"\n{QUOTA}\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(edited.encode())))
    status, out, _ = run(capsys, "--format", "json", "--stdin-filename", "policy/policy.md", "-")
    assert status == 1
    line = len(edited.splitlines())
    assert [(f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"]] == [("policy/policy.md", line, "quota")]
    assert QUOTA not in warned.read("policy/policy.md")  # the file on disk is neither read nor written


def test_stdin_may_name_a_file_not_yet_on_disk(warned, capsys, monkeypatch):
    import io

    narrative = next(warned.path("narratives/examples").glob("*.md")).read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO((narrative + f"\n{WARNING}\n").encode())))
    status, out, _ = run(capsys, "--format", "json", "--stdin-filename", "narratives/examples/new.md", "-")
    assert (status, rules_in(out), json.loads(out)["files_checked"]) == (0, {"biased-language"}, 1)
    assert not warned.path("narratives/examples/new.md").exists()


@pytest.mark.parametrize("rule", ["quota", "rules-skipped", "invalid-suppression", "internal-error"])
def test_no_rule_that_guards_the_policy_can_be_ignored_as_the_readme_says(warned, capsys, rule):
    from openrubric.registry import UNSUPPRESSIBLE

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"`{rule}`" in readme.split("### Configuration")[1].split("###")[0]
    assert rule in UNSUPPRESSIBLE
    warned.write("openrubric.toml", f'ignore = ["{rule}"]\n')
    assert run(capsys)[0] == 2


def test_a_pyproject_whose_tool_is_not_a_table_is_located(warned, capsys):
    warned.write("pyproject.toml", '# [tool.openrubric] would go here\ntool = 3\n')
    status, _, err = run(capsys)
    assert status == 2 and "must be a table" in err and "Traceback" not in err
