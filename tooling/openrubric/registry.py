"""Every rule and every check in one place: a rule's name, severity, whether it can be suppressed and its
documentation live on the rule (`rules/rule.py`); here each check is listed with the rules it raises.

Loading a file needs only the parsing and schema rules, so nothing below `loading.py` imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from .findings import Severity
from .rules import (
    appeal,
    calibration,
    committed_narrative,
    drafts,
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
from .rules.rule import Rule

if TYPE_CHECKING:
    from .content import Content
    from .findings import Finding

INTERNAL_ERROR = Rule(
    name="internal-error",
    severity=Severity.ERROR,
    suppressible=False,  # nor ignored by configuration: a check that broke may have missed findings
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


class Check(NamedTuple):
    """A check over the content as a whole (it sees only documents that matched their schema), and the rules
    whose findings it raises."""

    run: Callable[[Content], Iterable[Finding]]
    rules: tuple[Rule, ...]


CHECKS: tuple[Check, ...] = (
    Check(weights.check, (weights.WEIGHTS_SUM, weights.MISSING_WEIGHT)),
    Check(scale.check, (scale.SCALE_ORDER,)),
    Check(references.check, (references.UNKNOWN_REFERENCE,)),
    Check(duplicate_id.check, (duplicate_id.DUPLICATE_ID,)),
    Check(appeal.check, (appeal.APPEAL_PATH,)),
    Check(policy_sections.check, (policy_sections.POLICY_SECTIONS,)),
    Check(team_metric.check, (team_metric.TEAM_METRIC_AS_INDIVIDUAL,)),
    Check(template.check, (template.TEMPLATE_SYNTAX, template.TEMPLATE_VARIABLE, template.TEMPLATE_RENDER)),
    Check(guardrails.check, (guardrails.QUOTA, guardrails.BANNED_SIGNAL, guardrails.BIASED_LANGUAGE)),
    Check(committed_narrative.check, (committed_narrative.COMMITTED_NARRATIVE,)),
    Check(drafts.check, (drafts.DRAFTS_NOT_IGNORED,)),
    Check(evidence.check, (evidence.EVIDENCE_MISSING, evidence.EVIDENCE_PLACEHOLDER)),
    Check(calibration.check, (calibration.CALIBRATION_MISMATCH, calibration.CALIBRATION_WITHOUT_REASON, calibration.CALIBRATION_WITHOUT_EVIDENCE)),
    Check(questions.check, (questions.UNANSWERED_QUESTION,)),
    Check(skipped.check, (skipped.RULES_SKIPPED,)),
)

# Rules raised while files are read and validated, by `check --base`, by the suppression pass, or by the runner.
_LOADING = (
    parsing.YAML_SYNTAX, parsing.DUPLICATE_KEY, parsing.ENCODING, parsing.EMPTY_FILE, parsing.FILE_TOO_LARGE,
    parsing.YAML_ALIAS, parsing.FRONT_MATTER, parsing.JSON_SYNTAX, parsing.UNREADABLE, parsing.LINK_OUTSIDE,
    parsing.SPECIAL_FILE, parsing.MISSING_FILE, schema.SCHEMA,
)  # fmt: skip
_AFTER = (
    versioning.VERSION_BUMP, versioning.CHANGELOG_ENTRY, versioning.FREEZE_WINDOW,
    suppression.INVALID_SUPPRESSION, suppression.UNUSED_SUPPRESSION, INTERNAL_ERROR,
)  # fmt: skip

RULES: dict[str, Rule] = {rule.name: rule for rule in (*_LOADING, *(rule for check in CHECKS for rule in check.rules), *_AFTER)}
UNSUPPRESSIBLE = frozenset(name for name, rule in RULES.items() if not rule.suppressible)
