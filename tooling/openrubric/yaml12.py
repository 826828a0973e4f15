"""A fast YAML loader: libyaml's C parser with YAML 1.2 core-schema scalars and duplicate-key detection.

Most files in a policy repository are clean, so reading them is the hot path: this loader is the floor
PyYAML's C loader sets, plus two things policy files need. Scalars follow YAML 1.2 (only true/false are
booleans and dates stay strings, so ``effective: 2026-01-01`` validates as a date string and ``no`` is
not False), and a key given twice is an error instead of silently keeping the last value.
Positions for messages come from ruamel.yaml, and only for files that have something to report.
"""

from __future__ import annotations

import re
from typing import Callable

import yaml
from yaml.constructor import ConstructorError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A longer integer does not fit in a float (about 1.8e308), so no arithmetic on it can give a finite number.
MAX_INT_DIGITS = 308


class DuplicateKeyError(ConstructorError):
    """A mapping names the same key twice."""


class Loader(_Base):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        mapping = super().construct_mapping(node, deep=deep)
        # Fewer keys than entries means one collapsed into another: look for it only then, as it is rare.
        if len(mapping) < len(node.value):
            _raise_duplicate(self, node)
        return mapping

    # Most scalars of a policy file are words. Both shortcuts below give what PyYAML's general path gives, for
    # a fraction of its cost, so that reading a file costs less than PyYAML's own C loader does.
    def construct_object(self, node, deep=False):  # type: ignore[no-untyped-def]
        if node.tag == _STR and type(node) is yaml.ScalarNode:
            return node.value  # a string is its value; the general path also keeps it by node, to no purpose
        return super().construct_object(node, deep=deep)

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
        # A plain scalar whose first character starts no implicit type is a string, as every resolver would say.
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _TYPED_STARTS:
            return _STR
        return super().resolve(kind, value, implicit)


def _raise_duplicate(loader: Loader, node: yaml.MappingNode) -> None:
    seen: dict[object, yaml.Mark] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        if key in seen:
            first = seen[key].line + 1
            raise DuplicateKeyError(None, None, f"duplicate key '{key_node.value}' (first given on line {first})", key_node.start_mark)
        seen[key] = key_node.start_mark


def _construct_int(loader: Loader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    digits = len(text.lstrip("+-"))
    if digits > MAX_INT_DIGITS:
        message = f"this integer has {digits:,} digits; numbers in policy files may have at most {MAX_INT_DIGITS}"
        raise ConstructorError(None, None, message, node.start_mark)
    return int(text, 10)


def _located(construct: Callable[[Loader, yaml.ScalarNode], object]) -> Callable[[Loader, yaml.ScalarNode], object]:
    """``construct``, with a value its tag cannot hold (``!!int ten``) reported at the value instead of raised."""

    def construct_or_report(loader: Loader, node: yaml.ScalarNode) -> object:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, OverflowError):
            raise ConstructorError(None, None, f"'{str(node.value)[:40]}' is not a valid {node.tag.rsplit(':', 1)[-1]}", node.start_mark) from None

    return construct_or_report


# YAML 1.2 core schema, replacing PyYAML's YAML 1.1 resolvers (yes/no/on/off booleans, timestamps,
# sexagesimal and octal integers, merge keys).
Loader.yaml_implicit_resolvers = {}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
Loader.add_constructor("tag:yaml.org,2002:int", _located(_construct_int))
Loader.add_constructor("tag:yaml.org,2002:float", _located(Loader.yaml_constructors["tag:yaml.org,2002:float"]))
Loader.add_constructor("tag:yaml.org,2002:bool", lambda loader, node: loader.construct_scalar(node).lower() == "true")
_STR = "tag:yaml.org,2002:str"
# The first characters of the implicit types above; there is no resolver for any first character (a None key).
_TYPED_STARTS = frozenset(Loader.yaml_implicit_resolvers)
assert None not in _TYPED_STARTS and not Loader.yaml_path_resolvers  # noqa: S101 - what Loader.resolve relies on
# YAML 1.1 types that JSON has no word for: an explicit tag asking for one is an unknown tag, reported at the value.
for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    del Loader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]


def load(text: str) -> object:
    """Parse one YAML document; raises yaml.YAMLError (with a problem_mark) on bad input."""
    return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a safe loader


def line_deeper_than(text: str, limit: int) -> int | None:
    """The 1-based line where collections first nest more than ``limit`` deep, or None if they never do."""
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                return event.start_mark.line + 1 if event.start_mark is not None else None
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def first_alias_line(text: str) -> int:
    """The 1-based line of the first alias, to point at when aliases expand too far."""
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return event.start_mark.line + 1
    return 1
