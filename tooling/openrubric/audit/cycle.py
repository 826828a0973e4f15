"""One review cycle as the audit sees it: each narrative's ratings, evidence counts, draft ratings and
biased-language findings, from the narratives ``openrubric.cycle`` reads and checks.

A narrative with an error is left out of the audit and counted; its guardrail warnings (biased language)
are kept as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content import Content
from ..findings import Finding
from ..repository import Repository
from ..rules import guardrails
from ..scoring import ScoringError, composite


class AuditError(Exception):
    """The audit cannot run at all: the message says why and what to do."""


@dataclass(frozen=True)
class Policy:
    """What the audit reads from the policy repository: its rubric and guardrails, as data."""

    repository: Repository
    rubric: dict[str, Any]
    guardrails: dict[str, Any]

    @property
    def scale(self) -> list[dict[str, Any]]:
        return list(self.rubric["scale"])

    @property
    def values(self) -> dict[str, float]:
        return {entry["id"]: float(entry["value"]) for entry in self.rubric["scale"]}

    @property
    def categories(self) -> list[str]:
        return [category["id"] for category in self.rubric["categories"]]

    @property
    def levels(self) -> list[str]:
        return [level["id"] for level in self.rubric["levels"]]


@dataclass(frozen=True)
class Rating:
    category: str
    rating: str  # the final rating
    value: float
    evidence: int  # evidence items behind it
    draft: str  # the rating before calibration; the final one when calibration did not change it
    draft_value: float


@dataclass(frozen=True)
class Narrative:
    engineer: str
    manager: str
    level: str
    period: str
    ratings: tuple[Rating, ...]
    composite: float | None
    biased_language: int  # biased-language findings `narrative check` reports in it


@dataclass(frozen=True)
class LeftOut:
    path: str
    reason: str


@dataclass(frozen=True)
class Cycle:
    narratives: tuple[Narrative, ...]
    paths: tuple[str, ...]  # the file of each narrative, for messages
    left_out: tuple[LeftOut, ...]

    @property
    def label(self) -> str:
        """The review period, or the periods in order when the folders mix several."""
        periods = sorted({narrative.period for narrative in self.narratives})
        return " + ".join(periods) or "no period"


def load_policy(repository: Repository) -> Policy:
    content = Content.load(repository, [])
    rubric, guardrails_file = content.single("rubric"), content.single("guardrails")
    if rubric is None or guardrails_file is None:
        raise AuditError(f"the rubric or the guardrails in {repository.root} do not pass `openrubric check`; fix them first")
    return Policy(repository, rubric.data, guardrails_file.data)  # type: ignore[arg-type]


def read_cycle(policy: Policy, folders: list[Path]) -> Cycle:
    """The narratives under ``folders``, each checked as `narrative check` does (``openrubric.cycle``);
    raises AuditError when there is none to read."""
    from .. import cycle as narrative_files

    try:
        found = narrative_files.read_cycle(policy.repository, folders)
    except narrative_files.CycleError as error:
        raise AuditError(str(error)) from None
    if not found.files:
        raise AuditError(f"no narratives (Markdown files) in {', '.join(map(str, folders))}: the cycle is empty")
    valid = {document.path: document for document in found.narratives}
    narratives: dict[str, Narrative] = {}
    left_out: list[LeftOut] = []
    engineers: dict[str, str] = {}
    for path in sorted({*valid, *found.left_out}):
        findings = found.findings_in(path)
        errors = sorted(finding for finding in findings if finding.is_error)
        if errors or path not in valid:
            left_out.append(LeftOut(path, _first(errors)))
            continue
        narrative = _narrative(policy, valid[path].data, sum(finding.rule == guardrails.BIASED_LANGUAGE.name for finding in findings))  # type: ignore[arg-type]
        if narrative.engineer in engineers:
            left_out.append(LeftOut(path, f"{path}: the same engineer has another narrative, {engineers[narrative.engineer]}"))
            continue
        engineers[narrative.engineer] = path
        narratives[path] = narrative
    return Cycle(tuple(narratives.values()), tuple(narratives), tuple(left_out))


def _first(errors: list[Finding]) -> str:
    if not errors:  # not valid, yet nothing reported: the narrative schema itself could not be used
        return "not read as a narrative: schemas/narrative.schema.json could not be used (`openrubric check` says why)"
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{first.path}:{first.line}:{first.column}: [{first.rule}] {first.message}{more}"


def _narrative(policy: Policy, data: dict[str, Any], biased: int) -> Narrative:
    values = policy.values
    ratings = []
    for category in policy.categories:  # the rubric's order, whatever the file's
        entry = data["ratings"].get(category)
        if entry is None:
            continue
        draft = _draft(entry, values)
        ratings.append(Rating(category, entry["rating"], values[entry["rating"]], len(entry["evidence"]), draft, values[draft]))
    try:
        total: float | None = composite(data, policy.rubric)[0]
    except ScoringError:
        total = None
    return Narrative(data["engineer"].strip(), data["manager"].strip(), data["level"], data["period"], tuple(ratings), total, biased)


def _draft(entry: dict[str, Any], values: dict[str, float]) -> str:
    """The draft rating of a calibration entry (``calibration.from``), read tolerantly: anything else is
    taken as no change, since the check reports a malformed entry."""
    calibration = entry.get("calibration")
    draft = calibration.get("from") if isinstance(calibration, dict) else None
    return draft if isinstance(draft, str) and draft in values else str(entry["rating"])
