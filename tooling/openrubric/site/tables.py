"""Tables that a phone can read and a keyboard can reach.

A table wider than the screen scrolls sideways. A region that scrolls must take the keyboard's focus, or
someone who cannot swipe never sees its last columns, and it needs a name for a screen reader to announce.
Material wraps tables in a scrolling `div` of its own at run time, which takes neither; so every table is put
in a region with `tabindex="0"` and `role="region"`, named by the heading above it (`aria-labelledby`), and
the stylesheet makes that region the one that scrolls and shades its edges while there is more to see.

Runs on a page's HTML after the sanitiser: the markup added here is fixed, and the heading's id is copied as the
sanitiser wrote it, inside the same double quotes.
"""

from __future__ import annotations

import re

_TABLE_OR_HEADING = re.compile(r'<table\b|<h[1-6]\b(?:[^>]*\sid="([^"]*)")?|</table>')


def focusable_tables(html: str) -> str:
    """``html`` with each table inside a labelled region that takes the keyboard's focus."""
    pieces, end, heading = [], 0, None
    for found in _TABLE_OR_HEADING.finditer(html):
        if found[0].startswith("<h"):  # a heading names the tables below it
            heading = found[1]
            continue
        pieces.append(html[end : found.start()])
        if found[0] == "</table>":
            pieces.append("</table></div>")
        else:
            name = f'aria-labelledby="{heading}"' if heading else 'aria-label="Table"'
            pieces.append(f'<div class="openrubric-table" tabindex="0" role="region" {name}><table')
        end = found.end()
    pieces.append(html[end:])
    return "".join(pieces)
