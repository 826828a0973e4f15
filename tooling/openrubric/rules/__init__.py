"""Every rule by name, and the checks that run over a repository's loaded content."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from ..findings import Severity
from . import (
    appeal,
    committed_narrative,
    duplicate_id,
    evidence,
    guardrails,
    parsing,
    policy_sections,
    questions,
    references,
    scale,
    schema,
    skipped,
    suppression,
    team_metric,
    template,
    versioning,
    weights,
)
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..findings import Finding

INTERNAL_ERROR = Rule(
    name="internal-error",
    severity=Severity.ERROR,
    summary="A check failed unexpectedly: a bug in openrubric, not in your content.",
    doc="""\
## What it does
Reports a check that raised an exception, instead of printing a traceback and stopping the other checks.

## Why is this bad?
A check that crashes checks nothing.

## Example
A rule meeting data it did not expect.

## Use instead
Report the message to the openrubric maintainers.
""",
)

RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        parsing.YAML_SYNTAX,
        parsing.DUPLICATE_KEY,
        parsing.ENCODING,
        parsing.EMPTY_FILE,
        parsing.FILE_TOO_LARGE,
        parsing.YAML_ALIAS,
        parsing.FRONT_MATTER,
        parsing.JSON_SYNTAX,
        parsing.UNREADABLE,
        parsing.LINK_OUTSIDE,
        parsing.SPECIAL_FILE,
        parsing.MISSING_FILE,
        schema.SCHEMA,
        weights.WEIGHTS_SUM,
        weights.MISSING_WEIGHT,
        scale.SCALE_ORDER,
        references.UNKNOWN_REFERENCE,
        duplicate_id.DUPLICATE_ID,
        appeal.APPEAL_PATH,
        policy_sections.POLICY_SECTIONS,
        team_metric.TEAM_METRIC_AS_INDIVIDUAL,
        template.TEMPLATE_SYNTAX,
        template.TEMPLATE_VARIABLE,
        template.TEMPLATE_RENDER,
        guardrails.QUOTA,
        guardrails.BANNED_SIGNAL,
        guardrails.BIASED_LANGUAGE,
        committed_narrative.COMMITTED_NARRATIVE,
        evidence.EVIDENCE_MISSING,
        evidence.EVIDENCE_PLACEHOLDER,
        questions.UNANSWERED_QUESTION,
        versioning.VERSION_BUMP,
        versioning.CHANGELOG_ENTRY,
        versioning.FREEZE_WINDOW,
        suppression.INVALID_SUPPRESSION,
        suppression.UNUSED_SUPPRESSION,
        skipped.RULES_SKIPPED,
        INTERNAL_ERROR,
    )
}

# Checks over the content as a whole; each sees only documents that matched their schema.
CHECKS: tuple[Callable[[Content], Iterable[Finding]], ...] = (
    weights.check,
    scale.check,
    references.check,
    duplicate_id.check,
    appeal.check,
    policy_sections.check,
    team_metric.check,
    template.check,
    evidence.check,
    questions.check,
    guardrails.check,
    committed_narrative.check,
    skipped.check,
)
