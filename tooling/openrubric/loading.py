"""Read a content file into a Document: bytes -> text -> (front matter) -> data, never raising.

Every way a file can be unreadable becomes one located Finding on the Document instead of an exception,
so one bad file never stops the rest of the repository from being checked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import yaml

from . import cache, yaml12
from .findings import Finding
from .repository import MAX_FILE_BYTES, LinkOutside, RefusedFile, SpecialFile, TooLarge, read_content
from .rules import parsing

if TYPE_CHECKING:
    from .positions import Positions
    from .prose import Sentence
    from .rules.rule import Rule

# Why a file was not read, as the rule each reason is reported under.
REFUSALS = {TooLarge: parsing.FILE_TOO_LARGE, LinkOutside: parsing.LINK_OUTSIDE, SpecialFile: parsing.SPECIAL_FILE}
# Aliases let a few lines of YAML stand for billions of nodes; nothing in a policy file needs more than this.
MAX_EXPANDED_NODES = 100_000
# Every reader of the data (schema validation, the rules) walks it recursively: a bound on nesting keeps them all
# far from Python's recursion limit. The repository's own files nest at most 6 deep.
MAX_DEPTH = 32

PathPart = str | int


@dataclass
class Document:
    """One content file. ``data`` is None when the file could not be read; ``findings`` then says why."""

    path: str
    kind: str
    syntax: str
    text: str | None = None
    data: object = None
    yaml_text: str | None = None  # the YAML part: whole file, or the front matter of a Markdown file
    yaml_line: int = 1  # line of the file where yaml_text starts
    body: str = ""  # Markdown body after the front matter
    body_line: int = 1
    findings: list[Finding] = field(default_factory=list)
    sentences: list[Sentence] | None = None  # filled by prose.sentences on first use
    _positions: Positions | None = field(default=None, repr=False)

    @property
    def readable(self) -> bool:
        return self.data is not None and not self.findings

    def locate(self, where: Sequence[PathPart] = (), *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``where``, or of its key when ``key`` is set."""
        if self.yaml_text is None:
            return 1, 1
        if self._positions is None:
            from .positions import Positions  # ruamel.yaml is needed only for files with findings

            self._positions = Positions(self.yaml_text, json=self.syntax == "json")
        line, column = self._positions.locate(where, key=key)
        return line + self.yaml_line - 1, column


def load_document(root: Path, path: str, *, kind: str, syntax: str) -> Document:
    document = Document(path=path, kind=kind, syntax=syntax)
    raw = _read_bounded(root, document)
    if raw is not None:
        _parse(raw, document)
    return document


def document_from_bytes(path: str, raw: bytes, *, kind: str, syntax: str) -> Document:
    """A Document from bytes read elsewhere (a blob at a git revision), read exactly as ``load_document`` reads
    a file, so that the diff and the check agree on what each file holds."""
    document = Document(path=path, kind=kind, syntax=syntax)
    if not _too_large(len(raw), document):
        _parse(raw, document)
    return document


def _parse(raw: bytes, document: Document) -> None:
    path, syntax = document.path, document.syntax
    text = _decode(raw, document)
    if text is None:
        return
    document.text = text
    if not text.strip():
        document.findings.append(parsing.EMPTY_FILE.finding(path, 1, 1, "the file is empty"))
        return
    if syntax == "markdown":
        if not _split_front_matter(document):
            return
    else:
        document.yaml_text = text
    if syntax == "json":
        _parse_json(document)
    else:
        _parse_yaml(document)


def _read_bounded(root: Path, document: Document) -> bytes | None:
    try:
        return read_content(root, document.path)
    except RefusedFile as error:
        document.findings.append(REFUSALS[type(error)].finding(document.path, 1, 1, str(error)))
        return None
    except OSError as error:
        document.findings.append(parsing.UNREADABLE.finding(document.path, 1, 1, f"cannot read the file: {error.strerror}"))
        return None


def _too_large(size: int, document: Document) -> bool:
    if size <= MAX_FILE_BYTES:
        return False
    message = f"the file is {size:,} bytes; content files may be at most {MAX_FILE_BYTES:,} bytes"
    document.findings.append(parsing.FILE_TOO_LARGE.finding(document.path, 1, 1, message))
    return True


def _decode(raw: bytes, document: Document) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"
        document.findings.append(parsing.ENCODING.finding(document.path, line, column, message))
        return None


def _split_front_matter(document: Document) -> bool:
    text = document.text or ""
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != "---" and document.kind == "page":  # MkDocs pages need no front matter
        document.data, document.body = {}, text
        return False
    if lines[0].rstrip() != "---":
        message = "a Markdown content file must start with YAML front matter between '---' lines"
        document.findings.append(parsing.FRONT_MATTER.finding(document.path, 1, 1, message))
        return False
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            document.yaml_text = "".join(lines[1:index])
            document.yaml_line = 2
            document.body = "".join(lines[index + 1 :])
            document.body_line = index + 2
            return True
    document.findings.append(parsing.FRONT_MATTER.finding(document.path, 1, 1, "the front matter opened here is never closed with '---'"))
    return False


# The policy files every run reads, whose parsed data a run may keep for the next (cache.py); never a narrative,
# which is personal data and must not be copied out of the repository.
_KEPT_KINDS = frozenset({"guardrails", "rubric", "metrics", "changelog"})


def _parse_yaml(document: Document) -> None:
    text = document.yaml_text or ""
    worth_keeping = document.kind in _KEPT_KINDS and len(text) >= cache.WORTH_KEEPING
    entry_key = cache.key(text) if worth_keeping else None
    kept = cache.fetch("yaml", entry_key)
    if kept is not None:  # a large file an earlier run parsed: most pre-commit runs read the guardrails unchanged
        document.data = kept
        return
    _parse_yaml_text(document, text)
    if document.data is not None:
        cache.keep("yaml", entry_key, document.data)


def _parse_yaml_text(document: Document, text: str) -> None:
    offset = document.yaml_line - 1
    try:
        data = yaml12.load(text)
    except yaml12.DuplicateKeyError as error:
        document.findings.append(_marked(parsing.DUPLICATE_KEY, document, error, offset))
        return
    except yaml.MarkedYAMLError as error:
        document.findings.append(_marked(parsing.YAML_SYNTAX, document, error, offset))
        return
    except RecursionError:
        document.findings.append(_too_deep(parsing.YAML_SYNTAX, document, text))
        return
    except yaml.YAMLError as error:
        document.findings.append(parsing.YAML_SYNTAX.finding(document.path, document.yaml_line, 1, str(error)))
        return
    has_aliases = "&" in text
    if has_aliases or _may_nest_too_deep(text):
        nodes, depth = _measure(data)
        if has_aliases and nodes > MAX_EXPANDED_NODES:
            line = yaml12.first_alias_line(text) + offset
            message = f"aliases here expand to more than {MAX_EXPANDED_NODES:,} nodes or refer to themselves; write the values out"
            document.findings.append(parsing.YAML_ALIAS.finding(document.path, line, 1, message))
            return
        if depth > MAX_DEPTH:
            document.findings.append(_too_deep(parsing.YAML_SYNTAX, document, text))
            return
    if data is None:
        document.findings.append(parsing.EMPTY_FILE.finding(document.path, document.yaml_line, 1, "the YAML holds no data"))
        return
    document.data = data


def _marked(rule: Rule, document: Document, error: yaml.MarkedYAMLError, offset: int) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
    return rule.finding(document.path, line, column, message)


class _NumberTooLong(ValueError):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _json_int(literal: str) -> int:
    if len(literal.lstrip("-")) > yaml12.MAX_INT_DIGITS:
        raise _NumberTooLong(literal)
    return int(literal)


def _parse_json(document: Document) -> None:
    text = document.text or ""
    try:
        data = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as error:
        document.findings.append(parsing.JSON_SYNTAX.finding(document.path, error.lineno, error.colno, error.msg))
        return
    except _NumberTooLong as error:
        before = text[: max(text.find(error.literal), 0)]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        message = f"this integer has {len(error.literal.lstrip('-')):,} digits; numbers in policy files may have at most {yaml12.MAX_INT_DIGITS}"
        document.findings.append(parsing.JSON_SYNTAX.finding(document.path, line, column, message))
        return
    except RecursionError:
        document.findings.append(_too_deep(parsing.JSON_SYNTAX, document, text))
        return
    if _may_nest_too_deep(text) and _measure(data)[1] > MAX_DEPTH:
        document.findings.append(_too_deep(parsing.JSON_SYNTAX, document, text))
        return
    document.data = data


def _too_deep(rule: Rule, document: Document, text: str) -> Finding:
    """A finding at the line where ``text`` (the YAML part of ``document``) first nests deeper than MAX_DEPTH."""
    found: int | None
    if document.syntax == "json":
        found = _json_line_deeper_than(text, MAX_DEPTH)
    else:
        try:
            found = yaml12.line_deeper_than(text, MAX_DEPTH)
        except yaml.YAMLError:
            found = None
        if found is None and "&" in text:  # deep only through aliases: point at the first
            found = yaml12.first_alias_line(text)
    line = found or 1
    message = f"the data nests more than {MAX_DEPTH} levels deep; policy files need far fewer"
    return rule.finding(document.path, line + document.yaml_line - 1, 1, message)


def _json_line_deeper_than(text: str, limit: int) -> int | None:
    depth = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, token.start()) + 1
        elif bracket in "]}":
            depth -= 1
    return None


# Besides "\n" and "\r", YAML 1.1 (libyaml) breaks lines at NEL and the Unicode line and paragraph separators.
_RARE_BREAKS = ("\x85", "\u2028", "\u2029")


def _may_nest_too_deep(text: str) -> bool:
    """False when ``text`` surely nests at most MAX_DEPTH deep: a bound read from the text in C, cheaper than
    walking the data. Flow collections nest by brackets; block collections by indentation, where each level
    starts to the right of its parent's, but for a sequence under a key, which may start in the key's column."""
    flows = text.count("[") + text.count("{")
    if flows >= MAX_DEPTH or ("\r" in text and text.count("\r") != text.count("\r\n")) or any(mark in text for mark in _RARE_BREAKS):
        return True  # deep, or lines broken in ways the search below does not see
    lead = rf"[ \t?:-]{{{max((MAX_DEPTH - flows) // 2 - 1, 0)},}}"
    # "\n" before the run, not "^" with re.M: a literal prefix lets the regex engine skip ahead, 8 times faster.
    return re.match(lead, text) is not None or re.search(rf"\n{lead}", text) is not None


def _measure(data: object) -> tuple[int, int]:
    """Nodes and depth of the tree with every alias written out. Counting stops at MAX_EXPANDED_NODES and
    MAX_DEPTH, so a tree that contains itself or nests far too deep is measured in bounded time and stack."""
    measured: dict[int, tuple[int, int]] = {}
    in_progress: set[int] = set()

    def measure(node: object, depth: int) -> tuple[int, int]:
        if not isinstance(node, (dict, list)):
            return 1, 0
        ident = id(node)
        if ident in measured:
            return measured[ident]
        if ident in in_progress:
            return MAX_EXPANDED_NODES + 1, 0
        if depth >= MAX_DEPTH:
            return 1, MAX_DEPTH + 1
        in_progress.add(ident)
        nodes, height = 1, 1
        for child in node.values() if isinstance(node, dict) else node:
            child_nodes, child_height = measure(child, depth + 1)
            nodes, height = nodes + child_nodes, max(height, child_height + 1)
            if nodes > MAX_EXPANDED_NODES or depth + height > MAX_DEPTH:
                break
        in_progress.discard(ident)
        measured[ident] = (nodes, height)
        return nodes, height

    return measure(data, 0)
