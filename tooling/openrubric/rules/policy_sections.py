"""The ``policy-sections`` rule: a policy page's front matter lists exactly the sections its body has."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

POLICY_SECTIONS = Rule(
    name="policy-sections",
    severity=Severity.ERROR,
    summary="A policy page's `sections` list differs from its `## ` headings.",
    doc="""\
## What it does
Compares the `sections` list in a policy page's front matter with the slugs of its second-level headings
(lowercase, with runs of other characters turned into `-`).

## Why is this bad?
Other files point at policy sections by id: the guardrails' appeal path names the section that explains it.
A renamed heading would leave that link pointing at nothing.

## Example
```markdown
---
sections: [appeals]
---
## How to appeal
```

## Use instead
```markdown
---
sections: [how-to-appeal]
---
## How to appeal
```
""",
)

_HEADING = re.compile(r"^## +(.+?)\s*#*\s*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def headings(body: str) -> list[tuple[str, int]]:
    """(slug, line offset within body) of each `## ` heading outside fenced code."""
    unfenced = _FENCE.sub(lambda match: "\n" * match.group(0).count("\n"), body)
    return [(slug(match.group(1)), unfenced.count("\n", 0, match.start())) for match in _HEADING.finditer(unfenced)]


def check(content: Content) -> Iterator[Finding]:
    for policy in content.checked("policy"):
        listed = policy.data.get("sections")  # type: ignore[attr-defined]
        if listed is None:
            continue
        found = headings(policy.body)
        for name, offset in found:
            if name not in listed:
                message = f"section '{name}' is not in the front matter's sections list"
                yield POLICY_SECTIONS.finding(policy.path, policy.body_line + offset, 1, message)
        slugs = {name for name, _ in found}
        for index, name in enumerate(listed):
            if name not in slugs:
                yield POLICY_SECTIONS.at(policy, ["sections", index], f"no '## ' heading has the slug '{name}'")
