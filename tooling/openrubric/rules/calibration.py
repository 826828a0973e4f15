"""Rules on calibration changes: a rating moved in calibration keeps its draft value, a reason and evidence.

The reason is prose like any other value of the narrative, so the `quota` guardrail reads it too: a change
made to fit a distribution, a budget or a ranking is a quota error there, not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..findings import Finding, Severity
from .evidence import is_placeholder
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

CALIBRATION_WITHOUT_REASON = Rule(
    name="calibration-without-reason",
    severity=Severity.ERROR,
    summary="A rating changed in calibration does not say why.",
    doc="""\
## What it does
Reports a `calibration` entry of a narrative's rating whose `reason` is missing, empty or a placeholder
such as TODO.

## Why is this bad?
Calibration exists to refine judgement against the rubric. A change nobody can explain cannot be reviewed,
appealed or audited, and unexplained moves are where quotas hide. See the policy's calibration statement in
`policy/guardrails.yaml`.

## Example
```yaml
code-quality:
  rating: meets
  calibration: {from: exceeds, to: meets}
```

## Use instead
```yaml
code-quality:
  rating: meets
  calibration:
    from: exceeds
    to: meets
    reason: The retry-layer removal was planned and reviewed by the lead; the level expects that scope.
    evidence:
      - {ref: PAY-1301, summary: Design review naming the lead as the author of the removal plan.}
```
""",
)

CALIBRATION_WITHOUT_EVIDENCE = Rule(
    name="calibration-without-evidence",
    severity=Severity.ERROR,
    summary="A rating changed in calibration names no evidence for the change.",
    doc="""\
## What it does
Reports a `calibration` entry whose `evidence` list is missing or empty.

## Why is this bad?
A rating rests on evidence; so does a change to it. The engineer and any later audit must be able to open
what convinced the calibration room.

## Example
```yaml
calibration: {from: meets, to: exceeds, reason: The panel found the migration wider in scope than drafted.}
```

## Use instead
```yaml
calibration:
  from: meets
  to: exceeds
  reason: The panel found the migration wider in scope than drafted.
  evidence:
    - {ref: https://git.acme.test/pay/pull/1412, summary: Migration adopted by three other services.}
```
""",
)

CALIBRATION_MISMATCH = Rule(
    name="calibration-mismatch",
    severity=Severity.ERROR,
    summary="A calibration entry does not describe a change to the rating it sits on.",
    doc="""\
## What it does
Reports a `calibration` entry whose `to` is not the category's `rating`, whose `from` equals its `to`, or
that names a rating the rubric's scale does not have.

## Why is this bad?
The entry is the record of what calibration changed. If it disagrees with the rating, the record and the
review tell two stories, and the audit of calibration moves counts the wrong one.

## Example
```yaml
rating: meets
calibration: {from: exceeds, to: approaching, reason: ..., evidence: [...]}
```

## Use instead
```yaml
rating: meets
calibration: {from: exceeds, to: meets, reason: ..., evidence: [...]}
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    rubric = content.single("rubric")
    if rubric is None:
        return
    scale = [entry["id"] for entry in rubric.data["scale"]]  # type: ignore[index]
    for narrative in content.checked("narrative"):
        for category, entry in narrative.data["ratings"].items():  # type: ignore[index]
            change = entry.get("calibration")
            if change is not None:
                yield from _change(narrative, category, entry["rating"], change, scale)


def _change(narrative: Document, category: str, rating: str, change: dict[str, Any], scale: list[str]) -> Iterator[Finding]:
    where = ["ratings", category, "calibration"]
    for end in ("from", "to"):
        if change[end] not in scale:
            message = f"calibration of {category}: '{change[end]}' is not on the rubric's scale ({', '.join(scale)})"
            yield CALIBRATION_MISMATCH.at(narrative, [*where, end], message)
    if change["to"] != rating:
        message = f"calibration of {category} ends at '{change['to']}' but the rating is '{rating}'; `to` records the rating after calibration"
        yield CALIBRATION_MISMATCH.at(narrative, [*where, "to"], message)
    elif change["from"] == change["to"]:
        message = f"calibration of {category} goes from '{change['from']}' to the same rating; remove the entry, or record the draft rating in `from`"
        yield CALIBRATION_MISMATCH.at(narrative, [*where, "from"], message)
    reason = str(change.get("reason", "")).strip()
    if not reason or is_placeholder(reason):
        message = f"the change of {category} from '{change['from']}' to '{change['to']}' gives no reason; say what in the evidence moved it"
        yield CALIBRATION_WITHOUT_REASON.at(narrative, [*where, "reason"] if "reason" in change else where, message)
    if not change.get("evidence"):
        message = f"the change of {category} from '{change['from']}' to '{change['to']}' names no evidence; list what convinced the calibration room"
        yield CALIBRATION_WITHOUT_EVIDENCE.at(narrative, [*where, "evidence"] if "evidence" in change else where, message)
