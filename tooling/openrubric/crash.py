"""What to say when openrubric itself fails: one line naming the error and the file it was working on.

A bug must never show a user a traceback, but the report must still say where to look. The file is read
from the failing call's frames: the innermost Document (or ``path``) a frame was working on.
"""

from __future__ import annotations

import os
import traceback
from pathlib import PurePath

from .loading import Document

ISSUES = "https://github.com/openrubric/openrubric/issues"
# Set to see the traceback behind an internal error, for a bug report.
DEBUG_VARIABLE = "OPENRUBRIC_DEBUG"
# Jinja2 rewrites a failing template's frames to carry this file name and the template's own line numbers.
_TEMPLATE_FRAME = "<template>"
_JINJA = f"{os.sep}jinja2{os.sep}"


def location(error: BaseException) -> tuple[str, int] | None:
    """The file (repository-relative when known) and line the failing code was working on, innermost first."""
    frames = list(traceback.walk_tb(error.__traceback__))
    template_line = next((line for frame, line in reversed(frames) if frame.f_code.co_filename == _TEMPLATE_FRAME), None)
    # A failure inside Jinja2 is about the template being compiled or rendered, whatever else is at hand.
    in_jinja = any(frame.f_code.co_filename == _TEMPLATE_FRAME or _JINJA in frame.f_code.co_filename for frame, _ in frames)
    for frame, _ in reversed(frames):
        documents = [value for value in frame.f_locals.values() if isinstance(value, Document)]
        if documents:
            document = next((d for d in documents if d.kind == "template"), documents[0]) if in_jinja else documents[0]
            line = document.body_line + template_line - 1 if template_line and document.kind == "template" else 1
            return document.path, line
    for frame, _ in reversed(frames):
        path = frame.f_locals.get("path")
        if isinstance(path, (str, PurePath)):
            return str(path), 1
    return None


def one_line(error: BaseException) -> str:
    """The message for an exception that reached the command line: one line, and how to report it."""
    where = location(error)
    place = f" while processing {where[0]}{f':{where[1]}' if where[1] > 1 else ''}" if where else ""
    detail = " ".join(str(error).split())[:300]
    return f"openrubric: internal error{place}: {type(error).__name__}: {detail} — please report it at {ISSUES} (set {DEBUG_VARIABLE}=1 to see the traceback)"


def show_traceback(error: BaseException) -> str | None:
    """The traceback, when the user asked for it by setting OPENRUBRIC_DEBUG."""
    if not os.environ.get(DEBUG_VARIABLE):
        return None
    return "".join(traceback.format_exception(error))
