"""The repository's own JSON Schemas, resolved against each other locally through a referencing registry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

if TYPE_CHECKING:
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
            if isinstance(document.data.get("$id"), str):
                resource = Resource.from_contents(document.data, default_specification=DRAFT202012)
                resources.append((document.data["$id"], resource))
        self._registry: Registry[Any] = Registry(retrieve=_refuse_retrieval).with_resources(resources)  # type: ignore[call-arg]
        self._validators: dict[str, Validator | None] = {}

    def validator(self, name: str) -> Validator | None:
        """The validator for ``schemas/<name>``, or None when that schema is missing or itself invalid."""
        if name not in self._validators:
            schema = self._by_name.get(name)
            if schema is None or name in self._invalid:
                self._validators[name] = None
            else:
                cls = validator_for(schema, default=Draft202012Validator)
                self._validators[name] = cls(schema, registry=self._registry, format_checker=cls.FORMAT_CHECKER)
        return self._validators[name]

    def has(self, name: str) -> bool:
        return name in self._by_name


def metaschema_errors(schema: object) -> Iterator[ValidationError]:
    """Errors that make ``schema`` an invalid JSON Schema for the dialect it declares."""
    cls = validator_for(schema, default=Draft202012Validator) if isinstance(schema, dict) else Draft202012Validator
    return cls(cls.META_SCHEMA).iter_errors(schema)
