"""The ``duplicate-id`` rule: ids that other files point at are unique."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

DUPLICATE_ID = Rule(
    name="duplicate-id",
    severity=Severity.ERROR,
    summary="Two entries share an id.",
    doc="""\
## What it does
Reports a second entry with the same `id` among the rating scale, categories, levels, metrics, metric
families, banned signals or narrative templates.

## Why is this bad?
References resolve to one of the two entries, and which one is up to the tool reading them: two
`code-quality` categories with different weights make every composite ambiguous.

## Example
```yaml
categories:
  - id: collaboration
    name: Collaboration
  - id: collaboration
    name: Cross-functional leverage
```

## Use instead
Give each entry its own id, or merge the two.
""",
)

# (kind, list field) pairs whose entries carry ids.
ID_LISTS = (
    ("rubric", "scale"),
    ("rubric", "categories"),
    ("rubric", "levels"),
    ("metrics", "families"),
    ("metrics", "metrics"),
    ("guardrails", "banned_signals"),
)


def check(content: Content) -> Iterator[Finding]:
    for kind, field in ID_LISTS:
        document = content.single(kind)
        if document is None:
            continue
        first: dict[str, int] = {}
        for index, entry in enumerate(document.data.get(field, [])):  # type: ignore[attr-defined]
            if entry["id"] in first:
                message = f"{field} id '{entry['id']}' is already used by entry {first[entry['id']] + 1}"
                yield DUPLICATE_ID.at(document, [field, index, "id"], message)
            first.setdefault(entry["id"], index)
    yield from _duplicate_templates(content)


def _duplicate_templates(content: Content) -> Iterator[Finding]:
    owners: dict[str, str] = {}
    for template in sorted(content.valid("template"), key=lambda document: document.path):
        template_id = template.data["id"]  # type: ignore[index]
        if template_id in owners:
            message = f"template id '{template_id}' is already used by {owners[template_id]}"
            yield DUPLICATE_ID.at(template, ["id"], message, involves=[owners[template_id]])
        owners.setdefault(template_id, template.path)
