"""Output formats for findings, chosen by name: text, json, github, sarif."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from . import __version__
from .findings import Finding, Severity
from .registry import RULES
from .suppressions import Suppression


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files_checked: int
    suppressions: list[Suppression] = field(default_factory=list)  # those that silenced a finding

    @property
    def errors(self) -> int:
        return sum(finding.is_error for finding in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def text(report: Report) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity.value} [{f.rule}] {f.message}" for f in report.findings]
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
    lines.append(summary(report))
    return "\n".join(lines)


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif(report: Report) -> str:
    """SARIF 2.1.0, the format GitHub code scanning and other analysis viewers import."""
    rules = sorted({finding.rule for finding in report.findings})
    index = {name: position for position, name in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "openrubric",
                "version": __version__,
                "informationUri": "https://github.com/openrubric/openrubric",
                "rules": [_sarif_rule(name) for name in rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The root of the policy repository."}}},
        "results": [_sarif_result(finding, index[finding.rule]) for finding in report.findings],
        "properties": {"suppressions": [s.as_dict() for s in report.suppressions]},
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2)


def _sarif_rule(name: str) -> dict[str, object]:
    rule = RULES[name]
    return {
        "id": rule.name,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": _sarif_level(rule.severity)},
    }


def _sarif_result(finding: Finding, rule_index: int) -> dict[str, object]:
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _sarif_level(finding.severity),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
    }


def _sarif_level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


FORMATTERS: dict[str, Callable[[Report], str]] = {"text": text, "json": as_json, "github": github, "sarif": sarif}
