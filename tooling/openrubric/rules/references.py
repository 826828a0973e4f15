"""The ``unknown-reference`` rule: every id a file names is defined where it should be."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ..findings import Finding, Severity
from ..periods import is_period, period_format
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

UNKNOWN_REFERENCE = Rule(
    name="unknown-reference",
    severity=Severity.ERROR,
    summary="A file names a category, level, metric, rating, template, purpose or period that does not exist.",
    doc="""\
## What it does
Follows every id that one file uses to point into another and reports those that are not defined: level
weights and expectations naming categories, categories naming metrics, metrics naming the categories they
feed and their family, evidence minimums naming ratings, templates naming their purpose, narratives naming
their level, categories, ratings and template. A narrative's period must match the rubric's
`periods.pattern` (so must its `periods.example`): which periods exist is the organisation's choice.

## Why is this bad?
A dangling id is a rule that silently applies to nothing. Renaming a category without updating the levels
would drop its weight from every composite score.

## Example
```yaml
# rubrics/metrics.yaml
- id: slo-attainment
  feeds: [operations]   # the category is called operational-outcomes
```

## Use instead
```yaml
- id: slo-attainment
  feeds: [operational-outcomes]
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    rubric, metrics, guardrails = content.single("rubric"), content.single("metrics"), content.single("guardrails")
    if rubric is not None:
        yield from _rubric_references(rubric, metrics)
    if metrics is not None and rubric is not None:
        yield from _metric_references(metrics, rubric)
    if guardrails is not None and rubric is not None:
        scale = _ids(rubric, "scale")
        by_rating = guardrails.data.get("evidence", {}).get("by_rating", {})  # type: ignore[attr-defined]
        yield from _keys_in(guardrails, ["evidence", "by_rating"], by_rating, scale, "rating", rubric)
    if rubric is not None:
        yield from _period_example(rubric)
        for template in content.checked("template"):
            yield from _template_purpose(template, rubric)
        templates = {document.data["id"] for document in content.valid("template")}  # type: ignore[index]
        for narrative in content.checked("narrative"):
            yield from _narrative_references(narrative, rubric, templates)
            yield from _narrative_period(narrative, rubric)


def _template_purpose(template: Document, rubric: Document) -> Iterator[Finding]:
    purpose, purposes = template.data["purpose"], _ids(rubric, "purposes")  # type: ignore[index]
    if purpose not in purposes:
        message = f"unknown purpose '{purpose}'; {rubric.path} defines: {', '.join(purposes)}"
        yield UNKNOWN_REFERENCE.at(template, ["purpose"], message, involves=[rubric.path])


def _period_example(rubric: Document) -> Iterator[Finding]:
    data: dict[str, Any] = rubric.data  # type: ignore[assignment]
    if not is_period(data, data["periods"]["example"]):
        message = f"the example period '{data['periods']['example']}' does not match the pattern {data['periods']['pattern']}"
        yield UNKNOWN_REFERENCE.at(rubric, ["periods", "example"], message)


def _narrative_period(narrative: Document, rubric: Document) -> Iterator[Finding]:
    period = narrative.data["period"]  # type: ignore[index]
    if not is_period(rubric.data, period):  # type: ignore[arg-type]
        message = f"period '{period}' is not a review period of {rubric.path}: use {period_format(rubric.data)}"  # type: ignore[arg-type]
        yield UNKNOWN_REFERENCE.at(narrative, ["period"], message, involves=[rubric.path])


def _rubric_references(rubric: Document, metrics: Document | None) -> Iterator[Finding]:
    categories = _ids(rubric, "categories")
    for index, level in enumerate(rubric.data["levels"]):  # type: ignore[index]
        for field in ("weights", "expectations"):
            yield from _keys_in(rubric, ["levels", index, field], level.get(field, {}), categories, "category", rubric)
    if metrics is None:
        return
    metric_ids = _ids(metrics, "metrics")
    for index, category in enumerate(rubric.data["categories"]):  # type: ignore[index]
        yield from _values_in(rubric, ["categories", index, "metrics"], category.get("metrics", []), metric_ids, "metric", metrics)


def _metric_references(metrics: Document, rubric: Document) -> Iterator[Finding]:
    categories = _ids(rubric, "categories")
    families = _ids(metrics, "families")
    for index, metric in enumerate(metrics.data["metrics"]):  # type: ignore[index]
        yield from _values_in(metrics, ["metrics", index, "feeds"], metric.get("feeds", []), categories, "category", rubric)
        if "family" in metric and metric["family"] not in families:
            message = f"metric family '{metric['family']}' is not defined under families"
            yield UNKNOWN_REFERENCE.at(metrics, ["metrics", index, "family"], message)


def _narrative_references(narrative: Document, rubric: Document, templates: set[str]) -> Iterator[Finding]:
    data = narrative.data
    levels = {level["id"]: level for level in rubric.data["levels"]}  # type: ignore[index]
    involves = [rubric.path]
    if data["template"] not in templates:  # type: ignore[index]
        yield UNKNOWN_REFERENCE.at(narrative, ["template"], f"no template with id '{data['template']}' in narratives/templates/")  # type: ignore[index]
    level = levels.get(data["level"])  # type: ignore[index]
    if level is None:
        message = f"level '{data['level']}' is not defined in {rubric.path}; known levels: {', '.join(levels)}"  # type: ignore[index]
        yield UNKNOWN_REFERENCE.at(narrative, ["level"], message, involves=involves)
        return
    yield from _keys_in(narrative, ["ratings"], data["ratings"], set(level["weights"]), f"category of level {level['id']}", rubric)  # type: ignore[index]
    for category in level["weights"]:
        if category not in data["ratings"]:  # type: ignore[index]
            message = f"no rating for category '{category}', which level {level['id']} weighs"
            yield UNKNOWN_REFERENCE.at(narrative, ["ratings"], message, involves=involves)
    scale = _ids(rubric, "scale")
    for category, entry in data["ratings"].items():  # type: ignore[index]
        if entry["rating"] not in scale:
            message = f"rating '{entry['rating']}' is not on the scale; use one of: {', '.join(scale)}"
            yield UNKNOWN_REFERENCE.at(narrative, ["ratings", category, "rating"], message, involves=involves)


def _ids(document: Document, field: str) -> list[str]:
    return [entry["id"] for entry in document.data.get(field, [])]  # type: ignore[attr-defined]


def _keys_in(
    document: Document, where: Sequence[str | int], mapping: dict[str, object], known: Iterable[str], what: str, source: Document
) -> Iterator[Finding]:
    known = list(known)
    for key in mapping:
        if key not in known:
            message = f"unknown {what} '{key}'; {source.path} defines: {', '.join(known)}"
            yield UNKNOWN_REFERENCE.at(document, [*where, key], message, key=True, involves=[source.path])


def _values_in(
    document: Document, where: Sequence[str | int], values: list[str], known: Iterable[str], what: str, source: Document
) -> Iterator[Finding]:
    known = list(known)
    for index, value in enumerate(values):
        if value not in known:
            message = f"unknown {what} '{value}'; {source.path} defines: {', '.join(known)}"
            yield UNKNOWN_REFERENCE.at(document, [*where, index], message, involves=[source.path])
