"""What a ``schema`` finding says: a jsonschema error placed at the key or value at fault (each unknown key, each
missing one), in words a policy owner reads rather than jsonschema's own, which repeat the whole value."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterator

from jsonschema.exceptions import ValidationError, best_match

from ..findings import Finding
from ..schemas import declared, finite
from .rule import dotted
from .schema import SCHEMA

if TYPE_CHECKING:
    from ..loading import Document

_MAX_SHOWN = 80


def non_finite_numbers(document: Document) -> list[Finding]:
    """A finding at each NaN, infinity or integer beyond the double range in a schema file."""
    return [
        SCHEMA.at(document, where, f"{dotted(where)}: JSON numbers are finite, found {_non_finite(number)}")
        for where, number in _non_finite_numbers(document.data)
    ]


def _non_finite_numbers(data: object) -> Iterator[tuple[list[str | int], float]]:
    """Where ``data`` holds NaN, an infinity or an integer beyond the double range (Python's json reads NaN and
    Infinity, which JSON does not have), in document order. Iterative: the data may be nested deeply."""
    stack: list[tuple[list[str | int], object]] = [([], data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, (dict, list)):
            children = list(node.items() if isinstance(node, dict) else enumerate(node))
            stack += [([*where, key], child) for key, child in reversed(children)]
        elif isinstance(node, (int, float)) and not isinstance(node, bool) and not finite(node):
            yield where, node


def located(document: Document, error: ValidationError) -> Iterator[Finding]:
    """The findings for one error: each placed at the key or value at fault."""
    if error.context:
        error = best_match(error.context)
    where = list(error.absolute_path)
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        for extra in _unknown_keys(error):
            expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
            yield SCHEMA.at(document, [*where, extra], f"{dotted(where)}: unknown key '{extra}'{expected}", key=True)
        return
    if error.validator == "required" and isinstance(error.instance, dict) and isinstance(error.validator_value, list):
        for missing in (key for key in error.validator_value if key not in error.instance):
            yield SCHEMA.at(document, where, f"{dotted(where)}: missing required key '{missing}'", key=True)
        return
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        # The error is about a key, which jsonschema leaves out of the path: point at that key.
        yield SCHEMA.at(document, [*where, error.instance], f"{dotted(where)}: key {_describe(error)}", key=True)
        return
    yield SCHEMA.at(document, where, f"{dotted(where)}: {_describe(error)}")


def _unknown_keys(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [key for key in instance if not declared(key, schema)]


def _describe(error: ValidationError) -> str:
    if error.validator == "type":
        number = error.instance
        if isinstance(number, (int, float)) and not isinstance(number, bool) and not finite(number):
            wanted = "an integer" if error.validator_value == "integer" else "a finite number"
            return f"expected {wanted}, found {_non_finite(number)}"
        return f"expected {_type_names(error.validator_value)}, found {_type_names(_json_type(error.instance))}"
    if error.validator == "format" and error.cause is not None:
        name = str(error.validator_value)
        return f"{_shown(error.instance)} is not a valid {_FORMAT_NAMES.get(name, name)}: {error.cause}"
    if error.validator in ("enum", "const"):
        values = error.validator_value
        allowed = values if error.validator == "enum" and isinstance(values, list) else [values]
        return f"{_shown(error.instance)} is not allowed; use one of: {', '.join(map(str, allowed))}"
    if error.validator == "pattern":
        title = error.schema.get("description") or error.schema.get("title") if isinstance(error.schema, dict) else None
        hint = f" ({title})" if title else ""
        return f"{_shown(error.instance)} does not match the pattern {error.validator_value}{hint}"
    if error.validator in _COUNTS and isinstance(error.instance, (list, dict, str)):
        return _count_problem(error)
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."


# Keywords that bound how many items, keys or characters a value has: jsonschema's message repeats the whole
# value first, so a long list would push the reason out of the message.
_COUNTS = {
    "minItems": ("at least", "item"),
    "maxItems": ("at most", "item"),
    "minProperties": ("at least", "key"),
    "maxProperties": ("at most", "key"),
    "minLength": ("at least", "character"),
    "maxLength": ("at most", "character"),
}


def _count_problem(error: ValidationError) -> str:
    bound, unit = _COUNTS[str(error.validator)]
    limit, found = error.validator_value, len(error.instance)  # type: ignore[arg-type]
    plural = "" if limit == 1 else "s"
    return f"has {found} {unit}{'' if found == 1 else 's'}; {bound} {limit} {unit}{plural} allowed"


_FORMAT_NAMES = {"regex": "ECMA-262 regular expression", "python-regex": "Python regular expression"}


def _non_finite(value: object) -> str:
    if not isinstance(value, float):
        return "an integer too large to be a finite number"
    return "NaN (not a number)" if math.isnan(value) else f"{'-' if value < 0 else ''}infinity"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _type_names(value: object) -> str:
    names = value if isinstance(value, list) else [value]
    return " or ".join(f"a{'n' if str(name)[0] in 'aeiou' else ''} {name}" for name in names)
