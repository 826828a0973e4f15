"""The SARIF 2.1.0 log of a report: the format GitHub code scanning and other analysis viewers import."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .findings import Finding, Severity
from .registry import RULES
from .rules.rule import Rule
from .suppressions import Suppression

if TYPE_CHECKING:
    from .formatters import Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"  # the base id code-scanning tools resolve against the checked-out repository


def log(report: Report) -> str:
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
