"""The ``appeal-path`` rule: the guardrails name a working appeal path, described in the policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

APPEAL_PATH = Rule(
    name="appeal-path",
    severity=Severity.ERROR,
    summary="The guardrails do not name an appeal path, or it points at no policy section.",
    doc="""\
## What it does
Requires `policy/guardrails.yaml` to have an `appeal` with a contact, at least one step and a
`policy_section` that is a section of a policy page.

## Why is this bad?
An engineer who believes evidence was ignored must know whom to ask and by when. A review system without
an appeal path leaves calibration's mistakes standing.

## Example
```yaml
appeal: {}
```

## Use instead
```yaml
appeal:
  window_days: 30
  contact: people-partners@example.org
  policy_section: appeals
  steps: [Write to the people partner with the evidence you believe was missed.]
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    guardrails = content.single("guardrails")
    if guardrails is None:
        return
    appeal = guardrails.data.get("appeal")  # type: ignore[attr-defined]
    if not appeal:
        yield APPEAL_PATH.at(guardrails, [], "the guardrails name no appeal path; add an 'appeal' section")
        return
    for field in ("contact", "steps", "policy_section"):
        if not appeal.get(field):
            yield APPEAL_PATH.at(guardrails, ["appeal"], f"the appeal path has no {field}")
    section = appeal.get("policy_section")
    policies = content.valid("policy")
    sections = {name for policy in policies for name in policy.data.get("sections", [])}  # type: ignore[attr-defined]
    if section and policies and section not in sections:
        message = f"the appeal path points at policy section '{section}', which no policy page has"
        yield APPEAL_PATH.at(guardrails, ["appeal", "policy_section"], message, involves=[p.path for p in policies])
