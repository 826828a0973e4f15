"""What the package carries besides code: the JSON Schemas every repository is checked with, and the starting
repository `openrubric init` writes.

A repository may keep its own ``schemas/`` folder: a file there replaces the packaged schema of the same name
(and every ``$ref`` to that name), and a file with a new name adds a schema. Everything else comes from the
package, so fixes to the schemas reach a repository with the next upgrade of openrubric.
"""

from __future__ import annotations

from pathlib import Path

from .loading import Document, load_document

PACKAGE = Path(__file__).resolve().parent
SCHEMA_FOLDER = "schema_files"
STARTER = PACKAGE / "starter"


def schema_names() -> list[str]:
    """The file names of the packaged schemas, such as ``rubric.schema.json``."""
    return sorted(path.name for path in (PACKAGE / SCHEMA_FOLDER).glob("*.json"))


def schema_documents() -> list[Document]:
    """The packaged schemas, read as a repository's own are; their paths name where they are installed,
    ``openrubric/schema_files/<name>``."""
    root = PACKAGE.parent
    return [load_document(root, f"{PACKAGE.name}/{SCHEMA_FOLDER}/{name}", kind="schema", syntax="json") for name in schema_names()]
