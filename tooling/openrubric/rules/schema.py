"""The ``schema`` rule: every content file matches the JSON Schema for its kind, with located messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from referencing.exceptions import Unresolvable

from ..findings import Finding, Severity
from ..schemas import Schemas, metaschema_errors
from .rule import Rule

if TYPE_CHECKING:
    from ..loading import Document

SCHEMA = Rule(
    name="schema",
    severity=Severity.ERROR,
    summary="A file does not match the JSON Schema for its kind.",
    doc="""\
## What it does
Validates each content file against the JSON Schema for its kind (the rubric, the metric catalogue, the
guardrails, policy and template front matter, narratives), and each schema a repository keeps in
`schemas/` against the JSON Schema metaschema. The schemas ship with openrubric; a file in `schemas/`
replaces the packaged schema of the same name. The finding points at the key or value at fault: a
misspelt key, a wrong type, a value outside its allowed set, a missing required key.

## Why is this bad?
A misspelt key is otherwise ignored silently: `wieghts:` would leave a level with no weights while looking
fine in review.

## Example
```yaml
levels:
  - id: L4
    wieghts: {operational-outcomes: 40}
```

## Use instead
```yaml
levels:
  - id: L4
    weights: {operational-outcomes: 40}
```
""",
)



def check_document(document: Document, schemas: Schemas, schema_name: str, *, regex_format: bool = True) -> Iterator[Finding]:
    """Findings for ``document`` against the schema ``schema_name`` in force (see ``Schemas.validator`` for
    ``regex_format``)."""
    validator = schemas.validator(schema_name, regex_format=regex_format)
    if validator is None:
        return
    try:
        data: Any = document.data  # read from YAML or JSON, so JSON-shaped
        for error in validator.iter_errors(data):
            from .schema_messages import located  # only a file that breaks its schema needs the messages

            yield from located(document, error)
    except Unresolvable as error:
        yield SCHEMA.finding(document.path, 1, 1, f"{schemas.path(schema_name)} has a $ref that cannot be resolved: {error}")
    except RecursionError:
        yield SCHEMA.finding(document.path, 1, 1, "the data is nested too deeply to validate")
    except Exception as error:  # noqa: BLE001 - a committed schema that breaks the metaschema fails in many ways
        path = schemas.path(schema_name)
        message = f"{path} cannot be applied ({type(error).__name__}: {error}); check it with: openrubric check {path}"
        yield SCHEMA.finding(document.path, 1, 1, message)


def check_schema_file(document: Document) -> list[Finding]:
    """Findings for a schema file against the metaschema of the dialect it declares."""
    from .schema_messages import located, non_finite_numbers  # a pre-commit run seldom checks a schema file

    found = [finding for error in metaschema_errors(document.data) for finding in located(document, error)]
    return found + non_finite_numbers(document)
