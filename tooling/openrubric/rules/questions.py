"""The ``unanswered-question`` rule: every question of a narrative is answered in the manager's words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

UNANSWERED_QUESTION = Rule(
    name="unanswered-question",
    severity=Severity.ERROR,
    summary="A section of a narrative is empty or still holds the template's TODO text.",
    doc="""\
## What it does
Reads each `## ` section of a narrative and reports one that has no text of its own (comments do not count)
or still contains a `TODO` left by the template.

## Why is this bad?
A narrative goes to calibration and to the engineer. An unanswered question reads as nothing to say, and a
left-over TODO shows the review was not finished.

## Example
```markdown
## What changed because of the work?

_TODO: Describe what is different now._
```

## Use instead
```markdown
## What changed because of the work?

Checkout p99 fell from 900 ms to 400 ms and has held for three months.
```
""",
)

# Searched in "\n" + body: a pattern that starts with a literal is searched for far faster than one with "^".
_SECTION = re.compile(r"\n## +(.+?)\s*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->|\{#.*?#\}", re.S)
_TODO = re.compile(r"\bTODO\b")


def check(content: Content) -> Iterator[Finding]:
    for narrative in content.checked("narrative"):
        body = "\n" + narrative.body  # offsets below are one past the body's
        sections = list(_SECTION.finditer(body))
        for index, section in enumerate(sections):
            end = sections[index + 1].start() if index + 1 < len(sections) else len(body)
            text = body[section.end() : end]
            line = narrative.body_line + body.count("\n", 1, section.start() + 1)
            if "TODO" in text and _TODO.search(text):  # a word boundary first would be tried at every character
                yield UNANSWERED_QUESTION.finding(narrative.path, line, 1, f"'{section.group(1)}' still holds the template's TODO text")
            elif not _answered(text):
                yield UNANSWERED_QUESTION.finding(narrative.path, line, 1, f"'{section.group(1)}' is not answered")


def _answered(text: str) -> bool:
    """Whether ``text`` has something besides comments; only text that opens with a comment is searched."""
    opening = text.lstrip()
    if not opening.startswith(("<!--", "{#")):
        return bool(opening)
    return bool(_COMMENT.sub("", text).strip())
