"""Strings from the content as Markdown that shows exactly that string: never markup, a link or an attribute.

A name, reason or commit subject is text, not Markdown. HTML escaping alone is not enough: `[x](javascript:…)`
would still become a link, `{: onclick=… }` an attribute and `*` emphasis. So every character that Markdown or
one of the site's extensions (attr_list, tables, toc) reads as syntax becomes a character reference, which
Markdown passes through and the browser shows as the character.

    >>> text("Ops [x](javascript:alert(1)) <b>")
    'Ops &#91;x&#93;(javascript&#58;alert(1)) &lt;b&gt;'
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

# HTML, then inline syntax anywhere on a line: code, escapes, emphasis, links and images, tables, attr_list,
# headings' closing hashes, and the marks of extensions a site may add (strike-through, emoji, maths). One
# table, so that no reference is escaped twice.
_SYNTAX = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
    | {character: f"&#{ord(character)};" for character in "\\`*_[]!|~^=:{}$#"}
)
# Block syntax at the start of a line: a list item ("- ", "+ ", "1. ") or a setext underline ("---").
_BLOCK_START = re.compile(r"^(?:[-+]|\d+[.)])")
# An e-mail address as a contact field writes it. Only these characters reach a `mailto:` URL, so a value
# cannot smuggle another scheme, a query or markup into the link.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def text(value: object) -> str:
    """A value from the content as Markdown text on one line that renders as exactly that text.

    Safe in a paragraph, a heading, a list item, emphasis and a table cell."""
    return _no_block_start(" ".join(str(value).split()).translate(_SYNTAX))


def text_with_email_links(value: object) -> str:
    """Like `text`, with each e-mail address in the value a `mailto:` link to that address.

    >>> text_with_email_links("appeals@example.org (people team)")
    '[appeals@example.org](mailto:appeals@example.org) (people team)'
    """
    shown = " ".join(str(value).split())
    pieces, end = [], 0
    for address in _EMAIL.finditer(shown):
        pieces += [shown[end : address.start()].translate(_SYNTAX), f"[{address[0].translate(_SYNTAX)}](mailto:{quote(address[0], safe='@+')})"]
        end = address.end()
    return _no_block_start("".join([*pieces, shown[end:].translate(_SYNTAX)]))


def _no_block_start(inert: str) -> str:
    return _BLOCK_START.sub(lambda match: f"{match[0][:-1]}&#{ord(match[0][-1])};", inert, count=1)


def code(value: object) -> str:
    """A value as inline code that shows exactly, even in a table cell: patterns hold `|` and backticks.

    Not a Markdown code span: a backtick in the value would end it."""
    return f"<code>{text(value)}</code>"


def text_values(value: Any) -> Any:
    """Every string in nested dicts and lists as `text`; keys, numbers and the shape stay as they are."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, list):
        return [text_values(item) for item in value]
    if isinstance(value, dict):
        return {key: text_values(item) for key, item in value.items()}
    return value
