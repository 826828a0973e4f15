"""The one problem type every check yields, whatever produced it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at a place in a file. Lines and columns are 1-based, as editors show them."""

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    # Other files whose content took part in the finding (e.g. the file defining a missing id).
    # With explicit paths, a finding is reported when its path or any of these was asked for.
    involves: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
