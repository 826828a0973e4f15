"""ruff and mypy run at the same pinned versions in pre-commit, in CI (.ci/run) and from the `dev` extra."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
HOOKS = {hook["id"]: hook for repo in yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"] for hook in repo["hooks"]}
# A theme MkDocs loads by name: nothing in tooling/openrubric imports it, so mypy need not see it.
NOT_IMPORTED = {"mkdocs-material"}


def name(requirement: str) -> str:
    return re.split(r"[<>=!~\[;]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_the_dev_extra_pins_what_the_hooks_pin():
    hooked = {name(pin): pin for hook in ("ruff", "mypy") for pin in HOOKS[hook]["additional_dependencies"]}
    dev = [requirement for requirement in PYPROJECT["project"]["optional-dependencies"]["dev"] if not requirement.startswith("openrubric")]
    assert dev
    for requirement in dev:
        assert "==" in requirement, f"{requirement} is not pinned"
        assert hooked.get(name(requirement)) == requirement, f"{requirement} is pinned differently in .pre-commit-config.yaml"


def test_mypy_sees_every_library_the_package_imports_at_a_pinned_version():
    pins = HOOKS["mypy"]["additional_dependencies"]
    assert all("==" in pin for pin in pins), pins
    needed = {name(requirement) for requirement in PYPROJECT["project"]["dependencies"]} - NOT_IMPORTED
    assert needed <= {name(pin) for pin in pins}


def test_ci_lints_and_type_checks_before_the_whole_suite():
    commands = [line.strip() for line in (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip() and not line.lstrip().startswith("#")]
    order = [commands.index(command) for command in ("python -m pip install --quiet -e '.[dev]'", "ruff check .", "mypy")]
    pytest_runs = [command for command in commands if command.startswith("python -m pytest")]
    assert order == sorted(order)
    assert pytest_runs == ["python -m pytest --durations=25"] and commands.index(pytest_runs[0]) > order[-1]
