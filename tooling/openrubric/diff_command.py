"""``openrubric diff [BASE [HEAD]]``: the changes in meaning between two revisions, for reviewers."""

from __future__ import annotations

import json
import math
import sys

from . import snapshots
from .repository import Repository
from .semantic_diff import LOOSENS, Change, changes


def main(repository: Repository, base: str | None, head: str | None, output_format: str) -> int:
    try:
        base = base or snapshots.default_base(repository)
        old, new = snapshots.read(repository, base), snapshots.read(repository, head)
    except snapshots.RevisionError as error:
        print(f"openrubric: {error}", file=sys.stderr)
        return 2
    found = changes(old, new)
    print({"json": as_json, "markdown": as_markdown}.get(output_format, as_text)(old.revision, new.revision, found))
    return 0


def as_json(base: str, head: str, found: list[Change]) -> str:
    changes = [_json_safe(change.as_dict()) for change in found]
    return json.dumps({"base": base, "head": head, "changes": changes}, indent=2, default=str)


def _json_safe(value: object) -> object:
    """``value`` with NaN and infinities as the strings YAML writes them as: JSON has no word for them."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def as_text(base: str, head: str, found: list[Change]) -> str:
    lines = [f"{base} -> {head}: {len(found)} change{'s' if len(found) != 1 else ''} in meaning"]
    for change in found:
        mark = "!" if change.effect == LOOSENS else " "
        lines.append(f"{mark} {change.kind:<24} {change.subject}: {_value(change.old)} -> {_value(change.new)}  [{change.effect}]")
    return "\n".join(lines)


def as_markdown(base: str, head: str, found: list[Change]) -> str:
    """For `$GITHUB_STEP_SUMMARY` and pull-request comments: loosened guardrails first, in their own table."""
    loosening = [change for change in found if change.effect == LOOSENS]
    lines = [f"## Rubric changes: `{base}` → `{head}`", ""]
    if not found:
        return "\n".join([*lines, "No change in meaning."])
    if loosening:
        lines += [f"**⚠ {len(loosening)} change(s) loosen a guardrail** and need their own rationale.", ""]
    lines += ["| Effect | Kind | Subject | Old | New |", "| --- | --- | --- | --- | --- |"]
    for change in sorted(found, key=lambda change: change.effect != LOOSENS):
        lines.append(f"| {change.effect} | {change.kind} | `{change.subject}` | {_cell(change.old)} | {_cell(change.new)} |")
    return "\n".join(lines)


def _value(value: object) -> str:
    text = "-" if value is None else json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def _cell(value: object) -> str:
    return _value(value).replace("|", "\\|").replace("\n", " ")
