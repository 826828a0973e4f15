"""The report's sections (a title, paragraphs and a table each), shared by the text, Markdown and HTML formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .report import PUBLISHABLE

KIND_TITLES = {"drift": "drift", "manager-consistency": "consistency", "disparity": "disparity", "evidence-gap": "evidence gap"}
# Short names of the measures for table cells; JSON keeps the full ones.
MEASURE_TITLES = {"evidence per rating": "evidence", "lowered in calibration": "calib. lowered", "biased language": "biased language"}


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)  # columns aligned right


def sections(report: dict[str, Any]) -> list[Section]:
    tables = report["tables"]
    found = [_summary(report), _findings(report), _distributions(report), _calibration(tables)]
    if report["previous"]:
        found.append(_comparisons("Drift since the previous cycle", _DRIFT_TEXT, tables["drift"], subject="levels"))
    if report["report"] != PUBLISHABLE:
        found.append(_comparisons("Manager consistency", _CONSISTENCY_TEXT, tables["consistency"], subject="manager"))
        if report["people"] is not None:
            found.append(_comparisons("Disparities between groups", _DISPARITY_TEXT, tables["disparities"], subject="group"))
    found.append(_evidence(report))
    found.append(Section("Suppressed", [_suppressed(report)], ["reason", "groups"], [[reason, str(count)] for reason, count in report["suppressed"]["reasons"].items()], {1}))
    found.append(Section("Method", list(report["method"])))
    return found


def _summary(report: dict[str, Any]) -> Section:
    narratives = report["narratives"]
    kind = (
        "Publishable summary: it names nobody and may be published."
        if report["report"] == PUBLISHABLE
        else "Restricted report: it names managers; share it with the people who calibrate, never publish it."
    )
    people = report["people"]
    attributes = f"attributes from the people file: {', '.join(people['attributes']) or 'none usable'}" if people is not None else "no people file"
    previous = f"; compared with {', '.join(report['previous'])}" if report["previous"] else ""
    lines = [
        kind,
        f"Cycle {report['cycle']}{previous}; rubric {report['rubric_version']}. {narratives['audited']} narratives audited, "
        f"{narratives['left_out']} left out because they fail `openrubric narrative check`; {attributes}.",
        f"{report['comparisons']} comparisons made, {len(report['findings'])} flagged here (Benjamini-Hochberg, q at most "
        f"{report['false_discovery_rate']}); groups of fewer than {report['minimum_group']} engineers suppressed: {report['suppressed']['groups']}.",
    ]
    if report["input_problems"]:
        lines.append(f"{report['input_problems']} problems with the input were reported on standard error; the audit left those rows or files out.")
    return Section(f"Audit of {report['cycle']}", lines)


def _findings(report: dict[str, Any]) -> Section:
    rows = [_comparison_cells(finding, with_kind=True) for finding in report["findings"]]
    paragraphs = [
        "What the audit flags for a closer look at the evidence. None of it is a verdict on a person or a group. "
        "Effects are in points of the scale for ratings and the composite, in items for evidence, and in "
        "percentage points for rates."
    ]
    if not rows:
        paragraphs.append("Nothing was flagged.")
    if report["report"] == PUBLISHABLE:
        paragraphs.append("This summary compares cycles only; the restricted report compares managers and groups.")
    return Section("Findings", paragraphs, _COMPARISON_HEADERS_WITH_KIND if rows else [], rows, {4, 5, 6, 7})


_COMPARISON_HEADERS = ["subject", "category", "measure", "effect", "95% interval", "n", "q"]
_COMPARISON_HEADERS_WITH_KIND = ["kind", *_COMPARISON_HEADERS]


def _comparison_cells(row: dict[str, Any], *, with_kind: bool = False) -> list[str]:
    """A comparison's cells; a flagged one's q ends with an asterisk."""
    measure = MEASURE_TITLES.get(row["measure"], row["measure"]) + (f" ({row['rating']})" if row.get("rating") else "")
    q = _q(row["q"]) + ("*" if row["flagged"] else "")
    cells = [row["subject"], row["category"] or "-", measure, effect(row["effect"], row["unit"]), interval(row), str(row["n"]), q]
    return [KIND_TITLES[row["kind"]], *cells] if with_kind else cells


def effect(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value * 100:+.1f}" if unit == "rate" else f"{value:+.2f}"


def interval(row: dict[str, Any]) -> str:
    low, high = row["interval"]
    if low is None or high is None:
        return "-"
    scale = 100 if row["unit"] == "rate" else 1
    return f"[{low * scale:+.2f}, {high * scale:+.2f}]"


def _q(value: float | None) -> str:
    if value is None:
        return "-"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _comparisons(title: str, text: list[str], rows: list[dict[str, Any]], *, subject: str) -> Section:
    headers = [subject, *_COMPARISON_HEADERS[1:]]
    cells = [_comparison_cells(row) for row in rows]
    return Section(title, [*text, *([] if cells else ["No comparison could be made with groups large enough to show."])], headers if cells else [], cells, {3, 4, 5, 6})


_CONSISTENCY_TEXT = [
    "Each manager's ratings in a category against everyone else's, at the same level and in the same category. "
    "Listed by name. A flagged difference (q marked *) asks calibration to read those narratives' evidence "
    "together; it is not a measure of the manager.",
]
_DISPARITY_TEXT = [
    "Each group of each attribute against everyone else. Effects are the group's figure less everyone else's: "
    "ratings and the composite in points of the scale, evidence in items, calibration and wording as rates in "
    "percentage points. A q marked * is flagged.",
]
_DRIFT_TEXT = ["Each category's mean rating now less the previous cycle's, for all levels and for each level; the distribution row is the chi-square test."]


def _distributions(report: dict[str, Any]) -> Section:
    scale = [entry["id"] for entry in report["scale"]]
    rows = []
    for row in report["tables"]["distributions"]:
        counts = [str(row["counts"][rating]) for rating in scale]
        rows.append([row["cycle"], row["category"], row["level"], str(row["n"]), *counts, f"{row['mean']:.2f}", f"{row['draft_mean']:.2f}"])
    text = (
        "Final ratings per category, for all levels and for each level large enough to show, with the mean value "
        "before calibration (draft) and after it."
    )
    numeric = set(range(3, 6 + len(scale)))
    return Section("Distributions of ratings", [text], ["cycle", "category", "level", "n", *scale, "mean", "draft"], rows, numeric)


def _calibration(tables: dict[str, Any]) -> Section:
    rows = [[row["category"], str(row["n"]), str(row["raised"]), str(row["lowered"])] for row in tables["calibration"]]
    return Section("Calibration", ["Changes made in calibration compared with the draft (the calibration entry's `from`): ratings that went up and ratings that went down, per category."], ["category", "ratings", "raised", "lowered"], rows, {1, 2, 3})


def _evidence(report: dict[str, Any]) -> Section:
    rows = []
    for row in report["tables"]["evidence"]:
        if row["n"] is None:
            rows.append([row["category"], row["rating"], "suppressed", str(row["required"]), "-", "-"])
        else:
            rows.append([row["category"], row["rating"], str(row["n"]), str(row["required"]), f"{row['mean']:.2f}", str(row["at_minimum"])])
    paragraphs = ["Evidence items behind each rating, beside the minimum the guardrails require for it: high or low ratings resting on less evidence than others show here."]
    section = Section("Evidence", paragraphs, ["category", "rating", "ratings", "required", "mean items", "at the minimum"], rows, {2, 3, 4, 5})
    gaps = report["tables"].get("evidence_gaps")
    if gaps:
        flagged = [row for row in gaps if row["flagged"]]
        names = "; ".join(f"{row['subject']} ({row['rating']}: {effect(row['effect'], row['unit'])})" for row in flagged)
        section.paragraphs.append(f"Evidence gaps flagged: {names}." if flagged else f"Evidence gaps: {len(gaps)} comparisons of the lowest and highest ratings, none flagged.")
    return section


def _suppressed(report: dict[str, Any]) -> str:
    return (
        f"Groups not shown, so that no figure describes fewer than {report['minimum_group']} engineers, directly or by "
        "subtracting one figure from another. A group counts once for each set of engineers it was judged in."
    )
