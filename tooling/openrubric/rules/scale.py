"""The ``scale-order`` rule: the rating scale is written from the lowest value to the highest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

SCALE_ORDER = Rule(
    name="scale-order",
    severity=Severity.ERROR,
    summary="A rating on the scale does not have a higher value than the rating before it.",
    doc="""\
## What it does
Reads the `scale` of `rubrics/rubric.yaml` in the order it is written and reports an entry whose `value` is
not strictly higher than the value of the entry before it.

## Why is this bad?
The scale is published, and read, from the lowest rating to the highest. Two ratings with the same value
count the same in every composite score although their labels promise different things; a pair in the
wrong order makes the lower-sounding rating score higher.

## Example
```yaml
scale:
  - {id: below, label: Below expectations, value: 1}
  - {id: meets, label: Meets expectations, value: 3}
  - {id: approaching, label: Approaching expectations, value: 2}
```

## Use instead
```yaml
scale:
  - {id: below, label: Below expectations, value: 1}
  - {id: approaching, label: Approaching expectations, value: 2}
  - {id: meets, label: Meets expectations, value: 3}
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    rubric = content.single("rubric")
    if rubric is None:
        return
    scale = rubric.data["scale"]  # type: ignore[index]
    for index in range(1, len(scale)):
        before, entry = scale[index - 1], scale[index]
        if not entry["value"] > before["value"]:
            message = (
                f"scale entry '{entry['id']}' has value {entry['value']}, not higher than the {before['value']} of"
                f" '{before['id']}' before it; write the scale from the lowest value to the highest"
            )
            yield SCALE_ORDER.at(rubric, ["scale", index, "value"], message)
