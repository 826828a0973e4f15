"""The audit report as data: what every format renders, and the JSON format itself.

Only aggregates ever enter it: counts, means and test results of groups the privacy rules allow, managers
by name in the restricted report, and nobody at all in the publishable summary.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from .. import __version__
from .analyses import CONSISTENCY, DISPARITY, DRIFT, EVIDENCE_GAP, Audit, Comparison
from .method import method
from .statistics import CONFIDENCE, FALSE_DISCOVERY_RATE

RESTRICTED, PUBLISHABLE = "restricted", "publishable"
# What each kind of report holds besides the distributions: the publishable summary names no group.
KINDS = {RESTRICTED: (DRIFT, CONSISTENCY, DISPARITY, EVIDENCE_GAP), PUBLISHABLE: (DRIFT,)}


@dataclass(frozen=True)
class Context:
    """What the report says about its inputs."""

    cycle: str
    previous: list[str]
    rubric_version: str
    scale: list[dict[str, Any]]
    audited: int
    left_out: int
    attributes: list[str] | None  # None without a people file
    input_problems: int
    minimum: int
    publishable: bool


def document(audit: Audit, context: Context) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    kind = PUBLISHABLE if context.publishable else RESTRICTED
    kept = [comparison for comparison in audit.comparisons if comparison.kind in KINDS[kind]]
    return {
        "report": kind,
        "tool": f"openrubric {__version__}",
        "rubric_version": context.rubric_version,
        "cycle": context.cycle,
        "previous": context.previous,
        "scale": [{"id": entry["id"], "label": entry["label"], "value": entry["value"]} for entry in context.scale],
        "narratives": {"audited": context.audited, "left_out": context.left_out},
        "people": None if context.attributes is None else {"attributes": context.attributes},
        "input_problems": context.input_problems,
        "minimum_group": context.minimum,
        "confidence": CONFIDENCE,
        "false_discovery_rate": FALSE_DISCOVERY_RATE,
        "comparisons": len(audit.comparisons),
        "findings": [_row(comparison) for comparison in kept if comparison.flagged],
        "suppressed": {"groups": sum(audit.suppressed.values()), "reasons": dict(sorted(audit.suppressed.items()))},
        "tables": _tables(audit, kept, kind),
        "method": method(context.minimum),
    }


def _tables(audit: Audit, kept: list[Comparison], kind: str) -> dict[str, Any]:
    tables: dict[str, Any] = {
        "distributions": audit.distributions,
        "calibration": audit.calibration,
        "evidence": audit.evidence,
        "drift": [_row(c) for c in kept if c.kind == DRIFT],
    }
    if kind == RESTRICTED:
        tables["consistency"] = [_row(c) for c in sorted((c for c in kept if c.kind == CONSISTENCY), key=_by_name)]
        tables["disparities"] = [_row(c) for c in sorted((c for c in kept if c.kind == DISPARITY), key=_by_name)]
        tables["evidence_gaps"] = [_row(c) for c in sorted((c for c in kept if c.kind == EVIDENCE_GAP), key=_by_name)]
    return tables


def _by_name(comparison: Comparison) -> tuple[str, str, str, str]:
    """Alphabetical, never by effect: a list of managers ordered by how they rate would read as a ranking."""
    return (comparison.subject.casefold(), comparison.category or "", comparison.measure, comparison.rating or "")


def _row(comparison: Comparison) -> dict[str, Any]:
    estimate = comparison.estimate
    row = {
        "kind": comparison.kind,
        "subject": comparison.subject,
        "category": comparison.category,
        "measure": comparison.measure,
        "effect": _number(estimate.effect),
        "interval": [_number(estimate.low), _number(estimate.high)],
        "unit": comparison.unit,
        "n": comparison.n,
        "n_rest": comparison.n_rest,
        "p": _number(estimate.p, 6),
        "q": _number(comparison.q, 6),
        "flagged": comparison.flagged,
    }
    if comparison.rating is not None:
        row["rating"] = comparison.rating
    return row


def _number(value: float, digits: int = 4) -> float | None:
    return round(value, digits) if math.isfinite(value) else None


def as_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False)
