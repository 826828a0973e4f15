"""Read a content file into a Document: bytes -> text -> (front matter) -> data, never raising.

Every way a file can be unreadable becomes one located Finding on the Document instead of an exception,
so one bad file never stops the rest of the repository from being checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import yaml

from . import yaml12
from .findings import Finding
from .repository import LinkOutside, RefusedFile, SpecialFile, TooLarge, read_content
from .rules import parsing

if TYPE_CHECKING:
    from .positions import Positions
    from .prose import Sentence
    from .rules.rule import Rule

# Why a file was not read, as the rule each reason is reported under.
REFUSALS = {TooLarge: parsing.FILE_TOO_LARGE, LinkOutside: parsing.LINK_OUTSIDE, SpecialFile: parsing.SPECIAL_FILE}
# Aliases let a few lines of YAML stand for billions of nodes; nothing in a policy file needs more than this.
MAX_EXPANDED_NODES = 100_000

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
    if raw is None:
        return document
    text = _decode(raw, document)
    if text is None:
        return document
    document.text = text
    if not text.strip():
        document.findings.append(parsing.EMPTY_FILE.finding(path, 1, 1, "the file is empty"))
        return document
    if syntax == "markdown":
        if not _split_front_matter(document):
            return document
    else:
        document.yaml_text = text
    if syntax == "json":
        _parse_json(document)
    else:
        _parse_yaml(document)
    return document


def _read_bounded(root: Path, document: Document) -> bytes | None:
    try:
        return read_content(root, document.path)
    except RefusedFile as error:
        document.findings.append(REFUSALS[type(error)].finding(document.path, 1, 1, str(error)))
        return None
    except OSError as error:
        document.findings.append(parsing.UNREADABLE.finding(document.path, 1, 1, f"cannot read the file: {error.strerror}"))
        return None


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


def _parse_yaml(document: Document) -> None:
    text = document.yaml_text or ""
    offset = document.yaml_line - 1
    try:
        data = yaml12.load(text)
    except yaml12.DuplicateKeyError as error:
        document.findings.append(_marked(parsing.DUPLICATE_KEY, document, error, offset))
        return
    except yaml.MarkedYAMLError as error:
        document.findings.append(_marked(parsing.YAML_SYNTAX, document, error, offset))
        return
    except (yaml.YAMLError, RecursionError) as error:
        message = "the YAML is nested too deeply to read" if isinstance(error, RecursionError) else str(error)
        document.findings.append(parsing.YAML_SYNTAX.finding(document.path, document.yaml_line, 1, message))
        return
    if "&" in text and _expands_too_far(data):
        line = yaml12.first_alias_line(text) + offset
        message = f"aliases here expand to more than {MAX_EXPANDED_NODES:,} nodes or refer to themselves; write the values out"
        document.findings.append(parsing.YAML_ALIAS.finding(document.path, line, 1, message))
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


def _parse_json(document: Document) -> None:
    try:
        document.data = json.loads(document.text or "")
    except json.JSONDecodeError as error:
        document.findings.append(parsing.JSON_SYNTAX.finding(document.path, error.lineno, error.colno, error.msg))
    except RecursionError:
        document.findings.append(parsing.JSON_SYNTAX.finding(document.path, 1, 1, "the JSON is nested too deeply to read"))


def _expands_too_far(data: object) -> bool:
    """True when the tree, with every alias written out, exceeds the node budget or contains itself."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: object) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        ident = id(node)
        if ident in sizes:
            return sizes[ident]
        if ident in in_progress:
            return MAX_EXPANDED_NODES + 1
        in_progress.add(ident)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                break
        in_progress.discard(ident)
        sizes[ident] = total
        return total

    try:
        return size(data) > MAX_EXPANDED_NODES
    except RecursionError:
        return True
