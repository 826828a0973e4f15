"""What every rule is: a name, a severity and its documentation; checks are plain functions beside it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..loading import Document

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


class Rule(NamedTuple):
    """A named check. ``doc`` is Markdown with the sections in DOC_SECTIONS, shown by the site and the CLI."""

    name: str
    severity: Severity
    summary: str
    doc: str
    # Whether a comment in the file may silence it; rules that guard the policy itself cannot be.
    suppressible: bool = True

    def finding(
        self, path: str, line: int, column: int, message: str, *, involves: Iterable[str] = (), severity: Severity | None = None
    ) -> Finding:
        """A finding of this rule, at its own severity unless ``severity`` (what the policy set for the case) says otherwise."""
        return Finding(path, line, column, self.name, severity or self.severity, message, frozenset(involves) - {path})

    def at(
        self, document: Document, where: Sequence[str | int], message: str, *, key: bool = False, involves: Iterable[str] = ()
    ) -> Finding:
        """A finding placed at the value (or key) ``where`` points to in ``document``."""
        line, column = document.locate(where, key=key)
        return self.finding(document.path, line, column, message, involves=involves)

    def section(self, title: str) -> str:
        """The text under ``## title`` in the documentation, or "" when it has no such section."""
        found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", self.doc, re.M | re.S)
        return found.group(1).strip() if found else ""

    def missing_sections(self) -> list[str]:
        return [section for section in DOC_SECTIONS if not re.search(rf"^## {re.escape(section)}$", self.doc, re.M)]


def dotted(where: Sequence[str | int]) -> str:
    """A readable path like ``levels[2].weights.code-quality``."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"
