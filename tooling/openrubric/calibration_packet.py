"""``openrubric calibrate``: the packet a calibration room reads, built from one cycle's narratives.

Per level and category, every engineer's rating with the evidence behind it. Engineers are grouped by rating,
in the order of the rubric's scale, and listed alphabetically inside a group: never ordered by score, so the
packet invites comparing evidence with the rubric rather than people with each other. Ratings whose evidence
is thin for their value, calibration changes and guardrail findings are marked.
"""

from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .cycle import Cycle, CycleError, read_cycle
from .repository import Repository

GUARDRAIL_RULES = ("quota", "banned-signal", "biased-language")
WIDTH = 100  # columns of the text report


@dataclass(frozen=True)
class Entry:
    engineer: str
    manager: str
    path: str
    evidence: list[dict[str, str]]
    needed: int  # evidence items the guardrails require for this rating
    calibration: dict[str, Any] | None
    findings: list[str] = field(default_factory=list)  # guardrail findings in the narrative, path:line: message

    @property
    def thin(self) -> bool:
        return len(self.evidence) < self.needed


@dataclass(frozen=True)
class Group:
    rating: str
    label: str
    entries: list[Entry]


@dataclass(frozen=True)
class Section:
    level: str
    level_name: str
    category: str
    category_name: str
    groups: list[Group]


def main(repository: Repository, folders: list[Path], *, level: str | None, output_format: str) -> int:
    try:
        cycle = read_cycle(repository, folders)
    except CycleError as error:
        print(f"openrubric: {error}", file=sys.stderr)
        return 1
    levels = [entry["id"] for entry in cycle.rubric["levels"]]
    if level is not None and level not in levels:
        print(f"openrubric: error: unknown level '{level}'; the rubric defines: {', '.join(levels)}", file=sys.stderr)
        return 2
    sections = packet(cycle, level)
    print(FORMATS[output_format](sections, cycle))
    return 1 if cycle.left_out else 0  # the packet is incomplete: its last part lists what was left out


def packet(cycle: Cycle, only_level: str | None = None) -> list[Section]:
    """The packet's sections, in the rubric's order of levels and categories."""
    scale = cycle.rubric["scale"]
    sections = []
    for level in cycle.rubric["levels"]:
        if only_level not in (None, level["id"]):
            continue
        narratives = [document for document in cycle.narratives if document.data["level"] == level["id"]]  # type: ignore[index]
        if not narratives:
            continue
        for category in cycle.rubric["categories"]:
            if category["id"] not in level["weights"]:
                continue
            entries = [(_entry(cycle, document, category["id"]), document.data["ratings"].get(category["id"])) for document in narratives]  # type: ignore[index]
            groups = [
                Group(step["id"], step["label"], sorted((entry for entry, rated in entries if rated and rated["rating"] == step["id"]), key=_alphabetical))
                for step in scale
            ]
            sections.append(Section(level["id"], level.get("name", level["id"]), category["id"], category.get("name", category["id"]), groups))
    return sections


def _entry(cycle: Cycle, document: Any, category: str) -> Entry:
    data = document.data
    rated = data["ratings"].get(category) or {"rating": "", "evidence": []}
    requirements = cycle.guardrails["evidence"]
    needed = requirements.get("by_rating", {}).get(rated["rating"], requirements["minimum_items"])
    evidence = [{"ref": str(item["ref"]), "summary": str(item.get("summary", ""))} for item in rated["evidence"]]
    findings = [f"{f.path}:{f.line}: [{f.rule}] {f.message}" for f in cycle.findings_in(document.path) if f.rule in GUARDRAIL_RULES]
    return Entry(str(data["engineer"]), str(data["manager"]), document.path, evidence, needed, rated.get("calibration"), findings)


def _alphabetical(entry: Entry) -> tuple[str, str]:
    return (entry.engineer.casefold(), entry.path)


def as_text(sections: list[Section], cycle: Cycle, *, markdown: bool = False) -> str:
    labels = {step["id"]: step["label"] for step in cycle.rubric["scale"]}
    lines = _heading(cycle, markdown)
    for section in sections:
        level = section.level if section.level_name == section.level else f"{section.level} ({section.level_name})"
        title = f"{level}: {section.category_name}"
        lines += ["", f"## {title}" if markdown else f"== {title} =="]
        for group in (group for group in section.groups if group.entries):
            lines += ["", f"### {group.label} ({len(group.entries)})" if markdown else f"{group.label} ({len(group.entries)})"]
            lines += [line for entry in group.entries for line in _entry_lines(entry, labels, markdown)]
    lines += _left_out(cycle, markdown)
    return "\n".join(lines) if markdown else "\n".join(_wrapped(line) for line in lines)


def _wrapped(line: str) -> str:
    """A text line folded to fit a terminal, its continuation indented under its first word."""
    indent = " " * (len(line) - len(line.lstrip()) + 2)
    return textwrap.fill(line, width=WIDTH, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False) if line.strip() else line


def _heading(cycle: Cycle, markdown: bool) -> list[str]:
    periods = sorted({str(document.data["period"]) for document in cycle.narratives})  # type: ignore[index]
    title = f"Calibration packet: {len(cycle.narratives)} narratives, period {', '.join(periods) or '-'}, rubric {cycle.rubric['version']}"
    note = [
        "Engineers are grouped by rating in the scale's order and listed alphabetically within a group.",
        "Compare each rating with the rubric and its evidence, not with other people.",
    ]
    return [f"# {title}" if markdown else title, "", *note]


def _entry_lines(entry: Entry, labels: dict[str, str], markdown: bool) -> list[str]:
    bullet, indent = ("- ", "  - ") if markdown else ("  ", "      ")
    marks = []
    if entry.thin:
        marks.append(f"THIN EVIDENCE: {len(entry.evidence)} of {entry.needed} items")
    if entry.calibration:
        change = entry.calibration
        marks.append(f"calibrated from {labels.get(change['from'], change['from'])}")
    if entry.findings:
        marks.append(f"{len(entry.findings)} guardrail finding(s)")
    name = f"**{_md(entry.engineer)}**" if markdown else entry.engineer
    lines = [f"{bullet}{name} (manager: {_md(entry.manager) if markdown else entry.manager}){' [' + '; '.join(marks) + ']' if marks else ''}"]
    lines += [f"{indent}{_md(item['ref']) if markdown else item['ref']}: {_md(item['summary']) if markdown else item['summary']}" for item in entry.evidence]
    if entry.calibration:
        change = entry.calibration
        reason = str(change.get("reason", "")).strip() or "(no reason given)"
        move = f"{labels.get(change['from'], change['from'])} -> {labels.get(change['to'], change['to'])}"
        lines.append(f"{indent}calibration: {move}: {_md(reason) if markdown else reason}")
    lines += [f"{indent}finding: {_md(finding) if markdown else finding}" for finding in entry.findings]
    return lines


def _left_out(cycle: Cycle, markdown: bool) -> list[str]:
    left = cycle.left_out
    if not left:
        return []
    lines = ["", f"## Left out ({len(left)})" if markdown else f"Left out ({len(left)}): files that are not valid narratives"]
    for path in left:
        first = next(f for f in cycle.findings_in(path) if f.is_error)
        text = f"{first.path}:{first.line}:{first.column}: [{first.rule}] {first.message}"
        lines.append(f"- {_md(text)}" if markdown else f"  {text}")
    return lines


def _md(text: str) -> str:
    """``text`` as Markdown that shows it literally: narratives are untrusted input to a pull request comment."""
    return "".join("\\" + character if character in "\\`*_[]<>|~" else character for character in " ".join(text.split()))


def as_json(sections: list[Section], cycle: Cycle) -> str:
    data = {
        "rubric_version": cycle.rubric["version"],
        "narratives": len(cycle.narratives),
        "sections": [
            {**asdict(section), "groups": [{**asdict(group), "entries": [{**asdict(entry), "thin": entry.thin} for entry in group.entries]} for group in section.groups]}
            for section in sections
        ],
        "left_out": [{"path": path, "findings": [finding.as_dict() for finding in cycle.findings_in(path)]} for path in cycle.left_out],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


FORMATS = {
    "text": as_text,
    "markdown": lambda sections, cycle: as_text(sections, cycle, markdown=True),
    "json": as_json,
}
