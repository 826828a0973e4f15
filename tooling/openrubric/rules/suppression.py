"""Rules about suppression comments; the suppressions themselves are read in ``openrubric.suppressions``."""

from ..findings import Severity
from .rule import Rule

INVALID_SUPPRESSION = Rule(
    name="invalid-suppression",
    severity=Severity.ERROR,
    suppressible=False,
    summary="A suppression comment has no reason, is past its date, or names a rule it cannot silence.",
    doc="""\
## What it does
Checks every `openrubric: allow RULE -- REASON` comment: it must give a reason after `--`, name rules that
exist, not name `quota` (which cannot be silenced), and, when it has `until YYYY-MM-DD`, not be past that date.

## Why is this bad?
A silenced guardrail is a policy decision. Without a reason nobody can review it; past its date it has
outlived the reason it was granted for.

## Example
```yaml
# openrubric: allow banned-signal
```

## Use instead
```yaml
# openrubric: allow banned-signal until 2026-12-31 -- quotes the old rubric verbatim for the change history
```
""",
)

UNUSED_SUPPRESSION = Rule(
    name="unused-suppression",
    severity=Severity.WARNING,
    summary="A suppression comment silences nothing.",
    doc="""\
## What it does
Warns about an `openrubric: allow` comment that no finding on its line or the next one needed.

## Why is this bad?
A stale suppression would silently cover the next problem written on that line.

## Example
```markdown
<!-- openrubric: allow biased-language -- quoting a peer -->
A paragraph that no longer contains the quoted word.
```

## Use instead
Delete the comment.
""",
)
