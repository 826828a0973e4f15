"""The ``committed-narrative`` rule: narratives are personal data and never belong in the repository."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

# The fictional narratives that document the format: the only ones the repository may hold.
EXAMPLES = "narratives/examples/"

COMMITTED_NARRATIVE = Rule(
    name="committed-narrative",
    severity=Severity.ERROR,
    summary="Git tracks a narrative outside narratives/examples/: narratives are personal data.",
    doc="""\
## What it does
Reports a narrative that git tracks, committed or only staged, anywhere but in `narratives/examples/`.

## Why is this bad?
A narrative is one person's performance review. The policy repository is read by everyone who can read
the rubric, and whatever is committed stays in its history, in every clone and fork, long after the file
is deleted.

## Example
```console
$ git add narratives/drafts/2026-H2/avery-okafor.md
```

## Use instead
Keep drafts in `narratives/drafts/`, which git ignores, or outside the repository; take a file back out of
git with `git rm --cached PATH`. Only fictional narratives go in `narratives/examples/`.
""",
)


def check(content: Content) -> Iterator[Finding]:
    asked = [document.path for document in content.of_kind("narrative") if content.targets is None or document.path in content.targets]
    suspects = [path for path in asked if not path.startswith(EXAMPLES)]
    for path in sorted(content.tracked(suspects)):
        message = (
            "git tracks this narrative, but narratives are personal data and never belong in the repository: "
            f"run `git rm --cached {path}` (and purge it from history if it was committed), and keep drafts in "
            "narratives/drafts/, which git ignores, or outside the repository"
        )
        yield COMMITTED_NARRATIVE.finding(path, 1, 1, message)
