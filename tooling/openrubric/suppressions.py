"""Suppressions with a reason: ``openrubric: allow RULE -- REASON`` in a comment on or just above a line.

A silenced guardrail is a policy decision, so it must say why, may say until when, and is counted in
every run. A suppression without a reason, past its date, naming an unknown rule, or silencing ``quota``
(which no one may silence) is itself an error; one that silences nothing is a warning.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from .findings import Finding
from .prose import yaml_comments
from .rules.suppression import INVALID_SUPPRESSION, UNUSED_SUPPRESSION

if TYPE_CHECKING:
    from .loading import Document
    from .rules.rule import Rule

_DIRECTIVE = re.compile(
    r"openrubric:\s*allow\s+(?P<rules>[\w-]+(?:\s*,\s*[\w-]+)*)(?:\s+until\s+(?P<until>\S+))?\s*(?:--\s*(?P<reason>.*?))?\s*$",
    re.S,
)
_HTML_OR_JINJA = re.compile(r"<!--(.*?)-->|\{#(.*?)#\}", re.S)


class Suppression(NamedTuple):
    path: str
    line: int  # the comment's line; it covers this line and the next
    rules: tuple[str, ...]
    reason: str
    until: str | None

    def covers(self, finding: Finding) -> bool:
        return finding.path == self.path and finding.rule in self.rules and finding.line in (self.line, self.line + 1)

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "rules": list(self.rules), "reason": self.reason, "until": self.until}


Silenced = tuple[Finding, Suppression]  # a finding and the suppression that silenced it


def apply(
    documents: Iterable[Document], findings: list[Finding], rules: dict[str, Rule], today: datetime.date
) -> tuple[list[Finding], list[Silenced]]:
    """The findings left after valid suppressions, plus findings about the suppressions; and each silenced
    finding with the suppression that silenced it (SARIF reports those as suppressed results). ``rules`` are
    every rule by name: a suppression may name only those, and only suppressible ones."""
    valid: list[Suppression] = []
    problems: list[Finding] = []
    for document in documents:
        for line, text in _comments(document):
            directive = _DIRECTIVE.search(text)
            if directive:
                suppression, problem = _read(document.path, line, directive, rules, today)
                problems += problem
                if suppression:
                    valid.append(suppression)
    kept, silenced = [], []
    for finding in findings:
        cover = next((s for s in valid if s.covers(finding)), None)
        if cover is None:
            kept.append(finding)
        else:
            silenced.append((finding, cover))
    used = {suppression for _, suppression in silenced}
    for suppression in valid:
        if suppression not in used:
            message = f"nothing on this line or the next needs 'allow {', '.join(suppression.rules)}'; remove the comment"
            problems.append(UNUSED_SUPPRESSION.finding(suppression.path, suppression.line, 1, message))
    return kept + problems, silenced


def _read(path: str, line: int, directive: re.Match[str], known_rules: dict[str, Rule], today: datetime.date) -> tuple[Suppression | None, list[Finding]]:
    rules = tuple(rule.strip() for rule in directive.group("rules").split(","))
    reason = (directive.group("reason") or "").strip()
    until = directive.group("until")
    trailing = re.search(r"\s*\(?until\s+(\d{4}-\d{2}-\d{2})\)?$", reason)
    if trailing and until is None:
        until, reason = trailing.group(1), reason[: trailing.start()].strip()
    problems = list(_problems(rules, reason, until, known_rules, today))
    findings = [INVALID_SUPPRESSION.finding(path, line, 1, message) for message in problems]
    return (None if problems else Suppression(path, line, rules, reason, until)), findings


def _problems(rules: tuple[str, ...], reason: str, until: str | None, known_rules: dict[str, Rule], today: datetime.date) -> Iterator[str]:
    for rule in rules:
        if rule not in known_rules:
            yield f"unknown rule '{rule}'; `openrubric rules` lists them"
        elif not known_rules[rule].suppressible:
            yield f"'{rule}' cannot be suppressed: fix the statement instead"
    if not reason:
        yield "a suppression needs a reason: openrubric: allow RULE -- REASON"
    if until is not None:
        try:
            expiry = datetime.date.fromisoformat(until)
        except ValueError:
            yield f"'until {until}' is not a date like 2026-12-31"
        else:
            if expiry < today:
                yield f"this suppression expired on {until}; fix the finding or renew it with a new reason"


def _comments(document: Document) -> Iterator[tuple[int, str]]:
    """(line, text) of every comment that could hold a directive."""
    text = document.text or ""
    if "openrubric:" not in text:
        return
    if document.yaml_text is not None:
        for line, _, comment in yaml_comments(document.yaml_text):
            yield document.yaml_line + line - 1, comment
    if document.syntax == "markdown":
        for match in _HTML_OR_JINJA.finditer(document.body):
            body_line = document.body.count("\n", 0, match.end())  # a comment covers the line after its end
            yield document.body_line + body_line, (match.group(1) or match.group(2) or "").strip()
