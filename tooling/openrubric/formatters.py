"""Output formats for findings, chosen by name: text, json, github, sarif."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .findings import Finding, Severity
from .registry import INTERNAL_ERROR
from .suppressions import Silenced, Suppression


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files_checked: int
    silenced: list[Silenced] = field(default_factory=list)  # each finding a suppression silenced, with it
    root: Path | None = None  # the repository's root, which SARIF's relative URIs resolve against
    fail_on: Severity = Severity.ERROR  # the least severe finding that fails the run
    quiet: bool = False  # findings only, no summary line

    @property
    def suppressions(self) -> list[Suppression]:
        """The suppressions that silenced a finding, in file order."""
        return sorted({suppression for _, suppression in self.silenced}, key=lambda s: (s.path, s.line))

    @property
    def errors(self) -> int:
        return sum(finding.is_error for finding in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def exit_code(self) -> int:
        """What ``openrubric check`` exits with for this report."""
        return 1 if self.errors or (self.fail_on is Severity.WARNING and self.findings) else 0

    @property
    def completed(self) -> bool:
        """Whether every check ran to its end (none failed with an internal error)."""
        return not any(finding.rule == INTERNAL_ERROR.name for finding in self.findings)


def text(report: Report) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity.value} [{f.rule}] {f.message}" for f in report.findings]
    if not report.quiet:
        lines.append(summary(report))
    return "\n".join(lines)


def summary(report: Report) -> str:
    files = _plural(report.files_checked, "file")
    suppressed = f", {_plural(len(report.suppressions), 'suppression')} applied" if report.suppressions else ""
    if not report.findings:
        return f"{files} checked: no problems{suppressed}"
    return f"{files} checked: {_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}{suppressed}"


def as_json(report: Report) -> str:
    document = {
        "findings": [f.as_dict() for f in report.findings],
        "files_checked": report.files_checked,
        "suppressions": [s.as_dict() for s in report.suppressions],
    }
    return json.dumps(document, indent=2)


def github(report: Report) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff."""
    lines = [
        f"::{f.severity.value} file={_property(f.path)},line={f.line},col={f.column},"
        f"title={_property('openrubric ' + f.rule)}::{_data(f.message)}"
        for f in report.findings
    ]
    if not report.quiet:
        lines.append(summary(report))
    return "\n".join(lines)


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def sarif(report: Report) -> str:
    """SARIF 2.1.0, for GitHub code scanning and other analysis viewers (see ``sarif``)."""
    from .sarif import log  # only `--format sarif` needs it; a pre-commit run never asks for it

    return log(report)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


FORMATTERS: dict[str, Callable[[Report], str]] = {"text": text, "json": as_json, "github": github, "sarif": sarif}
