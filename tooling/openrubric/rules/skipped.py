"""The ``rules-skipped`` rule: a shared file other rules read is unusable, so those rules checked nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..findings import Finding, Severity
from ..repository import KINDS_BY_NAME
from . import appeal, evidence, guardrails, references, scale, team_metric, template, weights
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

RULES_SKIPPED = Rule(
    name="rules-skipped",
    severity=Severity.WARNING,
    suppressible=False,
    summary="Rules did not run because a file they read cannot be read or does not pass its schema.",
    doc="""\
## What it does
Names the rules that did not run, and why, when `rubrics/rubric.yaml`, `rubrics/metrics.yaml` or
`policy/guardrails.yaml` cannot be read or does not pass its schema. The rules read their data (the levels and
weights, the metric catalogue, the guardrail phrases and evidence requirements) from those files, and cannot
check anything while it is unusable. The warning stands at the file, beside the findings that make it
unusable; it cannot be suppressed.

It also stands at a field of any file that passes the repository's own copy of a schema but lacks a key
openrubric's schema of the same name requires, or holds a value of another type: the rules read files in the
shape openrubric's schemas give them, so none of them reads that file.

## Why is this bad?
Without it, one misspelt key in `policy/guardrails.yaml` would switch off the quota, banned-signal and
biased-language rules for every file, and a narrative full of them would pass with only a schema error on
another file to show for it.

## Example
```yaml
# policy/guardrails.yaml
evidence:
  minimum_items: two
```

## Use instead
```yaml
# policy/guardrails.yaml
evidence:
  minimum_items: 2
```
""",
)


class Dependents(NamedTuple):
    rules: tuple[Rule, ...]  # the rules that check nothing while the file is unusable
    checks: frozenset[str] | None  # the kinds of file those rules look at; None for every kind


DEPENDENTS: dict[str, Dependents] = {
    "rubric": Dependents(
        (
            weights.WEIGHTS_SUM,
            weights.MISSING_WEIGHT,
            scale.SCALE_ORDER,
            references.UNKNOWN_REFERENCE,
            evidence.EVIDENCE_MISSING,
            evidence.EVIDENCE_PLACEHOLDER,
            template.TEMPLATE_RENDER,
        ),
        frozenset({"rubric", "metrics", "guardrails", "narrative", "template"}),
    ),
    "guardrails": Dependents(
        (
            guardrails.QUOTA,
            guardrails.BANNED_SIGNAL,
            guardrails.BIASED_LANGUAGE,
            appeal.APPEAL_PATH,
            evidence.EVIDENCE_MISSING,
            evidence.EVIDENCE_PLACEHOLDER,
            template.TEMPLATE_RENDER,
        ),
        None,
    ),
    "metrics": Dependents((team_metric.TEAM_METRIC_AS_INDIVIDUAL,), frozenset({"metrics"})),
}


def check(content: Content) -> Iterator[Finding]:
    for kind, dependents in DEPENDENTS.items():
        present = content.of_kind(kind)
        if not present or content.single(kind) is not None:
            continue  # a missing file is reported by missing-file
        document = present[0]
        problem = _problem(content, document)
        names = ", ".join(rule.name for rule in dependents.rules)
        message = f"these rules did not run: {names}; {document.path} {problem} (see its other findings)"
        # Involving the files asked for that the rules would have checked: a pre-commit run on a narrative says so.
        skipped = [path for path in content.targets or () if _checked_by(dependents, content, path)]
        yield RULES_SKIPPED.finding(document.path, 1, 1, message, involves=skipped)


def _checked_by(dependents: Dependents, content: Content, path: str) -> bool:
    document = content.documents.get(path)
    return document is not None and (dependents.checks is None or document.kind in dependents.checks)


def _problem(content: Content, document: Document) -> str:
    if document.data is None or document.findings:
        return "cannot be read"
    schema = KINDS_BY_NAME[document.kind].schema or ""
    if content.schemas.validator(schema, regex_format=False) is None:
        return f"cannot be validated while {content.schemas.path(schema)} is missing or invalid"
    return "does not pass its schema"
