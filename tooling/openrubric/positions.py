"""Where a value sits in a YAML or JSON file, found through ruamel.yaml's round-trip positions.

Round-trip parsing is several times slower than the fast loader, so it runs only for a file that has a
finding to place, once per file.
"""

from __future__ import annotations

from typing import Sequence

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError


class _ScalarsAsText(RoundTripConstructor):
    """Only the shape of the tree matters here: never fail on a value (``2026-02-30`` is no date)."""


_ScalarsAsText.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)



class Positions:
    def __init__(self, text: str, *, json: bool = False) -> None:
        parser = YAML(typ="rt")
        parser.allow_duplicate_keys = True
        parser.Constructor = _ScalarsAsText
        try:
            # JSON is YAML 1.2, except that YAML forbids tabs as white space; a space keeps columns true.
            self._tree = parser.load(text.replace("\t", " ") if json else text)
        except (YAMLError, RecursionError, ValueError):
            self._tree = None

    def locate(self, where: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of ``where``: of a scalar value, or of the key that holds a container.

        When the path leaves the tree (a missing key), the deepest position reached is returned, so a
        "missing key" finding points at the mapping that lacks it.
        """
        node = self._tree
        line, column = 0, 0
        for index, part in enumerate(where):
            last = index == len(where) - 1
            if isinstance(node, CommentedMap) and part in node:
                key_line, key_column, value_line, value_column = node.lc.data[part]
                child = node[part]
                at_key = (key and last) or isinstance(child, (CommentedMap, CommentedSeq))
                line, column = (key_line, key_column) if at_key else (value_line, value_column)
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, column = node.lc.data[part]
                child = node[part]
            else:
                break
            node = child
        return line + 1, column + 1
