"""Rules on a narrative's evidence: enough items for each rating, and each one real."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

EVIDENCE_MISSING = Rule(
    name="evidence-missing",
    severity=Severity.ERROR,
    summary="A rating has fewer evidence items than the guardrails require.",
    doc="""\
## What it does
Counts the evidence items behind each category rating in a narrative and reports a rating with fewer than
`policy/guardrails.yaml` requires: `evidence.minimum_items`, or more for the ratings listed under
`evidence.by_rating` (the top and bottom of the scale).

## Why is this bad?
A rating without evidence is an opinion. Calibration cannot compare opinions fairly, and the engineer cannot
appeal against one. See the policy section *Evidence*.

## Example
```yaml
ratings:
  operational-outcomes:
    rating: exceeds
    evidence:
      - {ref: PAY-881, summary: Led the checkout incident review.}
```

## Use instead
```yaml
ratings:
  operational-outcomes:
    rating: exceeds
    evidence:
      - {ref: PAY-881, summary: Led the checkout incident review; all five actions closed.}
      - {ref: docs/design/ledger-batching.md, summary: Design adopted by two other teams.}
      - {ref: https://grafana.acme.test/d/checkout, summary: p99 latency halved since the change.}
```
""",
)

EVIDENCE_PLACEHOLDER = Rule(
    name="evidence-placeholder",
    severity=Severity.ERROR,
    summary="An evidence item is a placeholder, not something a reader can open and check.",
    doc="""\
## What it does
Reports an evidence item whose `ref` is a placeholder (TODO, TBD, "link", "n/a", "see above"), points at an
example or local host (example.com, localhost), or names a repository path that does not exist; and an item
whose `summary` is empty, a placeholder or a single word.

## Why is this bad?
Evidence must let a calibrator or the engineer check the claim. A placeholder looks like evidence in a count
but shows nothing.

## Example
```yaml
- {ref: TODO, summary: see above}
```

## Use instead
```yaml
- {ref: https://git.acme.test/pay/pull/1234, summary: Cut checkout p99 from 900 ms to 400 ms.}
```
""",
)

_PLACEHOLDER = re.compile(r"^\s*(?:todo|tbd|tbc|xxx|fixme|link|url|n/?a|none|-+|\?+|see above|see below|same as above|placeholder)\b", re.I)
_EXAMPLE_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^/@]*@)?(?:localhost|127\.0\.0\.1|\[::1\]|(?:[\w-]+\.)*example(?:\.(?:com|org|net))?)(?:[:/]|$)", re.I)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_TICKET = re.compile(r"[A-Z][A-Z0-9]+-[0-9]+")


def check(content: Content) -> Iterator[Finding]:
    rubric, guardrails = content.single("rubric"), content.single("guardrails")
    if rubric is None or guardrails is None:
        return
    requirements = guardrails.data["evidence"]  # type: ignore[index]
    for narrative in content.checked("narrative"):
        for category, entry in narrative.data["ratings"].items():  # type: ignore[index]
            yield from _count(narrative, category, entry, requirements, guardrails.path)
            for index, item in enumerate(entry["evidence"]):
                yield from _item(narrative, ["ratings", category, "evidence", index], item, content.repository.root)
            for index, item in enumerate(entry.get("calibration", {}).get("evidence", [])):
                yield from _item(narrative, ["ratings", category, "calibration", "evidence", index], item, content.repository.root)


def _count(narrative: Document, category: str, entry: dict, requirements: dict, source: str) -> Iterator[Finding]:  # type: ignore[type-arg]
    needed = requirements.get("by_rating", {}).get(entry["rating"], requirements["minimum_items"])
    if len(entry["evidence"]) < needed:
        message = f"the '{entry['rating']}' rating for {category} has {len(entry['evidence'])} evidence items; {source} requires {needed}"
        yield EVIDENCE_MISSING.at(narrative, ["ratings", category, "evidence"], message, involves=[source])


def is_placeholder(text: str) -> bool:
    """Whether ``text`` stands in for something still to be written (TODO, TBD, "see above", ...)."""
    return _PLACEHOLDER.match(text) is not None


def _item(narrative: Document, where: list, item: dict, root) -> Iterator[Finding]:  # type: ignore[no-untyped-def, type-arg]
    ref, summary = item["ref"].strip(), item.get("summary", "").strip()
    problem = _ref_problem(ref, root)
    if problem:
        yield EVIDENCE_PLACEHOLDER.at(narrative, [*where, "ref"], f"evidence ref '{ref}' {problem}")
    if not summary or is_placeholder(summary) or len(summary.split()) < 2:
        yield EVIDENCE_PLACEHOLDER.at(narrative, [*where, "summary"] if summary else where, f"evidence summary '{summary}' does not say what the item shows")


def _ref_problem(ref: str, root) -> str | None:  # type: ignore[no-untyped-def]
    if is_placeholder(ref):
        return "is a placeholder; link the pull request, document, dashboard or ticket"
    if _EXAMPLE_HOST.match(ref):
        return "points at an example or local host that nobody else can open"
    if _URL.match(ref) or _TICKET.fullmatch(ref):
        return None
    if "/" in ref or ref.endswith((".md", ".yaml", ".yml", ".json", ".py")):
        if not (root / ref).exists():
            return "is not a file in this repository"
        return None
    return "is neither a link, a ticket key like PAY-123, nor a repository path"
