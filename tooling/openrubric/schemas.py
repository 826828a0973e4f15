"""The JSON Schemas in force (see ``packaged``), resolved against each other locally through a referencing
registry: a ``$ref`` such as ``common.schema.json#/$defs/id`` names a schema by its file name.

The packaged schemas have no ``$id``, so every tool takes the file's own location as their base: a relative
``$ref`` then names the file beside it, and check-jsonschema or an editor's YAML language server validate
offline with them as openrubric does.

Validation follows the JSON Schema specification where Python's defaults differ from it: every ``pattern``
is an ECMA-262 regular expression (so ``^L[0-9]+$`` does not accept ``"L6\\n"``, as Python's ``re`` would),
and a number is finite (YAML's ``.nan`` and ``.inf`` are not numbers a rubric can compute with).
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Iterator, Protocol

import regress
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import extend, validator_for
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT202012

if TYPE_CHECKING:
    from referencing._core import Resolver

    from .loading import Document


def _refuse_retrieval(uri: str) -> Resource[Any]:
    # Schemas may only point at each other: never fetch anything over the network.
    raise NoSuchResource(uri)


class Schemas:
    """Validators for the schemas in force, built on first use."""

    def __init__(self, documents: list[Document], *, invalid: set[str]) -> None:
        """``documents`` are the schemas in force, one per file name; ``invalid`` names those known to break the
        metaschema: they validate nothing."""
        self._invalid = invalid
        self._by_name: dict[str, dict[str, Any]] = {}
        self._paths = {document.path.rsplit("/", 1)[-1]: document.path for document in documents}
        resources = []
        for document in documents:
            if not isinstance(document.data, dict) or document.findings:
                continue
            name = document.path.rsplit("/", 1)[-1]
            self._by_name[name] = document.data
            if isinstance(document.data.get("$schema", ""), str):
                resource = Resource.from_contents(document.data, default_specification=DRAFT202012)
                # By file name, which relative references use; also by an `$id` that differs (an absolute one).
                uris = {name, document.data["$id"]} if isinstance(document.data.get("$id"), str) else {name}
                resources += [(uri, resource) for uri in sorted(uris)]
        self._registry: Registry[Any] = Registry(retrieve=_refuse_retrieval).with_resources(resources)  # type: ignore[call-arg]
        self._validators: dict[tuple[str, bool], Validator | None] = {}

    def path(self, name: str) -> str:
        """Where the schema ``name`` in force was read from: ``schemas/<name>`` or the packaged copy."""
        return self._paths.get(name, f"schemas/{name}")

    def validator(self, name: str, *, regex_format: bool = True) -> Validator | None:
        """The validator for the schema ``name``, or None when that schema is missing or itself invalid.

        Without ``regex_format``, values declared as regular expressions are not compiled to check them:
        that is most of the cost of validating the guardrails, and it is wasted on a file that was not
        asked for, whose findings are not reported and whose expressions are compiled when used anyway."""
        key = (name, regex_format)
        if key not in self._validators:
            schema = self._by_name.get(name)
            if schema is None or name in self._invalid:
                self._validators[key] = None
            else:
                self._validators[key] = self._build(name, schema, regex_format)
        return self._validators[key]

    def _build(self, name: str, schema: dict[str, Any], regex_format: bool) -> Validator | None:
        cls = _spec_conformant(_dialect(schema))
        checker = _formats(cls.FORMAT_CHECKER, regexes=regex_format)
        try:
            return cls(self._inlined(name, schema), registry=self._registry, format_checker=checker)
        except (AttributeError, TypeError, ValueError):
            # A committed schema not asked for is trusted unchecked; one this broken ("$id": true) validates
            # nothing, as an invalid one does. Checking it against the metaschema says why.
            return None

    def _inlined(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        """``schema`` with its references resolved once, or as it is when they cannot be (recursive, broken).
        Its base is its ``$id`` when it has one, else its file name, as for a tool reading the file."""
        base = schema.get("$id")
        try:
            inlined: dict[str, Any] = _inline_refs(schema, self._registry.resolver(base_uri=base if isinstance(base, str) else name), frozenset())
            return inlined
        except (_RecursiveReference, Unresolvable):
            return schema
        except (AttributeError, TypeError, ValueError):  # a subschema of the wrong type: validation will say where
            return schema


def matches(pattern: str, text: str) -> bool:
    """Whether the ECMA-262 regular expression ``pattern`` matches somewhere in ``text``, as JSON Schema's
    ``pattern`` means; raises regress.RegressError when ``pattern`` is not one."""
    return _ecma(pattern).find(text) is not None


@lru_cache(maxsize=1024)
def _ecma(pattern: str) -> regress.Regex:
    # The "u" flag: JSON Schema asks for Unicode-aware patterns, as check-jsonschema compiles them.
    return regress.Regex(pattern, flags="u")


def finite(value: float) -> bool:
    """Whether a number is finite as a double: not NaN, not infinite, not an integer beyond the double range
    (JSON readers in other languages, and the composite score, would turn it into infinity)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


# Formats whose value is a regular expression, asserted by compiling it in the engine that will run it:
# `regex` is ECMA-262 as JSON Schema defines it (a schema's `pattern`); `python-regex` is for policy values
# that openrubric itself compiles with Python's re (the guardrails' patterns).
_REGEX_FORMATS = {
    "regex": (lambda value: not isinstance(value, str) or bool(_ecma(value)), regress.RegressError),
    "python-regex": (lambda value: not isinstance(value, str) or bool(re.compile(value)), re.error),
}


def _formats(base: FormatChecker, *, regexes: bool) -> FormatChecker:
    checker = FormatChecker(formats=[name for name in base.checkers if name not in _REGEX_FORMATS])
    if regexes:
        for name, (check, raises) in _REGEX_FORMATS.items():
            checker.checks(name, raises=raises)(check)
    return checker


class _Descending(Validator, Protocol):
    """What a keyword's implementation is handed: a validator that can apply a subschema to part of the
    instance (jsonschema's documented way to extend it; its stubs' protocol leaves the method out)."""

    def descend(self, instance: object, schema: object, path: str | int | None = None, schema_path: str | int | None = None) -> Iterator[ValidationError]: ...


def _pattern(validator: Validator, pattern: str, instance: object, schema: object) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: _Descending, patterns: dict[str, Any], instance: object, schema: object) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if isinstance(key, str) and matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: _Descending, allowed: Any, instance: object, schema: dict[str, Any]) -> Iterator[ValidationError]:
    # jsonschema's own version tells pattern properties apart with Python's re: ours with the same ECMA
    # semantics as `patternProperties`.
    if not isinstance(instance, dict):
        return
    extras = [key for key in instance if not declared(key, schema)]
    if isinstance(allowed, dict):
        for extra in extras:
            yield from validator.descend(instance[extra], allowed, path=extra)
    elif allowed is False and extras:
        yield ValidationError(f"Additional properties are not allowed ({', '.join(map(repr, extras))} unexpected)")


def declared(key: object, schema: dict[str, Any]) -> bool:
    """Whether ``key`` is one of the object schema's ``properties`` or matches its ``patternProperties``
    (a YAML key that is not a string, such as ``1``, matches no pattern)."""
    if key in schema.get("properties", {}):
        return True
    return isinstance(key, str) and any(matches(pattern, key) for pattern in schema.get("patternProperties", {}))


@cache
def _spec_conformant(cls: type[Validator]) -> type[Validator]:
    """``cls`` with ECMA-262 patterns and finite numbers (see the module's docstring)."""
    types = cls.TYPE_CHECKER
    finite_types = types.redefine_many(
        {name: lambda _, value, name=name: types.is_type(value, name) and finite(value) for name in ("number", "integer")}
    )
    keywords = {"pattern": _pattern, "patternProperties": _pattern_properties, "additionalProperties": _additional_properties}
    extended: type[Validator] = extend(cls, validators=keywords, type_checker=finite_types)  # type: ignore[no-untyped-call]
    return extended


# Keywords that only annotate: a $ref target and its siblings may both have them without conflict.
_ANNOTATIONS = {"title", "description", "examples", "$comment", "default", "deprecated"}
# Keywords whose values are maps of names to subschemas, not subschemas themselves.
_SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}


class _RecursiveReference(Exception):
    """A schema refers to itself; such schemas are validated as written."""


def _inline_refs(node: Any, resolver: Resolver[Any], seen: frozenset[int]) -> Any:
    """The schema with each ``$ref`` replaced by the subschema it points to.

    jsonschema looks a reference up (joining URIs) every time it meets one, which made validating a
    narrative three times slower than parsing it. Resolving each once here leaves the same rules, so the
    same errors at the same instance paths.
    """
    if isinstance(node, list):
        return [_inline_refs(item, resolver, seen) for item in node]
    if not isinstance(node, dict):
        return node
    inlined = {
        key: {name: _inline_refs(sub, resolver, seen) for name, sub in value.items()}
        if key in _SCHEMA_MAPS and isinstance(value, dict)
        else _inline_refs(value, resolver, seen)
        for key, value in node.items()
        if key != "$ref"
    }
    reference = node.get("$ref")
    if not isinstance(reference, str):
        return inlined
    resolved = resolver.lookup(reference)
    if id(resolved.contents) in seen:
        raise _RecursiveReference(reference)
    target = _inline_refs(resolved.contents, resolved.resolver, seen | {id(resolved.contents)})
    if isinstance(target, dict):
        # A whole document's `$schema` would make jsonschema switch to its stock validator for that dialect
        # there, which matches patterns with Python's re and takes NaN for a number.
        target = {key: value for key, value in target.items() if key != "$schema"}
    if isinstance(target, dict) and not (set(target) & set(inlined)) - _ANNOTATIONS:
        return {**target, **inlined}
    return {**inlined, "allOf": [*inlined.get("allOf", []), target]}


def metaschema_errors(schema: Any) -> Iterator[ValidationError]:
    """Errors that make ``schema`` an invalid JSON Schema for the dialect it declares."""
    cls = _spec_conformant(_dialect(schema))
    # Only the regular-expression formats are asserted: a `pattern` that is not an ECMA-262 expression would
    # make every validation with the schema fail.
    return cls(cls.META_SCHEMA, format_checker=_formats(FormatChecker(formats=()), regexes=True)).iter_errors(schema)


def _dialect(schema: object) -> type[Validator]:
    """The validator class for the dialect ``schema`` declares; 2020-12 when it declares none, or not as a
    string (whose metaschema then reports the bad ``$schema``)."""
    if isinstance(schema, dict) and isinstance(schema.get("$schema"), str):
        return validator_for(schema, default=Draft202012Validator)
    return Draft202012Validator
