"""Rules on the weights of each level: they cover every category and add up to 100."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

WEIGHTS_SUM = Rule(
    name="weights-sum",
    severity=Severity.ERROR,
    summary="A level's category weights do not add up to exactly 100.",
    doc="""\
## What it does
Adds up the weights of each level in `rubrics/rubric.yaml` and reports a level whose total is not 100.

## Why is this bad?
The composite score is the sum of weight × rating / 100. Weights that add up to 95 quietly lower every
score at that level; weights that add up to 110 inflate them. Either way the published weights are not the
ones applied.

## Example
```yaml
- id: L4
  weights: {operational-outcomes: 40, code-quality: 25, collaboration: 20, growth-leadership: 10}
```

## Use instead
```yaml
- id: L4
  weights: {operational-outcomes: 40, code-quality: 25, collaboration: 20, growth-leadership: 15}
```
""",
)

MISSING_WEIGHT = Rule(
    name="missing-weight",
    severity=Severity.ERROR,
    summary="A level gives no weight to one of the rubric's categories.",
    doc="""\
## What it does
Reports a level whose `weights` leave out a category the rubric defines.

## Why is this bad?
A category without a weight is measured but never counted, or counted by whatever default a tool picks.
Say so explicitly: a weight of 0 is a decision a reviewer can see.

## Example
```yaml
categories: [{id: operational-outcomes}, {id: code-quality}]
levels:
  - id: L3
    weights: {operational-outcomes: 100}
```

## Use instead
```yaml
levels:
  - id: L3
    weights: {operational-outcomes: 70, code-quality: 30}
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    rubric = content.single("rubric")
    if rubric is None:
        return
    categories = [category["id"] for category in rubric.data["categories"]]  # type: ignore[index]
    for index, level in enumerate(rubric.data["levels"]):  # type: ignore[index]
        weights = level["weights"]
        where: list[str | int] = ["levels", index, "weights"]
        total = sum(weights.values())
        if total != 100:
            yield WEIGHTS_SUM.at(rubric, where, f"the weights of level {level['id']} add up to {total}, not 100")
        for category in categories:
            if category not in weights:
                yield MISSING_WEIGHT.at(rubric, where, f"level {level['id']} has no weight for category '{category}'")
