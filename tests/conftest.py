"""Shared fixtures: a real copy of this repository's content in a fresh git repository under tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from openrubric import cache, cli
from openrubric.packaged import PACKAGE, SCHEMA_FOLDER

# The audit tests' fixtures live in tests/audit/audit_support.py: a second conftest.py would take the name
# `conftest` that the other tests import their helpers from.
pytest_plugins = ["audit_support"]
PROJECT = Path(__file__).resolve().parent.parent
CONTENT = ("policy", "rubrics", "narratives/templates", "narratives/examples")
PACKAGED_SCHEMAS = PACKAGE / SCHEMA_FOLDER
# The official OASIS SARIF 2.1.0 schema, read from the shared/vendor folder beside the clone (CI provides it):
# the project keeps no copies of third-party files.
SARIF_SCHEMA = PROJECT.parent / "shared" / "vendor" / "sarif-schema-2.1.0.json"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """The tests and the commands they start keep compiled rules in a folder of their own, never the user's."""
    os.environ[cache.FOLDER_VARIABLE] = str(tmp_path_factory.mktemp("openrubric-cache"))
    os.environ.pop(cache.OFF_VARIABLE, None)
    yield


@dataclass
class PolicyRepo:
    root: Path

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str | bytes) -> Path:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def replace(self, relative: str, old: str, new: str) -> int:
        """Replace the single occurrence of ``old`` and return the 1-based line where it started."""
        text = self.read(relative)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        self.write(relative, text.replace(old, new))
        return text[: text.index(old)].count("\n") + 1

    def line_of(self, relative: str, needle: str) -> int:
        lines = self.read(relative).splitlines()
        matches = [number for number, line in enumerate(lines, start=1) if needle in line]
        assert len(matches) == 1, f"{needle!r} is on lines {matches} of {relative}"
        return matches[0]

    def own_schema(self, name: str) -> str:
        """Copy the packaged schema ``name`` into the repository's ``schemas/``, where it replaces the packaged
        one, as an organisation does to change a schema; returns its repository-relative path."""
        relative = f"schemas/{name}"
        self.write(relative, (PACKAGED_SCHEMAS / name).read_text(encoding="utf-8"))
        return relative

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True, text=True).stdout


@dataclass
class CheckResult:
    status: int
    out: str
    err: str

    @property
    def findings(self) -> list[dict]:
        return json.loads(self.out)["findings"]

    def rules(self) -> set[str]:
        return {finding["rule"] for finding in self.findings}


def sarif_errors(log: dict) -> list[str]:
    """Every way ``log`` breaks the official SARIF schema, formats included (``uri``, ``uri-reference``).

    A bare ``FormatChecker()`` knows every format jsonschema can check: the schema is draft-04, whose own
    checker leaves out ``uri-reference``, the format of ``artifactLocation.uri``. URI formats are checked
    only when rfc3986-validator is installed (the test extra has it), so that is asserted first."""
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF schema is not at {SARIF_SCHEMA} (CI provides it)")
    checker = FormatChecker()
    assert not checker.conforms("a path with spaces", "uri-reference"), "install rfc3986-validator to check URIs"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = validator_for(schema)(schema, format_checker=checker)
    return sorted(f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log))


def make_policy_repo(root: Path) -> PolicyRepo:
    """A git repository at ``root`` holding a copy of this repository's content in one commit."""
    for folder in CONTENT:
        source = PROJECT / folder
        if source.is_dir():
            shutil.copytree(source, root / folder)
    policy_repo = PolicyRepo(root)
    policy_repo.write(".gitignore", "narratives/drafts/\n")  # as every policy repository must (drafts-not-ignored)
    policy_repo.git("init", "-q", "-b", "main")
    policy_repo.git("-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "-A")
    policy_repo.git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm", "content")
    return policy_repo


@pytest.fixture
def repo(tmp_path: Path) -> PolicyRepo:
    return make_policy_repo(tmp_path / "policy-repo")


@pytest.fixture
def check(repo: PolicyRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run ``openrubric check --format json`` (or other arguments) in-process from the repo's root."""

    def run(*args: str, fmt: str = "json") -> CheckResult:
        monkeypatch.chdir(repo.root)
        capsys.readouterr()
        status = cli.main(["check", "--format", fmt, *args])
        captured = capsys.readouterr()
        return CheckResult(status, captured.out, captured.err)

    return run


# The snippet tests of the guardrail reading (tests/rules/test_reading.py, test_stance.py): this repository's
# guardrail entries, compiled once per module, with a four-rating scale.
READING_SCALE = ["below", "Below expectations", "approaching", "Approaching expectations", "meets", "Meets expectations", "exceeds", "Exceeds expectations"]


@pytest.fixture(scope="module")
def reading():
    from openrubric.loading import load_document
    from openrubric.rules.entries import compile_reading

    guardrails = load_document(PROJECT, "policy/guardrails.yaml", kind="guardrails", syntax="yaml")
    return compile_reading(guardrails.data, READING_SCALE)
