"""The ``drafts-not-ignored`` rule: the folder `narratives/drafts/`, where drafts are written, must be one git ignores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

DRAFTS = "narratives/drafts/"
# Any file a draft could be: git is asked about a name no draft has, so an exception for one file does not mislead it.
_PROBE = DRAFTS + "2026-H2/openrubric-probe.md"

DRAFTS_NOT_IGNORED = Rule(
    name="drafts-not-ignored",
    severity=Severity.WARNING,
    summary="Git does not ignore narratives/drafts/, so a draft review could be committed.",
    doc="""\
## What it does
Warns, in a check of the whole repository, when git would not ignore a file in `narratives/drafts/`, the
folder `openrubric narrative new` writes drafts to. The warning stands at the repository's `.gitignore`.

## Why is this bad?
A draft is one person's review: personal data that must never enter the repository's history, where every
clone and fork keeps it. `committed-narrative` catches a draft once it is staged; ignoring the folder keeps
`git add -A` from staging it at all.

## Example
```text
build/
```

## Use instead
```text
build/
narratives/drafts/
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    if content.targets is not None or content.repository.ignores(_PROBE) is not False:
        return  # only whole-repository runs ask, and outside git there is nothing to commit
    message = f"git does not ignore {DRAFTS}, where drafts (personal data) are written: add the line `{DRAFTS}` to .gitignore"
    yield DRAFTS_NOT_IGNORED.finding(".gitignore", 1, 1, message)
