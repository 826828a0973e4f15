"""Output formats for findings, chosen by name: text, json, github, sarif."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .findings import Finding, Severity
from .registry import INTERNAL_ERROR, RULES
from .rules.rule import Rule
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


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"  # the base id code-scanning tools resolve against the checked-out repository


def sarif(report: Report) -> str:
    """SARIF 2.1.0, the format GitHub code scanning and other analysis viewers import. Suppressed findings
    stay in the log, marked with SARIF's own ``suppressions``, so viewers can list them as dismissed."""
    results = [(finding, None) for finding in report.findings] + [(f, s) for f, s in report.silenced]
    rules = sorted({finding.rule for finding, _ in results})
    index = {name: position for position, name in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "openrubric",
                "version": __version__,
                "informationUri": "https://github.com/openrubric/openrubric",
                "rules": [_sarif_rule(RULES[name]) for name in rules],
            }
        },
        "invocations": [{"executionSuccessful": report.completed, "exitCode": report.exit_code}],
        "originalUriBaseIds": {SOURCE_ROOT: _source_root(report.root)},
        "columnKind": "unicodeCodePoints",  # columns count characters, as editors show them
        "results": [_sarif_result(finding, index[finding.rule], suppression) for finding, suppression in results],
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2)


def _source_root(root: Path | None) -> dict[str, object]:
    described: dict[str, object] = {"description": {"text": "The root of the policy repository."}}
    # A base URI must be absolute and end with "/" so that relative URIs resolve inside it.
    return described if root is None else {"uri": root.resolve().as_uri().rstrip("/") + "/", **described}


def _sarif_rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.name,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.section("What it does") or rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": _sarif_level(rule.severity)},
    }


def _sarif_result(finding: Finding, rule_index: int, suppression: Suppression | None) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _sarif_level(finding.severity),
        "message": {"text": finding.message},
        "locations": [_sarif_location(finding.path, finding.line, finding.column)],
    }
    if suppression is not None:
        result["suppressions"] = [_sarif_suppression(suppression)]
    return result


def _sarif_suppression(suppression: Suppression) -> dict[str, object]:
    found: dict[str, object] = {
        "kind": "inSource",
        "status": "accepted",
        "justification": suppression.reason,
        "location": _sarif_location(suppression.path, suppression.line, 1),
    }
    if suppression.until is not None:
        found["properties"] = {"until": suppression.until}
    return found


def _sarif_location(path: str, line: int, column: int) -> dict[str, object]:
    # A URI reference: spaces and non-ASCII letters in a file name are percent-encoded (as UTF-8).
    uri = urllib.parse.quote(path, safe="/")
    region = {"startLine": line, "startColumn": column}
    return {"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": SOURCE_ROOT}, "region": region}}


def _sarif_level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


FORMATTERS: dict[str, Callable[[Report], str]] = {"text": text, "json": as_json, "github": github, "sarif": sarif}
