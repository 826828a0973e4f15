"""Configuration as linters keep it: ``openrubric.toml``, or ``[tool.openrubric]`` in ``pyproject.toml``.

The nearest folder holding either, from where the search starts up to the git work tree's root, is the one
used; within one folder ``openrubric.toml`` wins. Nothing is merged: one file says it all, and a command-line
flag overrides the key of the same name. The file is validated whole before anything is checked, and every
problem names the file and the line of the key at fault.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Severity

OWN_FILE, PYPROJECT = "openrubric.toml", "pyproject.toml"


class ConfigError(ValueError):
    """A configuration that cannot be used; ``str()`` reads ``path:line:column: message``."""

    def __init__(self, path: Path, line: int, message: str, column: int = 1) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")


@dataclass(frozen=True)
class Config:
    """The settings of one file (all defaults when there is none). ``root`` is absolute once loaded."""

    source: Path | None = None
    root: Path | None = None
    exclude: tuple[str, ...] = ()
    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"


def find(start: Path) -> Path | None:
    """The configuration file nearest to ``start``, looking no higher than its git work tree."""
    for folder in (start, *start.parents):
        own = folder / OWN_FILE
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_own_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _has_own_table(pyproject: Path) -> bool:
    # A cheap look before parsing: most pyproject.toml files have nothing for openrubric.
    return "tool.openrubric" in pyproject.read_text(encoding="utf-8", errors="replace")


def parse_rule_ids(value: str, rules: dict[str, Any]) -> frozenset[str]:
    """The rule ids of a ``--select`` or ``--ignore`` flag (comma-separated). Raises ValueError naming an
    unknown one."""
    names = frozenset(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(names - set(rules))
    if unknown:
        raise ValueError(f"unknown rule '{unknown[0]}'; `openrubric rules` lists them")
    return names


def for_run(*, explicit: Path | None, start: Path, overrides: dict[str, str | None], rules: dict[str, Any]) -> Config:
    """The configuration a run uses: ``explicit`` (``--config``) or the file found from ``start``, with the
    command line's ``overrides`` (``select``, ``ignore``, ``fail-on``; None where not given) on top.
    Raises ConfigError for a bad file, ValueError for a bad flag."""
    if explicit is not None and not explicit.is_file():
        raise ValueError(f"--config {explicit}: no such file")
    path = explicit or find(start.resolve())
    if path is None:
        config = Config()
    else:
        from .config_file import load  # only a repository with a configuration file reads one: most pre-commit runs do not

        config = load(path, rules)
    changes: dict[str, Any] = {}
    for key in ("select", "ignore"):
        value = overrides.get(key)
        if value is not None:
            changes[key] = parse_rule_ids(value, rules)
    always = sorted(name for name in changes.get("ignore", ()) if not rules[name].suppressible)
    if always:
        raise ValueError(f"--ignore {always[0]}: this rule guards the policy itself and cannot be ignored")
    if overrides.get("fail-on") is not None:
        changes["fail_on"] = overrides["fail-on"]
    return dataclasses.replace(config, **changes)
