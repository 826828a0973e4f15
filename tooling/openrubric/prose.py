"""Where prose lives in a content file, and whether a reader of the published site would see it.

The guardrail rules read every sentence that could sway a review: YAML string values and Markdown bodies,
but also YAML comments, HTML comments and Jinja comments, which a reviewer of the rendered page never
sees. Each sentence keeps its line and column, so a finding points at it.

What is not prose is left out: code (fenced, indented, and code spans, which leave ``markdown_prose.CODE`` in
their place), URLs, and HTML tags. Consecutive comment lines are read as one note, since a sentence may run
across them, unless they are separate notes (see ``_starts_note``). Abbreviations, initials and figures do not
end a sentence; a sentence of more than ``LONG_SENTENCE`` words is cut where its clauses meet.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Iterator, NamedTuple

if TYPE_CHECKING:
    from .loading import Document
    from .markdown_prose import Piece

VISIBLE = "text"
YAML_COMMENT = "a YAML comment"
HTML_COMMENT = "an HTML comment"
JINJA_COMMENT = "a Jinja comment"
LINK_DEFINITION = "a Markdown link definition"


class Sentence(NamedTuple):  # a tuple, since a large repository makes millions: four times cheaper to make
    text: str
    line: int
    column: int
    where: str  # VISIBLE or one of the comment kinds
    key_path: tuple[str | int, ...] | None = None  # for YAML values: where in the data it sits

    @property
    def hidden(self) -> bool:
        return self.where != VISIBLE



# A sentence ends at . ! or ? (and any closing quote or bracket) followed by space, unless the full stop
# belongs to an abbreviation (see _full_stop_ends_sentence). List items, headings and blank lines end blocks.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(\s+)(?=\S)")
_BLOCK_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|\|))")
_ABBREVIATIONS = frozenset(
    "e.g. i.e. vs. approx. cf. viz. incl. esp. resp. ca. a.k.a. dr. mr. mrs. ms. prof. st. jr. sr. al.".split()
)
_BEFORE_CAPITAL_ONLY = frozenset({"etc."})  # "etc." ends a sentence when a capital follows it
_BEFORE_FIGURE = frozenset("no. nos. p. pp. vol. fig. sec. ch. art.".split())  # "No. 5" does not end one
# The last two letters and the full stop of each abbreviation that has two letters before its full stop.
_ABBREVIATION_ENDINGS = frozenset(
    word[-3:] for word in _ABBREVIATIONS | _BEFORE_CAPITAL_ONLY | _BEFORE_FIGURE if word[-3:-1].isalpha() and len(word) >= 3
)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")  # "J.", "U.S.", "e.g."
# Past this many words a sentence is cut where its clauses meet, first at the writer's own marks (semicolons,
# dashes), then before conjunctions that start a clause; a shorter one stays whole for the rules to read.
LONG_SENTENCE = 60
_CLAUSE_BREAKS = (  # each starts after a non-space, so that a long run of spaces is crossed once
    r"(?<=;)\s+|(?<=\S)\s+[-\u2013\u2014]{1,2}\s+",
    r"(?<=\S)\s+(?=(?:because|although|whereas|but|so|and (?:I|we|they|he|she|you|it))\s)"
    r"|(?<=,)\s+(?=(?:and|then|while|which)\s)",
)
_SPACE_BEFORE_MARK = re.compile(r" (?=[.,;:!?)](?:\s|$))")
_QUOTE_AT_SCALAR_START = re.compile(r"(?:^|[:\-?\[{,])\s*(?:[&!]\S*\s+)*[\"']")  # after any anchor or tag
# `key: |`, `key: >-`, `- |2`: the lines after it, indented further, are text in which # is no comment.
_BLOCK_SCALAR = re.compile(r"(?:^|:\s|-\s)\s*[|>][-+1-9]{0,2}$")
# A comment line that opens with a label ("Note:", "calibration note:") starts a note of its own.
_LABEL = re.compile(r"[A-Za-z][\w'-]*(?: [\w'-]+){0,3}:(?:\s|$)")
_ENDS_WITH_SENTENCE = re.compile(r"[.!?][\"')\]]*$")
# A '#' where a comment may start: first in its line or after a space. Written to start with the '#' itself,
# which the regular expression engine then looks for as fast as str.find; `(?<!\S)#` took 40 times longer.
_COMMENT_MARK = re.compile(r"#(?<!\S#)")
_DIGIT = re.compile(r"\d")
_SPLITS_KEPT = 2048  # texts split into sentences, kept by text: a template's repeat in every draft
_RUNS_KEPT = 1024  # the sentences of runs of Markdown, as many as markdown_prose keeps sections


def sentences(document: Document) -> list[Sentence]:
    """Every sentence of ``document``: its YAML values and comments, and a Markdown body with its comments.

    Read once per document, since every guardrail rule reads them all."""
    if document.sentences is None:
        document.sentences = _sentences(document)
    return document.sentences


def forget(document: Document) -> None:
    """Let go of a document's sentences once every rule has read them."""
    document.sentences = None


def _sentences(document: Document) -> list[Sentence]:
    # Lists rather than generators: a draft has hundreds of sentences, and each generator level costs each one.
    found: list[Sentence] = []
    if document.yaml_text is not None and document.data is not None:
        found += _yaml_values(document)
        for line, column, note in _notes(_yaml_comments(document.yaml_text)):
            found += _split(note, document.yaml_line + line - 1, column, YAML_COMMENT)
    if document.syntax == "markdown" and document.body:
        found += _markdown(document.body, document.body_line)
    return found


class _Comment(NamedTuple):
    line: int
    column: int  # of the '#'
    text: str
    text_column: int  # of the text's first character
    trailing: bool  # after a key or value on the same line


def yaml_comments(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, text) of each ``#`` comment, skipping quoted strings and block scalars."""
    for comment in _yaml_comments(text):
        yield comment.line, comment.column, comment.text


def _yaml_comments(text: str) -> list[_Comment]:
    if "#" not in text or _COMMENT_MARK.search(text) is None:
        return []  # no '#' opens a line or follows a space: the '#' of a link's fragment starts no comment
    comments, quote_left_open = _comments_by_line(text)
    if quote_left_open:
        # A quoted scalar or a flow collection runs across lines, where a '#' may be text: only the YAML
        # scanner knows where they end.
        scanned = _comments_by_scanner(text)
        if scanned is not None:
            return scanned
    return comments


def _comments_by_line(text: str) -> tuple[list[_Comment], bool]:
    """The comments, read line by line; and whether a quoted scalar or a flow collection was left open at the
    end of a line."""
    comments: list[_Comment] = []
    quote_left_open = False
    block_indent: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        start, open_quote = _comment_start(line) if _may_hold_comment_or_quote(line) else (None, False)
        quote_left_open = quote_left_open or open_quote
        if start is not None:
            comments.append(_comment(line, number, start))
        code = (line if start is None else line[:start]).rstrip()
        if code[-3:].strip("-+123456789")[-1:] in ("|", ">") and _BLOCK_SCALAR.search(code):
            block_indent = indent
    return comments, quote_left_open


def _may_hold_comment_or_quote(line: str) -> bool:
    """Whether ``line`` has a '#' or a quote where a quoted scalar may start; most lines have neither, and the
    apostrophe of "it's" starts nothing."""
    return "#" in line or (("'" in line or '"' in line) and _QUOTE_AT_SCALAR_START.search(line) is not None)


def _comment(line: str, number: int, start: int) -> _Comment:
    after = line[start + 1 :]
    text_column = start + 2 + len(after) - len(after.lstrip())
    return _Comment(number, start + 1, after.strip(), text_column, trailing=bool(line[:start].strip()))


def _comment_start(line: str) -> tuple[int | None, bool]:
    """Index of the ``#`` that opens a comment on ``line``, and whether a quoted scalar or a flow collection is
    open at its end (on the next line, a quote after ``,`` starts a scalar, which this line-by-line reading
    cannot see).

    A quote opens a quoted scalar only where a scalar starts (after indentation, ``- ``, ``? ``, ``: ``, or in
    a flow collection after ``[``, ``{`` or ``,``); elsewhere it is a character of a plain scalar, which ends
    at `` #``."""
    quote: str | None = None
    scalar_starts = True
    flow = 0
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote and quote == "'" and line.startswith("'", index + 1):
                index += 1  # '' is a quote inside single quotes
            elif char == quote:
                quote, scalar_starts = None, False
        elif char in " \t":
            pass
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index, False
        elif scalar_starts and char in "\"'":
            quote = char
        elif scalar_starts and char in "[{":
            flow += 1
        elif flow and char in ",:":
            scalar_starts = True
        elif flow and char in "]}":
            flow, scalar_starts = flow - 1, False
        elif char in "-?:" and line[index + 1 : index + 2] in ("", " ", "\t") and (scalar_starts or char == ":"):
            scalar_starts = True
        elif scalar_starts and char in "&!":  # an anchor or a tag: the scalar starts after it
            space = line.find(" ", index)
            index = len(line) if space < 0 else space
            continue
        else:
            scalar_starts = False
        index += 1
    return None, quote is not None or flow > 0


def _comments_by_scanner(text: str) -> list[_Comment] | None:
    """The comments, with every quoted and block scalar placed by the YAML scanner; None if it cannot scan."""
    import yaml

    inside: dict[int, list[tuple[int, int]]] = {}  # 0-based line -> column spans that belong to a scalar
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.ScalarToken) and token.style:
                block = token.style in "|>"  # its header line may end with a comment; its content starts below
                first, first_column = (token.start_mark.line + 1, 0) if block else (token.start_mark.line, token.start_mark.column)
                last = token.end_mark.line
                for number in range(first, last + 1):
                    span = (first_column if number == first else 0, token.end_mark.column if number == last else 1 << 30)
                    inside.setdefault(number, []).append(span)
    except yaml.YAMLError:
        return None
    comments: list[_Comment] = []
    for number, line in enumerate(text.splitlines()):
        index = line.find("#")
        while index >= 0:
            if (index == 0 or line[index - 1] in " \t") and not any(a <= index < b for a, b in inside.get(number, ())):
                comments.append(_comment(line, number + 1, index))
                break
            index = line.find("#", index + 1)
    return comments


def _notes(comments: list[_Comment]) -> Iterator[tuple[int, int, str]]:
    """(line, column, text) of each note: comments on consecutive lines joined, since a sentence may run
    across them, the later lines padded to their columns so that a sentence's position stays true."""
    note: list[_Comment] = []
    for comment in comments:
        if note and (not comment.text or _starts_note(note[-1], comment)):
            yield _joined(note)
            note = []
        if comment.text:
            note.append(comment)
    if note:
        yield _joined(note)


def _starts_note(previous: _Comment, comment: _Comment) -> bool:
    """Whether ``comment`` starts a note rather than continuing the one on the line above it."""
    return (
        comment.line != previous.line + 1
        or comment.column != previous.column  # indented differently, or beside another key
        or (comment.trailing and not previous.trailing)  # a comment beside a key belongs to that key
        or _LABEL.match(comment.text) is not None
        or (_ENDS_WITH_SENTENCE.search(previous.text) is not None and comment.text[:1].isupper())
    )


def _joined(note: list[_Comment]) -> tuple[int, int, str]:
    lines = [note[0].text] + [" " * (comment.text_column - 1) + comment.text for comment in note[1:]]
    return note[0].line, note[0].text_column, "\n".join(lines)


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


def _yaml_values(document: Document) -> list[Sentence]:
    found: list[Sentence] = []
    strings: list[tuple[tuple[str | int, ...], str]] = []
    _strings(document.data, (), strings)
    for key_path, value in strings:
        if " " in value.strip():
            found += _split(value, 0, 0, VISIBLE, key_path=key_path)
        elif key_path and isinstance(key_path[-1], str) and _DIGIT.search(value):
            # A lone figure means something only with its key: `max_exceeds: 15%` reads "max exceeds 15%".
            found.append(Sentence(f"{key_path[-1].replace('_', ' ').replace('-', ' ')} {value}", 0, 0, VISIBLE, key_path))
        # Other single words (ids, links, ticket keys, rating ids) are not prose.
    return found


def _strings(node: object, path: tuple[str | int, ...], found: list[tuple[tuple[str | int, ...], str]]) -> None:
    """Add each string in ``node`` to ``found`` with its path, in document order (into a list: a generator
    per level made each value pass through every level above it)."""
    if isinstance(node, str):
        found.append((path, node))
    elif isinstance(node, (dict, list)):
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            if isinstance(value, str):
                found.append(((*path, key), value))
            else:
                _strings(value, (*path, key), found)


def _markdown(body: str, first_line: int) -> list[Sentence]:
    from . import markdown_prose  # a check of YAML files alone never needs it

    return [
        Sentence(text, first_line + first + line, column, where)
        for first, run in markdown_prose.runs(body)
        for text, line, column, where in _run_sentences(run)
    ]


@lru_cache(maxsize=_RUNS_KEPT)
def _run_sentences(run: tuple[Piece, ...]) -> tuple[tuple[str, int, int, str], ...]:
    """The sentences of a run of Markdown pieces, each as (text, line in the run, column, where): kept by the
    run, which comes back for each section of template text a draft repeats."""
    kinds = _markdown_kinds()
    return tuple(
        (text, piece.line + breaks, (1 if breaks else piece.column) + offset, kinds[piece.comment])
        for piece in run
        for text, breaks, offset in _placed_sentences(piece.text, piece.masked)
    )


@cache
def _markdown_kinds() -> dict[str | None, str]:
    """Where a piece of Markdown stands, by the kind of comment markdown_prose says it is."""
    from . import markdown_prose

    return {
        None: VISIBLE,
        markdown_prose.HTML: HTML_COMMENT,
        markdown_prose.JINJA: JINJA_COMMENT,
        markdown_prose.LINK_DEFINITION: LINK_DEFINITION,
    }


def _split(
    text: str, line: int, column: int, where: str, *, key_path: tuple[str | int, ...] | None = None, masked: bool = False
) -> list[Sentence]:
    """Sentences of ``text``, which starts at (line, column) and whose later lines start at column 1; each
    keeps the line and column it starts on. ``masked`` text has blanks where markup stood, which are dropped
    before punctuation."""
    return [
        Sentence(cleaned, line + breaks, (1 if breaks else column) + offset, where, key_path)
        for cleaned, breaks, offset in _placed_sentences(text, masked)
    ]


@lru_cache(maxsize=_SPLITS_KEPT)
def _placed_sentences(text: str, masked: bool) -> tuple[tuple[str, int, int], ...]:
    """Each sentence of ``text`` as (its text, the line breaks before it, its offset in its line): the same
    wherever ``text`` stands, so a text met again (a template's, in every draft) is split once."""
    if "\n" not in text and (len(text) < 2 * LONG_SENTENCE or text.count(" ") < LONG_SENTENCE) and not _SENTENCE_END.search(text):
        # Most YAML values are one line and one sentence, too short to be cut: skip the general splitting.
        cleaned = _cleaned(text, masked) if masked else " ".join(text.split())
        return ((cleaned, 0, len(text) - len(text.lstrip())),) if len(cleaned) >= 3 else ()
    found = []
    position = 0
    scanned = line_start = breaks = 0  # lines are counted as the sentences come, in one pass over the text
    for block in _BLOCK_BREAK.split(text):
        start = text.index(block, position) if block else position
        position = start + len(block)
        for begin, end in _sentence_spans(block):
            piece = block[begin:end]
            cleaned = _cleaned(piece, masked)
            if len(cleaned) < 3:
                continue
            absolute = start + begin + (len(piece) - len(piece.lstrip()))
            more = text.count("\n", scanned, absolute)
            if more:
                breaks += more
                line_start = text.rfind("\n", scanned, absolute) + 1
            scanned = absolute
            found.append((cleaned, breaks, absolute - line_start))
    return tuple(found)


def _cleaned(piece: str, masked: bool) -> str:
    cleaned = " ".join(piece.split())
    return _SPACE_BEFORE_MARK.sub("", cleaned) if masked else cleaned


def _sentence_spans(block: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``block``, long ones cut into clauses."""
    spans = []
    begin = 0
    for match in _SENTENCE_END.finditer(block):
        if block[match.start()] != "." or _full_stop_ends_sentence(block, match):
            spans.append((begin, match.start(1)))
            begin = match.end()
    spans.append((begin, len(block)))
    if block.count(" ") + block.count("\n") < LONG_SENTENCE:
        return spans  # no sentence of it can be long
    return [clause for span in spans for clause in (_clauses(block, *span) if _is_long(block, *span) else (span,))]


def _full_stop_ends_sentence(block: str, match: re.Match[str]) -> bool:
    """Whether the full stop at ``match`` ends a sentence: one after an abbreviation or initials does not."""
    stop = match.start()
    if stop >= 2 and block[stop - 2 : stop].isalpha() and block[stop - 2 : stop + 1].lower() not in _ABBREVIATION_ENDINGS:
        return True  # after two letters (so not initials) that end no abbreviation: most full stops
    return _word_before_ends_sentence(block, match)


def _word_before_ends_sentence(block: str, match: re.Match[str]) -> bool:
    """The whole test of ``_full_stop_ends_sentence``, on the word before the full stop."""
    stop = match.start()
    near = max(0, stop - 20)  # no abbreviation is longer: a long paragraph is not searched back to its start
    word_start = max(block.rfind(" ", near, stop), block.rfind("\n", near, stop), block.rfind("\t", near, stop), near - 1) + 1
    word = block[word_start : stop + 1].lstrip("([{\"'*_")
    lowered = word.lower()
    following = block[match.end()]
    if lowered in _BEFORE_CAPITAL_ONLY:
        return following.isupper()
    if lowered in _BEFORE_FIGURE:
        return not following.isdigit()
    return lowered not in _ABBREVIATIONS and not _INITIALS.fullmatch(word)


def _clauses(block: str, begin: int, end: int) -> list[tuple[int, int]]:
    """The sentence at block[begin:end], cut where its clauses meet when it is longer than LONG_SENTENCE words,
    so that a finding in a run-on sentence points at the line of its own clause."""
    spans = [(begin, end)]
    for breaks in map(re.compile, _CLAUSE_BREAKS):  # compiled on first use only: few sentences are long
        spans = [part for span in spans for part in (_cut(block, *span, breaks) if _is_long(block, *span) else [span])]
    return spans


def _cut(block: str, begin: int, end: int, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    # No clause of fewer than three words: a dash between two words is not a clause boundary.
    last_words = _start_of_last_words(block, begin, end, 3)
    parts = []
    for match in breaks.finditer(block, begin, end):
        if match.end() <= last_words and len(block[begin : match.start()].split()) >= 3:
            parts.append((begin, match.start()))
            begin = match.end()
    parts.append((begin, end))
    return parts


def _start_of_last_words(block: str, begin: int, end: int, count: int) -> int:
    """Where the last ``count`` words of block[begin:end] start (``begin`` if it has fewer), read backwards."""
    index = end
    for _ in range(count):
        while index > begin and block[index - 1].isspace():
            index -= 1
        while index > begin and not block[index - 1].isspace():
            index -= 1
    return index


def _is_long(block: str, begin: int, end: int) -> bool:
    # Counting spaces first spares splitting the many sentences that cannot be long.
    gaps = block.count(" ", begin, end) + block.count("\n", begin, end)
    return gaps >= LONG_SENTENCE and len(block[begin:end].split()) > LONG_SENTENCE
