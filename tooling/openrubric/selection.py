"""What a run reports, as the configuration says: which files (``exclude``), which rules (``select``,
``ignore``) and at what severity. Rules run whole whatever is selected, so that suppressions stay in use and
cross-file checks see everything; the choice is applied to their findings."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .findings import Finding

if TYPE_CHECKING:
    from .config import Config


def excluded(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether the repository-relative ``path`` matches an ``exclude`` glob, or lies in a folder that does.

    As in .gitignore: ``*`` and ``?`` stay within one folder name, ``**`` spans folders, and a pattern
    without a slash matches a name at any depth."""
    return any(_glob(pattern).fullmatch(candidate) for pattern in patterns for candidate in _and_folders(path))


def _and_folders(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: end + 1]) for end in range(len(parts))]


@lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().strip("/") if pattern.strip() not in ("/", "") else "\0"
    anchored = "/" in pattern
    regex = ""
    for token in re.split(r"(\*\*/|/\*\*|\*|\?)", pattern):
        regex += {"**/": "(?:.*/)?", "/**": "(?:/.*)?", "*": "[^/]*", "?": "[^/]"}.get(token, re.escape(token))
    return re.compile(regex if anchored else f"(?:.*/)?{regex}")


def chosen(finding: Finding, config: Config) -> bool:
    """Whether ``config`` reports ``finding``'s rule; a rule that cannot be suppressed always is."""
    from .registry import RULES

    rule = RULES.get(finding.rule)
    if rule is not None and not rule.suppressible:
        return True
    return finding.rule not in config.ignore and (config.select is None or finding.rule in config.select)


def shaped(findings: list[Finding], config: Config) -> list[Finding]:
    """The findings ``config`` reports, at the severity it gives each rule, none in an excluded file."""
    kept = [f for f in findings if chosen(f, config) and not excluded(f.path, config.exclude)]
    return [dataclasses.replace(f, severity=config.severity[f.rule]) if f.rule in config.severity else f for f in kept]
