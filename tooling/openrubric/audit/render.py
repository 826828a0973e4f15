"""The text and Markdown formats: a terminal 100 columns wide, and a pull-request comment or a site page."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from .sections import Section, sections

WIDTH = 100
MIN_COLUMN = 10  # columns after the first are cut down to this before the first is cut
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")
# Control characters from a name in a narrative or the people file would drive the reader's terminal.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def as_text(report: dict[str, Any]) -> str:
    out: list[str] = []
    for section in sections(report):
        out += [section.title.upper(), "=" * min(len(section.title), WIDTH)]
        for paragraph in section.paragraphs:
            out += textwrap.wrap(paragraph, WIDTH, break_on_hyphens=False) or [""]
            out.append("")
        if section.rows:
            out += _text_table(section)
            out.append("")
    return _CONTROL.sub("?", "\n".join(out).rstrip()) + "\n"


def _text_table(section: Section) -> list[str]:
    headers, rows = section.headers, section.rows
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    while sum(widths) + 2 * (len(widths) - 1) > WIDTH:
        # The first column names the subject (a manager, a group): it is cut last.
        others = widths[1:]
        widest = 1 + others.index(max(others)) if others and max(others) > MIN_COLUMN else 0
        widths[widest] -= 1
    lines = []
    for cells in [headers, *rows]:
        shown = [_fit(cell, width, right=index in section.numeric) for index, (cell, width) in enumerate(zip(cells, widths, strict=True))]
        lines.append("  ".join(shown).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def _fit(cell: str, width: int, *, right: bool) -> str:
    if len(cell) > width:
        cell = cell[: width - 1] + "~"
    return cell.rjust(width) if right else cell.ljust(width)


def as_markdown(report: dict[str, Any]) -> str:
    out: list[str] = []
    for index, section in enumerate(sections(report)):
        out += [f"{'#' if index == 0 else '##'} {_escaped(section.title)}", ""]
        for paragraph in section.paragraphs:
            out += [_prose(paragraph), ""]
        if section.rows:
            out.append("| " + " | ".join(_escaped(header) for header in section.headers) + " |")
            out.append("| " + " | ".join("---:" if column in section.numeric else "---" for column in range(len(section.headers))) + " |")
            out += ["| " + " | ".join(_escaped(cell) for cell in row) + " |" for row in section.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _escaped(text: str) -> str:
    """A value as literal Markdown text: no emphasis, link, table cell break or HTML from a name or label."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _prose(paragraph: str) -> str:
    """A paragraph of the report's own wording: code spans kept, everything else escaped."""
    parts = re.split(r"(`[^`]*`)", paragraph)
    return "".join(part if part.startswith("`") and part.endswith("`") and len(part) > 1 else _escaped(part) for part in parts)
