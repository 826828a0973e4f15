"""Where prose lives in a content file, and whether a reader of the published site would see it.

The guardrail rules read every sentence that could sway a review: YAML string values and Markdown bodies,
but also YAML comments, HTML comments and Jinja comments, which a reviewer of the rendered page never
sees. Each sentence keeps its line, so a finding points at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from . import language

if TYPE_CHECKING:
    from .loading import Document

VISIBLE = "text"
YAML_COMMENT = "a YAML comment"
HTML_COMMENT = "an HTML comment"
JINJA_COMMENT = "a Jinja comment"


@dataclass(frozen=True, eq=False)
class Sentence:
    text: str
    line: int
    column: int
    where: str  # VISIBLE or one of the comment kinds
    key_path: tuple[str | int, ...] | None = None  # for YAML values: where in the data it sits

    @property
    def hidden(self) -> bool:
        return self.where != VISIBLE

    @cached_property
    def lowered(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> frozenset[str]:
        """The sentence's lowercase words, computed once for all the rules that gate on them."""
        return plain_words(self.text)

    @cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(language.stem(word) for word in self.words)

    @cached_property
    def beginnings(self) -> frozenset[str]:
        """The first four letters of each word (shorter words whole), for gates that look words up by how
        they begin."""
        return frozenset(word[:4] for word in self.words)


def plain_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


# A sentence ends at . ! or ? followed by space; list items, headings and blank lines end blocks.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)")
_BLOCK_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|\|))")
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_JINJA_COMMENT = re.compile(r"\{#(.*?)#\}", re.S)
# `key: |`, `key: >-`, `- |2`: the lines after it, indented further, are text in which # is no comment.
_BLOCK_SCALAR = re.compile(r"(?:^|:\s|-\s)\s*[|>][-+1-9]{0,2}$")


def sentences(document: Document) -> list[Sentence]:
    """Every sentence of ``document``: its YAML values and comments, and a Markdown body with its comments.

    Read once per document, since every guardrail rule reads them all."""
    if document.sentences is None:
        document.sentences = list(_sentences(document))
    return document.sentences


def forget(document: Document) -> None:
    """Let go of a document's sentences once every rule has read them."""
    document.sentences = None
    document.prose = None


def as_one(document: Document) -> Sentence:
    """All of a document's sentences as one, for rules that first ask whether anything in it could match.
    Its words and stems are the union of the sentences' own, which the rules compute anyway."""
    if document.prose is None:
        parts = sentences(document)
        whole = Sentence(" \n".join(sentence.text for sentence in parts), 0, 0, VISIBLE)
        whole.__dict__["words"] = frozenset().union(*(sentence.words for sentence in parts))
        whole.__dict__["stems"] = frozenset().union(*(sentence.stems for sentence in parts))
        whole.__dict__["beginnings"] = frozenset(word[:4] for word in whole.words)
        document.prose = whole
    return document.prose


def _sentences(document: Document) -> Iterator[Sentence]:
    if document.yaml_text is not None and document.data is not None:
        yield from _yaml_values(document)
        for line, column, comment in _comment_blocks(yaml_comments(document.yaml_text)):
            yield from _split(comment, document.yaml_line + line - 1, column, YAML_COMMENT)
    if document.syntax == "markdown" and document.body:
        yield from _markdown(document.body, document.body_line)


def yaml_comments(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, text) of each ``#`` comment, skipping quoted strings and block scalars."""
    if "#" not in text:
        return
    block_indent: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        start = _comment_start(line) if "#" in line else None
        if start is not None:
            yield number, start + 1, line[start + 1 :].strip()
        code = (line if start is None else line[:start]).rstrip()
        if code[-3:].strip("-+123456789")[-1:] in ("|", ">") and _BLOCK_SCALAR.search(code):
            block_indent = indent


def _comment_blocks(comments: Iterator[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Comments on consecutive lines joined into one text, since a sentence may run across them."""
    block: list[tuple[int, int, str]] = []
    for comment in comments:
        if block and comment[0] != block[-1][0] + 1:
            yield block[0][0], block[0][1], "\n".join(text for _, _, text in block)
            block = []
        block.append(comment)
    if block:
        yield block[0][0], block[0][1], "\n".join(text for _, _, text in block)


def _comment_start(line: str) -> int | None:
    quote: str | None = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'" and (index == 0 or line[index - 1] in " \t[{,:-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
        index += 1
    return None


def place(document: Document, sentence: Sentence) -> tuple[int, int]:
    """Line and column of a sentence. YAML values are located only now, when there is something to report:
    at the value, or at the line of a folded value where the sentence's first words stand."""
    if sentence.key_path is None:
        return sentence.line, sentence.column
    line, column = document.locate(sentence.key_path)
    lines = (document.text or "").splitlines()
    opening = " ".join(sentence.text.split()[:3])
    for number in range(line, min(line + 200, len(lines) + 1)):
        found = lines[number - 1].find(opening)
        if found >= 0:
            return number, found + 1
    return line, column


def _yaml_values(document: Document) -> Iterator[Sentence]:
    for key_path, value in _strings(document.data, ()):
        if " " in value.strip():
            yield from _split(value, 0, 0, VISIBLE, key_path=key_path)
        elif re.search(r"\d", value) and key_path and isinstance(key_path[-1], str):
            # A lone figure means something only with its key: `max_exceeds: 15%` reads "max exceeds 15%".
            yield Sentence(f"{key_path[-1].replace('_', ' ').replace('-', ' ')} {value}", 0, 0, VISIBLE, key_path)
        # Other single words (ids, links, ticket keys, rating ids) are not prose.


def _strings(node: object, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))


def _markdown(body: str, first_line: int) -> Iterator[Sentence]:
    hidden_spans = [(match, HTML_COMMENT) for match in _HTML_COMMENT.finditer(body)]
    hidden_spans += [(match, JINJA_COMMENT) for match in _JINJA_COMMENT.finditer(body)]
    visible = body
    for match, where in hidden_spans:
        line = first_line + body.count("\n", 0, match.start(1))
        column = match.start(1) - (body.rfind("\n", 0, match.start(1)) + 1) + 1
        yield from _split(match.group(1), line, column, where)
        # Blank the comment out of the visible text, keeping its line breaks so lines stay true.
        visible = visible[: match.start()] + re.sub(r"[^\n]", " ", match.group(0)) + visible[match.end() :]
    yield from _split(visible, first_line, 1, VISIBLE)


def _split(text: str, line: int, column: int, where: str, *, key_path: tuple[str | int, ...] | None = None) -> Iterator[Sentence]:
    """Sentences of ``text``, which starts at (line, column); each keeps the line it starts on."""
    if "\n" not in text and not _SENTENCE_END.search(text):
        # Most YAML values are one line and one sentence: skip the general splitting.
        cleaned = " ".join(text.split())
        if len(cleaned) >= 3:
            yield Sentence(cleaned, line, column + len(text) - len(text.lstrip()), where, key_path)
        return
    position = 0
    for block in _BLOCK_BREAK.split(text):
        start = text.index(block, position) if block else position
        position = start + len(block)
        offset = 0
        for piece in _SENTENCE_END.split(block):
            piece_start = block.index(piece, offset)
            offset = piece_start + len(piece)
            cleaned = " ".join(piece.split())
            if len(cleaned) < 3:
                continue
            absolute = start + piece_start + (len(piece) - len(piece.lstrip()))
            lines_before = text.count("\n", 0, absolute)
            piece_line = line + lines_before
            piece_column = (column if lines_before == 0 else 1) + absolute - (text.rfind("\n", 0, absolute) + 1)
            yield Sentence(cleaned, piece_line, piece_column, where, key_path)
