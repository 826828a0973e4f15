"""Tables that a phone can read and a keyboard can reach.

On a phone each row becomes a card, every cell under its column's name (`data-label`, shown by the stylesheet),
so nothing hides to the side. On a wider screen a table wider than its column scrolls sideways; a region that
scrolls must take the keyboard's focus, or someone who cannot swipe never sees its last columns, and it needs a
name for a screen reader to announce. Material wraps tables in a scrolling `div` of its own at run time, which
takes neither; so every table is put in a region with `tabindex="0"` and `role="region"`, named by the heading
above it (`aria-labelledby`), and the stylesheet makes that region the one that scrolls and shades its edges
while there is more to see.

Runs on a page's HTML after the sanitiser: the markup added here is fixed, the heading's id is copied as the
sanitiser wrote it, inside the same double quotes, and a column's name is its header's text, escaped.
"""

from __future__ import annotations

import re

from . import sanitize

_TABLE_OR_HEADING = re.compile(r'<table\b.*?</table>|<h[1-6]\b(?:[^>]*\sid="([^"]*)")?', re.S)
_ROW = re.compile(r"<tr\b.*?</tr>", re.S)
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_DATA_CELL = re.compile(r"<td\b")


def focusable_tables(html: str) -> str:
    """``html`` with each table inside a labelled region that takes the keyboard's focus, its cells labelled."""
    pieces, end, heading = [], 0, None
    for found in _TABLE_OR_HEADING.finditer(html):
        if found[0].startswith("<h"):  # a heading names the tables below it
            heading = found[1]
            continue
        name = f'aria-labelledby="{heading}"' if heading else 'aria-label="Table"'
        pieces += [html[end : found.start()], f'<div class="openrubric-table" tabindex="0" role="region" {name}>', _labelled(found[0]), "</div>"]
        end = found.end()
    pieces.append(html[end:])
    return "".join(pieces)


def _labelled(table: str) -> str:
    """The table with each data cell's `data-label` set to its column's header, when the table has a header row."""
    header = _ROW.search(table)
    names = [sanitize.plain_text(cell) for cell in _HEADER_CELL.findall(header[0])] if header else []
    if not names:
        return table

    def label_row(row: re.Match[str]) -> str:
        columns = iter(names)
        return _DATA_CELL.sub(lambda cell: f'{cell[0]} data-label="{next(columns, "")}"', row[0])

    return _ROW.sub(label_row, table)
