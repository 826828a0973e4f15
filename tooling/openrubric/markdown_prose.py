"""What a reader of a rendered Markdown body sees as prose, and where each piece of it starts.

Prose: paragraphs, headings, list items, blockquotes, table cells, link and image text, and the text between
the tags of an HTML block. Not prose: fenced and indented code, code spans (each replaced by ``CODE`` so the
sentence around it still reads), link and image destinations, bare URLs, HTML tags and their attributes.
HTML comments, Jinja comments and link definitions (`[//]: # (a note)`), which the published page never
shows, are returned as pieces of their own.

The block structure comes from markdown-it-py's CommonMark parser, whose tokens carry line maps; a body of
paragraphs, headings and bullet items alone is read line by line instead, with the same result. Inline markup
is masked on the source itself, character for character, so that every piece keeps its exact line and column.
"""

from __future__ import annotations

import re
from collections import deque
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Iterator, NamedTuple

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

CODE = "\u2026"  # stands for a code span: it adds no word, and a code span is always longer than it
HTML = "html"
JINJA = "jinja"
LINK_DEFINITION = "link definition"  # `[//]: # (note)`, a common way to write a comment in Markdown

# Patterns that only some bodies need are kept as text and compiled on first use (see _compiled): compiling
# them all costs more than reading a typical page.
_TAG = r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
# What may follow "<" in a line of text: an autolink, an e-mail autolink, a tag, a processing instruction or a
# declaration. None of them may contain "<", so that a scan never runs past the next one.
_ANGLE = r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[^\s@<>]+@[^\s@<>]+>|" + _TAG + r"|<\?[^<>]*\?>|<![A-Z][^<>]*>"
# What makes "[text]" a link or an image: a destination with an optional title, or a reference.
_LINK_TAIL = r"\(\s*(?:<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)|\[[^\]]*\]"
_URL = re.compile(r"https?://[^\s<>]*[^\s<>.,;:!?'\")\]]")
# Where inline markup may start; the scan jumps from one to the next.
_MARKUP_START = re.compile(r"`+|[\\<\[\]]|https?://")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TICKS = re.compile(r"`+")
_NOT_LINE_BREAK = re.compile(r"[^\n]")
# Tags that sit inside a line of text; any other tag of an HTML block separates what is before it from what is after.
_INLINE_TAGS = frozenset("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time u var".split())
# HTML blocks whose content is code or script, never prose (CommonMark's first kind of HTML block).
_RAW_BLOCK = r"(?i)\s*<(?:script|pre|style|textarea)(?:\s|>|$)"
_ADMONITION = r"(?:!!!|\?\?\?\+?)\s"
_CONTAINER_MARKS = r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])(?=\s|$))?"
_LINK_DEFINITION = r"[ \t>]*\[[^\]]+\]:\s*\S"
# A line that CommonMark may read as more than a paragraph, an ATX heading or a bullet item: code (fenced or
# indented), a quote, HTML, a link definition, an admonition, an ordered list, a setext underline or a thematic
# break, a closed heading, an empty bullet item or one that opens another block. Searched in "\n" + body: a
# pattern that starts with a literal is searched for far faster than one that starts with "^". A tab or a "|"
# (a table) anywhere also needs the parser.
_BEYOND_SIMPLE = re.compile(
    r"\n(?: {4}| {0,3}(?:```|~~~|[>\[<=]|!!!|\?\?\?|\d{1,9}[.)](?:\s|$)|#{1,6} [^\n]*# *(?:\n|$)"
    r"|[-*+](?: *(?:\n|$)| {5}| +(?:[-*+>#]|\d{1,9}[.)])(?:\s|$))|([-*_])(?: *\1){2,} *(?:\n|$)))"
)
# A heading's or a bullet item's marks, where a simple body's line starts with "#", "-", "*" or "+".
_MARKS = re.compile(r" {0,3}(?:(#{1,6})(?: +|$)|[-*+] +)")
# Structures nested deeper than this are not parsed; their lines are read as plain text (see _unparsed).
_MAX_NESTING = 40
_MAX_ADMONITION_DEPTH = 8
# Where a body may be cut into sections (see _sections), and what keeps it whole.
_SECTION_BREAK = r"\n[ \t]*\n(?=[A-Za-z#_|]|\*\*|<!--)"
_UNCUT = r"```|~~~|<(?:\?|![A-Za-z\[]|(?i:script|pre|style|textarea))"
# A table's delimiter row, in the plain form that _lone_table reads without the parser.
_TABLE_DELIMITER_ROW = r"\|(?: *:?-+:? *\|)+ *"
_SECTIONS_KEPT = 1024  # sections read alone, kept by text: enough for a template's, in bounded memory


class Piece(NamedTuple):
    text: str  # its first line starts at ``column``; every later line is a whole line of the body, masked
    line: int  # 0-based line of the body
    column: int  # 1-based
    comment: str | None = None  # None for what the page shows; HTML, JINJA or LINK_DEFINITION for hidden text
    masked: bool = False  # whether markup was blanked out of it, leaving spaces before punctuation


def pieces(body: str, *, always_parse: bool = False) -> Iterator[Piece]:
    """The prose of a Markdown body and its hidden text, each with its position in ``body``. A body of
    paragraphs, headings and bullet items alone is read without the parser, unless ``always_parse``."""
    for first, run in runs(body, always_parse=always_parse):
        yield from (Piece(piece.text, piece.line + first, *piece[2:]) for piece in run) if first else run


def runs(body: str, *, always_parse: bool = False) -> Iterator[tuple[int, tuple[Piece, ...]]]:
    """The pieces of ``pieces(body)`` in runs, each numbering its lines from the line of the body it starts at.
    A section read alone (see _sections) is a run, and the same tuple each time its text comes back, so that a
    reader can keep what it makes of a run too."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "{#" in body:
        positions = _Positions(body, 0, 1)
        blanked = list(body)
        jinja = []
        for start, end in delimited(body, "{#", "#}"):
            jinja.append(Piece(body[start + 2 : end - 2], *positions.at(start + 2), JINJA))
            _blank_range(blanked, body, start, end)  # Jinja removes its comments before Markdown is read
        yield 0, tuple(jinja)
        body = "".join(blanked)
    # A body that needs no parser is cut into sections too, where no block of it runs on: each is read line by line.
    yield from _parsed(body, always_parse=always_parse)


def _needs_parser(body: str) -> bool:
    return "\t" in body or "|" in body or _BEYOND_SIMPLE.search("\n" + body) is not None


def _simple_blocks(lines: list[str]) -> Iterator[Piece]:
    """Paragraphs, headings and bullet items, read line by line: what the parser would find in a body that
    has nothing else (see _BEYOND_SIMPLE), for a fraction of its cost."""
    block: list[str] = []
    first = 0
    for number, line in enumerate([*lines, ""]):
        marks = _MARKS.match(line) if line.lstrip(" ")[:1] in ("#", "-", "*", "+") else None
        heading = marks is not None and marks.group(1) is not None
        if block and (marks or not line.strip()):
            yield from _masked("\n".join(block), first, 1)
            block = []
        if not line.strip():
            continue
        if not block:
            first = number
        block.append(" " * marks.end() + line[marks.end() :] if marks else line)
        if heading:  # a heading is one line
            yield from _masked(block.pop(), first, 1)


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported only for a body the line-by-line reading cannot take

    parser = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING}).enable("table")
    return parser.disable(["inline", "text_join"])  # inline markup is read here, on the source


def _parsed(body: str, *, always_parse: bool = False) -> Iterator[tuple[int, tuple[Piece, ...]]]:
    """What one parse of ``body`` gives, read section by section (see _sections), so that a section met
    before, such as the template text a draft repeats, is not read again, and a section of paragraphs alone is
    read line by line. The lines no block claims come after every block, as in one parse."""
    cuts = _sections(body)
    unclaimed = []
    for (offset, first), (end, _) in zip(cuts, [*cuts[1:], (len(body) + 1, 0)], strict=True):
        claimed, rest = _section(body[offset : end - 1], always_parse)  # without the line break before the next
        yield first, claimed
        if rest:
            unclaimed.append((first, rest))
    yield from unclaimed


def _sections(body: str) -> list[tuple[int, int]]:
    """The offsets and lines where ``body`` can be cut into parts that the parser reads alike alone or
    together: after a blank line, at a line that starts at its first column with a letter, ``#``, ``_``, ``|``,
    ``**`` or ``<!--`` (which no list, quote, indented code or paragraph continues), outside any HTML comment.
    A body with a fence or an HTML block that may run past a blank line (script, pre, style, textarea, ``<?``,
    ``<!``) is not cut."""
    if _compiled(_UNCUT).search(body):
        return [(0, 0)]
    comments = list(delimited(body, "<!--", "-->"))
    unclosed = body.find("<!--", comments[-1][1] if comments else 0)  # runs to the end of the body
    starts, line, scanned, inside = [(0, 0)], 0, 0, 0
    for cut in _compiled(_SECTION_BREAK).finditer(body):
        offset = cut.end()
        if 0 <= unclosed < offset:
            break
        while inside < len(comments) and comments[inside][1] <= offset:
            inside += 1
        if inside < len(comments) and comments[inside][0] < offset:
            continue  # inside a comment
        line += body.count("\n", scanned, offset)
        scanned = offset
        starts.append((offset, line))
    return starts


@lru_cache(maxsize=_SECTIONS_KEPT)
def _section(source: str, always_parse: bool) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """The pieces of blocks, and of lines no block claims, of one section read alone."""
    if not always_parse and not _needs_parser(source):
        return tuple(_simple_blocks(source.split("\n"))), ()
    lines = _Lines(source)
    if not always_parse:
        alone = _lone_table(source, lines) or _lone_comment(source, lines)
        if alone is not None:
            return alone
    parsed: set[int] = set()
    claimed = tuple(_claimed(source, lines, 0, 0, parsed))
    return claimed, tuple(_unparsed(lines, range(_line_count(source)), parsed))


def _lone_table(source: str, lines: _Lines) -> tuple[tuple[Piece, ...], tuple[Piece, ...]] | None:
    """The cells of a section that is one table and nothing else, as the parser finds them (its GFM table rule,
    for the plain case: every row starts with "|" at its first column and has as many cells as the header, no
    escaped pipe, no whitespace but spaces); None for any other section. A draft's table of names and dates
    differs in every draft, and the parser took most of the time spent reading its sections."""
    if not source.startswith("|") or "\\" in source:
        return None
    rows = _leading_block(source.split("\n"))
    if rows is None or len(rows) < 2 or not all(row.startswith("|") for row in rows):
        return None
    if _compiled(_TABLE_DELIMITER_ROW).fullmatch(rows[1]) is None:
        return None
    width = rows[1].count("|") - 1  # the header and each row have this many cells, or the parser differs
    cursor = _Cursor()
    claimed: list[Piece] = []
    for number in (0, *range(2, len(rows))):  # the delimiter row holds no text
        cells = _cells(rows[number])
        if cells is None or len(cells) != width:
            return None
        for cell in cells:
            claimed += _inline_block(cell, lines, number, cursor)
    return tuple(claimed), tuple(_unparsed(lines, range(_line_count(source)), set(range(len(rows)))))


def _leading_block(section: list[str]) -> list[str] | None:
    """The lines of ``section`` before its first blank one, or None when a line that is not blank follows."""
    blank = next((index for index, line in enumerate(section) if not line.strip(" ")), len(section))
    return section[:blank] if all(not line.strip(" ") for line in section[blank:]) else None


def _cells(row: str) -> list[str] | None:
    """The trimmed cells of a table row that starts with "|", or None when a cell or the row has whitespace
    other than spaces at an end (which the parser trims by its own list of characters)."""
    trimmed = row.strip(" ")
    if trimmed != row.strip():
        return None
    cells = trimmed.split("|")[1:]
    if cells and cells[-1] == "":
        cells.pop()
    stripped = [cell.strip(" ") for cell in cells]
    return stripped if all(cell == whole.strip() for cell, whole in zip(stripped, cells, strict=True)) else None


def _lone_comment(source: str, lines: _Lines) -> tuple[tuple[Piece, ...], tuple[Piece, ...]] | None:
    """The pieces of a section that is one HTML comment and nothing else: an HTML block that runs from its
    first line to the first line with ``-->`` (as CommonMark's second kind of HTML block does); None for any
    other section."""
    if not source.startswith("<!--"):
        return None
    block = _leading_block(source.split("\n"))
    closing = next((index for index, line in enumerate(block or ()) if "-->" in line), None)
    if block is None or closing != len(block) - 1:
        return None
    return tuple(_html_block(lines, 0, len(block))), tuple(_unparsed(lines, range(_line_count(source)), set(range(len(block)))))


def _line_count(source: str) -> int:
    return source.count("\n") + (0 if source.endswith("\n") else 1)


def _blocks(source: str, lines: _Lines, first: int, depth: int = 0) -> Iterator[Piece]:
    """Pieces of ``source``, which stands at line ``first`` of ``lines`` (indented further when nested in
    ``depth`` admonitions), in one parse."""
    parsed: set[int] = set()
    yield from _claimed(source, lines, first, depth, parsed)
    yield from _unparsed(lines, range(first, first + _line_count(source)), parsed)


def _claimed(source: str, lines: _Lines, first: int, depth: int, parsed: set[int]) -> Iterator[Piece]:
    """Pieces of the blocks the parser finds in ``source``; the lines they take are added to ``parsed``."""
    tokens = _parser().parse(source)
    cursor = _Cursor()
    previous: Token | None = None
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map[0] + first, token.map[1] + first
        if token.type == "inline":
            yield from _inline_block(token.content, lines, start, cursor)
        elif token.type == "html_block":
            yield from _html_block(lines, start, end)
        elif token.type == "code_block" and previous is not None and _compiled(_ADMONITION).match(previous.content):
            # An admonition's body is indented like code, but MkDocs renders it as Markdown.
            if depth < _MAX_ADMONITION_DEPTH:
                yield from _blocks(token.content, lines, start, depth + 1)
            else:
                yield from _unparsed(lines, range(start, end), set())
        if token.type in ("paragraph_open", "heading_open", "fence", "code_block", "html_block", "hr", "table_open"):
            parsed.update(range(start, end))
        if token.type == "inline" or token.nesting == 0:
            previous = token


class _Cursor:
    """Where the last table cell of a row ended, so that equal cells of one row are told apart."""

    def __init__(self) -> None:
        self.line, self.column = -1, 0


def _inline_block(parsed: str, lines: _Lines, start: int, cursor: _Cursor) -> Iterator[Piece]:
    """A paragraph, a heading or a table cell, whose ``parsed`` content starts at line ``start``: its content
    lines, found on the source lines they came from."""
    if not parsed.strip():
        return
    parts: list[str] = []
    first_column = 0
    for offset, content in enumerate(parsed.split("\n")):
        number = start + offset
        source = lines[number]
        span = _align(source, content.strip(), cursor.column if cursor.line == number else 0)
        column, end = span if span is not None else (0, len(source))  # not expected: rather read too much
        if offset == 0:
            first_column = column
            parts.append(source[column:end])
        else:
            parts.append(" " * column + source[column:end])
        cursor.line, cursor.column = number, end
    yield from _masked("\n".join(parts), start, first_column + 1)


def _align(source: str, content: str, from_column: int) -> tuple[int, int] | None:
    """Where a line of parsed ``content`` stands in its ``source`` line: most often at the end, after the
    container's marks; a table cell or a closed heading further in. A cell's parsed content has lost the
    backslashes of its escaped pipes."""
    if not content:
        return None
    for written in (content, content.replace("|", "\\|")):
        at_end = len(source.rstrip()) - len(written)
        if at_end >= from_column and source.startswith(written, at_end):
            return at_end, at_end + len(written)
        found = source.find(written, from_column)
        if found >= 0:
            return found, found + len(written)
    return None


def _html_block(lines: _Lines, start: int, end: int) -> Iterator[Piece]:
    """The text between an HTML block's tags, cut where a block-level tag stands, and its comments."""
    text = "\n".join(lines[number] for number in range(start, end))
    if _compiled(_RAW_BLOCK).match(text):
        return
    comments = list(delimited(text, "<!--", "-->"))
    cuts = [0]
    inside = 0  # comments before the tag
    for tag in _compiled(_TAG).finditer(text):
        while inside < len(comments) and comments[inside][1] <= tag.start():
            inside += 1
        in_comment = inside < len(comments) and comments[inside][0] <= tag.start()
        name = tag.group(0).lstrip("</").split(None, 1)[0].rstrip("/>").lower()
        if name not in _INLINE_TAGS and not in_comment:
            cuts += [tag.start(), tag.end()]
    cuts.append(len(text))
    positions = _Positions(text, start, 1)
    for begin, finish in zip(cuts[::2], cuts[1::2], strict=False):
        if text[begin:finish].strip():
            yield from _masked(text[begin:finish], *positions.at(begin))


def _unparsed(lines: _Lines, numbers: range, parsed: set[int]) -> Iterator[Piece]:
    """Lines no block claimed: link definitions, which the page never shows, empty container lines, and
    whatever lies deeper than the parser goes. Read as text, so that nothing can hide a sentence."""
    run: list[int] = []
    for number in [*numbers, None]:
        definition = number is not None and _compiled(_LINK_DEFINITION).match(lines[number])
        if number is not None and not definition and number not in parsed and lines[number].strip():
            run.append(number)
            continue
        if run:
            text = "\n".join(_blank_marks(lines[n]) for n in run)
            if text.strip():
                yield from _masked(text, run[0], 1)
            run = []
        if definition and number not in parsed:
            visible, _ = mask_inline(_blank_marks(lines[number]))
            yield Piece(visible, number, 1, LINK_DEFINITION, True)


def _blank_marks(line: str) -> str:
    marks = _compiled(_CONTAINER_MARKS).match(line)
    width = marks.end() if marks else 0
    return " " * width + line[width:]


def _masked(text: str, line: int, column: int) -> Iterator[Piece]:
    """``text`` with its inline markup masked, then each HTML comment in it."""
    visible, comments = mask_inline(text)
    if visible.strip():
        yield Piece(visible, line, column, None, visible is not text)
    if comments:
        positions = _Positions(text, line, column)
        for offset, comment in comments:
            yield Piece(comment, *positions.at(offset), HTML)


def mask_inline(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with code spans replaced by ``CODE`` and URLs, tags, comments and link syntax blanked, at
    the same length and line breaks; and the (offset, text) of each HTML comment."""
    if not ("`" in text or "<" in text or "[" in text or "]" in text or "\\" in text or "://" in text):
        return text, []
    out = list(text)
    comments: list[tuple[int, str]] = []
    openers: list[tuple[int, int]] = []  # "[" and "![" not yet closed
    closers: dict[int, deque[int]] | None = None  # backtick runs by length: where each starts
    comments_closed = False  # no "-->" after the last comment: a later "<!--" opens nothing
    position = 0
    while (start := _MARKUP_START.search(text, position)) is not None:
        index = position = start.start()
        char = text[index]
        if char == "\\":
            position += 2 if text[index + 1 : index + 2] in _ESCAPABLE else 1
        elif char == "`":
            position = start.end()
            closers = closers if closers is not None else _runs_by_length(text)
            closing = _closing_ticks(closers, start)
            if closing is not None:
                _blank_range(out, text, index, closing)
                out[index] = CODE
                position = closing
        elif char == "<" and text.startswith("<!--", index):
            end = -1 if comments_closed else text.find("-->", index + 4)
            comments_closed = end < 0
            position = index + 4
            if end >= 0:
                comments.append((index + 4, text[index + 4 : end]))
                position = end + 3
                _blank_range(out, text, index, position)
        elif char == "<":
            markup = _compiled(_ANGLE).match(text, index)
            position = index + 1
            if markup:
                position = markup.end()
                _blank_range(out, text, index, position)
        elif char == "[":
            openers.append((index - 1 if text[index - 1 : index] == "!" else index, index + 1))
            position = index + 1
        elif char == "]":
            tail = _compiled(_LINK_TAIL).match(text, index + 1)
            opener = openers.pop() if openers else None
            position = index + 1
            if tail and opener:  # a link or an image: keep its text, blank its syntax
                position = tail.end()
                _blank_range(out, text, *opener)
                _blank_range(out, text, index, position)
        else:  # "http": a bare URL where a word starts
            url = None if text[index - 1 : index].isalnum() else _URL.match(text, index)
            position = start.end()
            if url:
                position = url.end()
                _blank_range(out, text, index, position)
    visible = "".join(out)
    return (text if visible == text else visible), comments


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.S)


def _runs_by_length(text: str) -> dict[int, deque[int]]:
    runs: dict[int, deque[int]] = {}
    for run in _TICKS.finditer(text):
        runs.setdefault(len(run.group()), deque()).append(run.start())
    return runs


def _closing_ticks(closers: dict[int, deque[int]], opening: re.Match[str]) -> int | None:
    """End of the backtick run that closes a code span opened by ``opening``: the next run of the same length.
    Runs passed over are dropped, since the scan only moves forward."""
    length = len(opening.group())
    starts = closers.get(length, deque())
    while starts and starts[0] < opening.end():
        starts.popleft()
    return starts[0] + length if starts else None


def delimited(text: str, opening: str, closing: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``opening ... closing`` span of ``text``, in one pass however many are unclosed."""
    position = 0
    while (start := text.find(opening, position)) >= 0:
        end = text.find(closing, start + len(opening))
        if end < 0:
            return
        position = end + len(closing)
        yield start, position


def _blank_range(out: list[str], text: str, start: int, end: int) -> None:
    """Blank ``out[start:end]``, a copy of ``text``, keeping its line breaks."""
    out[start:end] = _NOT_LINE_BREAK.sub(" ", text[start:end])


class _Lines:
    """The lines of a body; an empty line past its end."""

    def __init__(self, body: str) -> None:
        self._lines = body.split("\n")

    def __getitem__(self, index: int) -> str:
        return self._lines[index] if 0 <= index < len(self._lines) else ""


class _Positions:
    """Line and column of offsets of a text that starts at (line, column), asked in increasing order: found in
    one pass over the text, however many there are."""

    def __init__(self, text: str, line: int, column: int) -> None:
        self._text, self._line, self._column = text, line, column
        self._scanned = 0
        self._line_start = 0

    def at(self, offset: int) -> tuple[int, int]:
        breaks = self._text.count("\n", self._scanned, offset)
        if breaks:
            self._line += breaks
            self._line_start = self._text.rfind("\n", self._scanned, offset) + 1
            self._column = 1
        self._scanned = offset
        return self._line, self._column + offset - self._line_start
