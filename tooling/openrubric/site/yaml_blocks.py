"""Reading the many versions of a YAML file in a long history, each top-level key's block parsed once.

A commit to `policy/guardrails.yaml` mostly changes one small part of it, yet the whole file is a new blob,
and parsing it whole for each of two thousand commits is most of what the history page costs. A block-style
YAML mapping's top-level keys start at column 0 and their content is indented below them, so each key's
block is a YAML document of its own; and where its value is itself a block mapping, each of that mapping's
keys, under the same first line, is one too. Each distinct piece is parsed once, by the same reader as every
file (`snapshots.parse_files`), and the file's data is the pieces' mappings joined in order.

Whatever this cannot read the same way is read whole instead: a file with directives, document markers, a
byte-order mark, carriage returns or a top-level sequence, a block that does not parse to a mapping of one
key (an alias to another block's anchor, say), a key given twice, and a file over the size limit. So a file
is read as `openrubric check` reads it, with its own messages when it cannot be read.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from itertools import pairwise

from .. import snapshots
from ..repository import MAX_FILE_BYTES

CACHED_BLOCKS = 256  # the blocks kept: enough for changes that go back and forth, bounded for long histories
_TOP_LEVEL_LINE = re.compile(rb"^[^\s#]", re.M)  # a line at column 0 that is neither blank nor a comment
_HEADER = re.compile(rb"[A-Za-z_][\w-]*:[ \t]*(?:#[^\n]*)?\n")  # `key:` alone on its line, maybe with a comment
_INDENTED_LINE = re.compile(rb"^( +)[^\s#]", re.M)
# A line starting with `%`, `-` or `.`: a directive, a document marker or a top-level sequence (or, rarely, a
# key that starts so, which costs only a whole read).
_MARKED_LINE = re.compile(rb"\n[-%.]")


class BlockReader:
    """Parses versions of content files; remembers the parse of recent top-level YAML blocks."""

    def __init__(self) -> None:
        self._blocks: OrderedDict[tuple[str, bytes], dict[object, object]] = OrderedDict()

    def parse(self, path: str, raw: bytes) -> snapshots.Snapshot:
        """The file read as `snapshots.parse_files` reads it."""
        if not path.endswith((".yaml", ".yml")) or len(raw) > MAX_FILE_BYTES or _whole_only(raw):
            return snapshots.parse_files({path: raw})
        data: dict[object, object] = {}
        for block in _blocks(raw):
            mapping = self._nested(path, block) or self._block(path, block)
            if mapping is None or any(key in data for key in mapping):
                return snapshots.parse_files({path: raw})
            data.update(mapping)
        if not data:
            return snapshots.parse_files({path: raw})
        return snapshots.Snapshot("", data={path: data})

    def _nested(self, path: str, block: bytes) -> dict[object, object] | None:
        """A top-level key whose value is a block mapping, read key by key of that mapping; None otherwise."""
        cut = _nested_pieces(block)
        if cut is None:
            return None
        header, pieces = cut
        inner: dict[object, object] = {}
        for piece in pieces:
            mapping = self._block(path, header + piece)
            value = next(iter(mapping.values())) if mapping else None
            if not isinstance(value, dict) or any(key in inner for key in value):
                return None
            inner.update(value)
        return {next(iter(mapping)): inner} if mapping else None

    def _block(self, path: str, block: bytes) -> dict[object, object] | None:
        key = (path, block)
        if key in self._blocks:
            self._blocks.move_to_end(key)
            return self._blocks[key]
        parsed = snapshots.parse_files({path: block})
        mapping = parsed.data.get(path)
        if parsed.unreadable or not isinstance(mapping, dict) or len(mapping) != 1:
            return None
        self._blocks[key] = mapping
        if len(self._blocks) > CACHED_BLOCKS:
            self._blocks.popitem(last=False)
        return mapping


def _whole_only(raw: bytes) -> bool:
    """Whether the file has something its blocks might not read as the whole file does."""
    return raw[:1] in (b"-", b"%", b".", b"\xef") or b"\r" in raw or _MARKED_LINE.search(raw) is not None


def _nested_pieces(block: bytes) -> tuple[bytes, list[bytes]] | None:
    """A block `key:` + newline + an indented mapping, as its first line and the mapping cut before each key at
    the first key's indentation (a `- ` item at that indentation stays with the key above it)."""
    header = _HEADER.match(block)
    if header is None:
        return None
    body = block[header.end() :]
    first = _INDENTED_LINE.search(body)
    if first is None or body[first.end() - 1 : first.end()] == b"-":
        return None
    starts = [match.start() for match in re.finditer(rb"^" + first.group(1) + rb"[^\s#-]", body, re.M)]
    return block[: header.end()], [body[start:end] for start, end in pairwise([0, *starts[1:], len(body)])]


def _blocks(raw: bytes) -> list[bytes]:
    """The file cut before each line at column 0; comments and blank lines ahead of the first go with it."""
    starts = [match.start() for match in _TOP_LEVEL_LINE.finditer(raw)]
    if not starts:
        return []
    cuts = [0, *starts[1:], len(raw)]
    return [raw[start:end] for start, end in pairwise(cuts)]
