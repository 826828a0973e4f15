"""Review periods as the organisation names them: the rubric's ``periods`` declares their format."""

from __future__ import annotations

import re
from typing import Any

import regress

from .schemas import matches

# A period names the folder its drafts are filed in, so whatever the rubric allows must also be one safe path
# segment (no "/", no "..", no leading dot). The narrative schema's `period` says the same.
PATH_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def is_period(rubric: dict[str, Any], period: str) -> bool:
    """Whether ``period`` is a review period in the format ``rubric`` declares; False when its pattern is not
    an ECMA-262 regular expression (the schema rule reports that)."""
    try:
        return matches(f"^(?:{rubric['periods']['pattern']})$", period)
    except regress.RegressError:
        return False


def period_format(rubric: dict[str, Any]) -> str:
    """The rubric's period format for a message: its pattern, its example and its description."""
    periods = rubric["periods"]
    if "description" in periods:
        return f"{periods['description']}, such as {periods['example']} (the pattern {periods['pattern']})"
    return f"the pattern {periods['pattern']}, such as {periods['example']}"
