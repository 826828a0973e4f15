"""Version discipline for rubric changes, checked with ``openrubric check --base REF``.

SemVer for a rubric: a change that asks more of engineers, moves weights or expectations, removes a category
or level, changes the scale or loosens a guardrail is major; a new metric, level or guardrail is minor;
wording is a patch. Each bump needs a changelog entry with a rationale, a loosened guardrail its own.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..semantic_diff import Change

VERSION_BUMP = Rule(
    name="version-bump",
    severity=Severity.ERROR,
    summary="A change in meaning comes without the rubric version bump the SemVer policy requires.",
    doc="""\
## What it does
With `openrubric check --base REF`, compares the content with REF and works out the smallest version bump the
changes need: major for a change that asks more of engineers, moves weights or expectations, removes a
category or level, changes the scale or loosens a guardrail; minor for a new metric, level or guardrail;
patch for wording. It reports a `version` in `rubrics/rubric.yaml` that was not raised that far.

## Why is this bad?
Engineers plan their year against a version of the rubric. A silent change to what is asked of them, under
the same version number, cannot be noticed, discussed or appealed.

## Example
```yaml
version: 1.0.0   # while a level's weights changed since the base
```

## Use instead
```yaml
version: 2.0.0
```
""",
)

CHANGELOG_ENTRY = Rule(
    name="changelog-entry",
    severity=Severity.ERROR,
    summary="A new rubric version has no changelog entry, or loosens a guardrail without its own rationale.",
    doc="""\
## What it does
With `openrubric check --base REF`, requires `rubrics/changelog.yaml` to have an entry for the new rubric
version with a rationale, and a `loosening_rationale` when any change loosens a guardrail.

## Why is this bad?
The change history is how engineers learn why the rules they are judged by changed. A loosened guardrail is
the change they most need explained.

## Example
```yaml
entries:
  - {version: 1.0.0, date: 2026-01-01, summary: First rubric, rationale: ...}
```

## Use instead
```yaml
entries:
  - version: 2.0.0
    date: 2026-06-01
    summary: Senior weights move toward leadership.
    rationale: Calibration showed senior leverage went unrecognised.
  - {version: 1.0.0, date: 2026-01-01, summary: First rubric, rationale: ...}
```
""",
)

FREEZE_WINDOW = Rule(
    name="freeze-window",
    severity=Severity.ERROR,
    summary="Weights, the scale or evidence requirements change during an open review cycle.",
    doc="""\
## What it does
With `openrubric check --base REF`, when a review cycle listed under `cycles` in `rubrics/rubric.yaml` is
open today, requires a change to weights, the rating scale or evidence requirements to carry an `effective`
date after the cycle closes.

## Why is this bad?
People being reviewed cannot have the rules change under them: the evidence they gathered was for the rubric
in force when the cycle opened.

## Example
```yaml
effective: 2026-11-01   # the 2026-h2 cycle closes on 2026-12-15
```

## Use instead
```yaml
effective: 2027-01-01
```
""",
)

MAJOR, MINOR, PATCH = 3, 2, 1
_BUMP_NAMES = {MAJOR: "major", MINOR: "minor", PATCH: "patch"}
_MAJOR_KINDS = {"weight", "expectation", "category-removed", "category-added", "category-renamed", "level-removed", "level-renamed"}
_MINOR_KINDS = {"metric-added", "level-added", "metric-changed", "metric-renamed", "metric-removed"}
_FROZEN_KINDS = {"weight", "evidence-minimum"}
_NOT_MEANING = {"version", "effective", "unreadable"}
_VERSIONED = ("rubrics/", "policy/guardrails.yaml")


def required_bump(change: Change) -> int:
    # Imported here: only `check --base` compares revisions; a plain check need not load the diff modules.
    from ..semantic_diff import LOOSENS, TIGHTENS

    if change.effect == LOOSENS or change.kind in _MAJOR_KINDS or change.kind.startswith("scale-"):
        return MAJOR
    if change.kind == "evidence-minimum" and change.effect == TIGHTENS:
        return MAJOR  # asks more of engineers
    if change.kind in _MINOR_KINDS or change.kind.endswith("-added"):
        return MINOR
    return PATCH


def in_meaning(change: Change) -> bool:
    """Whether the change alters the versioned meaning: the rubric and the guardrails are versioned; policy
    prose, schemas and templates are reviewed as text."""
    return change.kind not in _NOT_MEANING and change.path.startswith(_VERSIONED)


def missing_bump(changes: list[Change], old_version: str | None, new_version: str) -> str | None:
    """The bump ("major", "minor" or "patch") the changes need when going from ``old_version`` to
    ``new_version`` does not raise the version that far; None when it does or nothing needs one."""
    meaning = [change for change in changes if in_meaning(change)]
    if not meaning:
        return None
    needed = max(required_bump(change) for change in meaning)
    return None if _raised_enough(old_version, new_version, needed) else _BUMP_NAMES[needed]


def check_against_base(content: Content, changes: list[Change], old_version: str | None, today: datetime.date) -> Iterator[Finding]:
    rubric = content.single("rubric")
    meaning = [change for change in changes if in_meaning(change)]
    if rubric is None or not meaning:
        return
    needed = max(meaning, key=required_bump)
    new_version = rubric.data["version"]  # type: ignore[index]
    level = missing_bump(meaning, old_version, new_version)
    if level is not None:
        message = f"{len(meaning)} change(s) in meaning need a {level} version bump from {old_version} (for example {needed.kind} {needed.subject}), but the version is {new_version}"
        yield VERSION_BUMP.at(rubric, ["version"], message)
        return
    yield from _changelog(content, rubric, new_version, meaning)
    yield from _freeze(rubric, meaning, today)


def _raised_enough(old: str | None, new: str, needed: int) -> bool:
    if old is None:
        return True
    before, after = _parts(old), _parts(new)
    if after <= before:
        return False
    if needed == MAJOR:
        return after[0] > before[0]
    if needed == MINOR:
        return after[:2] > before[:2]
    return True


def _parts(version: str) -> tuple[int, int, int]:
    numbers = [int(part) for part in re.findall(r"\d+", version)[:3]]
    return tuple(numbers + [0] * (3 - len(numbers)))  # type: ignore[return-value]


def _changelog(content: Content, rubric, version: str, meaning: list[Change]) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    changelog = content.single("changelog")
    entry = next((e for e in changelog.data["entries"] if e["version"] == version), None) if changelog else None  # type: ignore[index]
    if entry is None:
        where = changelog if changelog else rubric
        yield CHANGELOG_ENTRY.at(where, ["entries"] if changelog else ["version"], f"no changelog entry for version {version} in rubrics/changelog.yaml")
        return
    from ..semantic_diff import LOOSENS  # only `check --base` gets here, as in required_bump

    loosening = [change for change in meaning if change.effect == LOOSENS]
    if loosening and not entry.get("loosening_rationale"):
        index = changelog.data["entries"].index(entry)  # type: ignore[union-attr, index]
        subjects = ", ".join(f"{change.kind} {change.subject}" for change in loosening[:3])
        yield CHANGELOG_ENTRY.at(changelog, ["entries", index], f"version {version} loosens a guardrail ({subjects}) but its entry has no loosening_rationale")  # type: ignore[arg-type]


def _freeze(rubric, meaning: list[Change], today: datetime.date) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    frozen = [change for change in meaning if change.kind in _FROZEN_KINDS or change.kind.startswith("scale-")]
    if not frozen:
        return
    effective = datetime.date.fromisoformat(rubric.data["effective"])
    for cycle in rubric.data.get("cycles", []):
        opens, closes = datetime.date.fromisoformat(cycle["opens"]), datetime.date.fromisoformat(cycle["closes"])
        if opens <= today <= closes and effective <= closes:
            message = f"cycle {cycle['id']} is open until {cycle['closes']}; {frozen[0].kind} {frozen[0].subject} must take effect after it, not on {rubric.data['effective']}"
            yield FREEZE_WINDOW.at(rubric, ["effective"], message)
