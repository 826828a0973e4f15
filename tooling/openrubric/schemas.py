"""The repository's own JSON Schemas, resolved against each other locally through a referencing registry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT202012

if TYPE_CHECKING:
    from referencing._core import Resolver

    from .loading import Document


def _refuse_retrieval(uri: str) -> Resource[Any]:
    # Schemas may only point at each other: never fetch anything over the network.
    raise NoSuchResource(ref=uri)


class Schemas:
    """Validators for the schema files under ``schemas/``, built on first use."""

    def __init__(self, documents: list[Document], *, invalid: set[str]) -> None:
        """``invalid`` names schema files known to break the metaschema; they validate nothing."""
        self._invalid = invalid
        self._by_name: dict[str, dict[str, Any]] = {}
        resources = []
        for document in documents:
            if not isinstance(document.data, dict) or document.findings:
                continue
            self._by_name[document.path.rsplit("/", 1)[-1]] = document.data
            if isinstance(document.data.get("$id"), str) and isinstance(document.data.get("$schema", ""), str):
                resource = Resource.from_contents(document.data, default_specification=DRAFT202012)
                resources.append((document.data["$id"], resource))
        self._registry: Registry[Any] = Registry(retrieve=_refuse_retrieval).with_resources(resources)  # type: ignore[call-arg]
        self._validators: dict[tuple[str, bool], Validator | None] = {}

    def validator(self, name: str, *, regex_format: bool = True) -> Validator | None:
        """The validator for ``schemas/<name>``, or None when that schema is missing or itself invalid.

        Without ``regex_format``, values declared as regular expressions are not compiled to check them:
        that is most of the cost of validating the guardrails, and it is wasted on a file that was not
        asked for, whose findings are not reported and whose expressions are compiled when used anyway."""
        key = (name, regex_format)
        if key not in self._validators:
            schema = self._by_name.get(name)
            if schema is None or name in self._invalid:
                self._validators[key] = None
            else:
                self._validators[key] = self._build(schema, regex_format)
        return self._validators[key]

    def _build(self, schema: dict[str, Any], regex_format: bool) -> Validator | None:
        cls = _dialect(schema)
        checker = cls.FORMAT_CHECKER if regex_format else _without_regex(cls.FORMAT_CHECKER)
        try:
            return cls(self._inlined(schema), registry=self._registry, format_checker=checker)
        except (AttributeError, TypeError, ValueError):
            # A committed schema not asked for is trusted unchecked; one this broken ("$id": true) validates
            # nothing, as an invalid one does. Checking it against the metaschema says why.
            return None

    def _inlined(self, schema: dict[str, Any]) -> dict[str, Any]:
        """``schema`` with its references resolved once, or as it is when they cannot be (recursive, broken)."""
        base = schema.get("$id")
        try:
            return _inline_refs(schema, self._registry.resolver(base_uri=base if isinstance(base, str) else ""), frozenset())
        except (_RecursiveReference, Unresolvable):
            return schema
        except (AttributeError, TypeError, ValueError):  # a subschema of the wrong type: validation will say where
            return schema


def _without_regex(checker: FormatChecker) -> FormatChecker:
    return FormatChecker(formats=[name for name in checker.checkers if name != "regex"])


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
    if isinstance(target, dict) and not (set(target) & set(inlined)) - _ANNOTATIONS:
        return {**target, **inlined}
    return {**inlined, "allOf": [*inlined.get("allOf", []), target]}


def metaschema_errors(schema: object) -> Iterator[ValidationError]:
    """Errors that make ``schema`` an invalid JSON Schema for the dialect it declares."""
    cls = _dialect(schema)
    return cls(cls.META_SCHEMA).iter_errors(schema)


def _dialect(schema: object) -> type[Validator]:
    """The validator class for the dialect ``schema`` declares; 2020-12 when it declares none, or not as a
    string (whose metaschema then reports the bad ``$schema``)."""
    if isinstance(schema, dict) and isinstance(schema.get("$schema"), str):
        return validator_for(schema, default=Draft202012Validator)
    return Draft202012Validator
