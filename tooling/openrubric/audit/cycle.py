"""One review cycle: the narratives in the folders given, read and checked exactly as `narrative check` does.

Narratives are personal data and usually live outside the policy repository, so they are loaded from their
own folders and checked against the repository's rubric, guardrails and schemas. A narrative with an error
is left out of the audit and counted; its guardrail warnings (biased language) are kept as data.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import suppressions
from ..content import Content
from ..findings import Finding
from ..loading import Document, load_document
from ..registry import CHECKS, RULES
from ..repository import Repository
from ..rules import committed_narrative, guardrails
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
        periods = sorted(Counter(narrative.period for narrative in self.narratives))
        return " + ".join(periods) or "no period"


def load_policy(repository: Repository) -> Policy:
    content = Content.load(repository, [])
    rubric, guardrails_file = content.single("rubric"), content.single("guardrails")
    if rubric is None or guardrails_file is None:
        raise AuditError(f"the rubric or the guardrails in {repository.root} do not pass `openrubric check`; fix them first")
    return Policy(repository, rubric.data, guardrails_file.data)  # type: ignore[arg-type]


def narrative_files(folders: list[Path]) -> list[tuple[Path, str]]:
    """Every Markdown file under ``folders`` (or a file given itself), as (folder, path inside it), in order.
    Hidden folders and README files are not narratives."""
    found: list[tuple[Path, str]] = []
    for folder in folders:
        if folder.is_file():
            found.append((folder.parent, folder.name))
            continue
        if not folder.is_dir():
            raise AuditError(f"{folder}: no such folder")
        for parent, subfolders, files in os.walk(folder):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            for name in sorted(files):
                if name.endswith(".md") and name != "README.md" and not name.startswith("."):
                    found.append((folder, Path(parent, name).relative_to(folder).as_posix()))
    return found


def read_cycle(policy: Policy, folders: list[Path]) -> Cycle:
    """The narratives under ``folders``, each checked; raises AuditError when there is none to read."""
    files = narrative_files(folders)
    if not files:
        raise AuditError(f"no narratives (Markdown files) in {', '.join(map(str, folders))}: the cycle is empty")
    documents = [_loaded(folder, path) for folder, path in files]
    findings = _check(policy.repository, documents)
    return _records(policy, documents, findings)


def _loaded(folder: Path, path: str) -> Document:
    document = load_document(folder, path, kind="narrative", syntax="markdown")
    shown = (folder / path).as_posix()
    document.path = shown
    document.findings = [dataclasses.replace(finding, path=shown) for finding in document.findings]
    return document


def _check(repository: Repository, documents: list[Document]) -> dict[str, list[Finding]]:
    """Every finding `narrative check` would report in each document, by path."""
    content = Content.load(repository, [])
    for document in documents:
        content.documents[document.path] = document
    content.targets = {document.path for document in documents}
    found = list(content.findings)
    for check in CHECKS:
        if check.run is not committed_narrative.check:  # git tracks nothing outside the repository
            found += check.run(content)
    found, _ = suppressions.apply(documents, found, RULES, datetime.date.today())
    by_path: dict[str, list[Finding]] = {document.path: [] for document in documents}
    for finding in found:
        if finding.path in by_path:
            by_path[finding.path].append(finding)
    return by_path


def _records(policy: Policy, documents: list[Document], findings: dict[str, list[Finding]]) -> Cycle:
    narratives: dict[str, Narrative] = {}
    left_out: list[LeftOut] = []
    first_path: dict[str, str] = {}
    for document in documents:
        errors = sorted(finding for finding in findings[document.path] if finding.is_error)
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            left_out.append(LeftOut(document.path, f"{first.path}:{first.line}:{first.column}: [{first.rule}] {first.message}{more}"))
            continue
        biased = sum(finding.rule == guardrails.BIASED_LANGUAGE.name for finding in findings[document.path])
        narrative = _narrative(policy, document.data, biased)  # type: ignore[arg-type]
        if narrative.engineer in first_path:
            left_out.append(LeftOut(document.path, f"{document.path}: the same engineer has another narrative, {first_path[narrative.engineer]}"))
            continue
        first_path[narrative.engineer] = document.path
        narratives[document.path] = narrative
    return Cycle(tuple(narratives.values()), tuple(narratives), tuple(left_out))


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
