"""The loaded content of one repository: its documents by kind, and which of them are valid."""

from __future__ import annotations

import os
from functools import cached_property

from . import cache
from .findings import Finding
from .loading import Document, document_from_bytes, load_document
from .packaged import schema_documents
from .repository import KINDS_BY_NAME, REQUIRED_FILES, Repository, kind_of
from .rules import parsing, schema, skipped
from .schemas import Schemas

# Kinds every check may consult, loaded even when only one file was asked for. Narratives are many and
# independent of each other, so only those asked for are read.
SHARED_KINDS = ("rubric", "metrics", "changelog", "guardrails", "policy", "template", "schema")


class Content:
    def __init__(
        self,
        repository: Repository,
        *,
        paths: list[str],
        targets: set[str] | None = None,
        tracked: frozenset[str] | None = None,
        supplied: dict[str, bytes] | None = None,
    ) -> None:
        """``supplied`` holds the bytes of files given another way than on disk (standard input), by path."""
        self.repository = repository
        self.targets = targets
        self._tracked = tracked  # the files git tracks, when the caller has already asked git
        self.documents: dict[str, Document] = {}
        self._valid: set[str] = set()
        for path in paths:
            kind = kind_of(path)
            if kind is not None and supplied and path in supplied:
                self.documents[path] = document_from_bytes(path, supplied[path], kind=kind.name, syntax=kind.syntax)
            elif kind is not None:
                self.documents[path] = load_document(repository.root, path, kind=kind.name, syntax=kind.syntax)

    @classmethod
    def load(
        cls, repository: Repository, targets: list[str] | None, *, tracked: frozenset[str] | None = None, supplied: dict[str, bytes] | None = None
    ) -> Content:
        """All shared files plus ``targets`` (every content file git does not ignore when None)."""
        if targets is None:
            survey = repository.survey()
            return cls(repository, paths=survey.paths, tracked=survey.tracked)
        every = repository.discover(narratives=False)
        shared = [path for path in every if kind_of(path).name in SHARED_KINDS]  # type: ignore[union-attr]
        return cls(repository, paths=sorted(set(shared) | set(targets)), targets=set(targets), tracked=tracked, supplied=supplied)

    @classmethod
    def with_narratives(cls, repository: Repository, narratives: list[Document]) -> Content:
        """The repository's shared files plus ``narratives`` read from elsewhere: a review cycle kept outside
        the repository (narratives are personal data). They are the targets; git is never asked about them."""
        content = cls.load(repository, [], tracked=frozenset())
        content.documents.update((document.path, document) for document in narratives)
        content.targets = {document.path for document in narratives}
        return content

    def tracked(self, paths: list[str]) -> frozenset[str]:
        """Which of ``paths`` git tracks (committed or staged). Git is asked only when the caller has not
        asked already and ``paths`` is not empty: a pre-commit run without narratives never waits for it."""
        if not paths:
            return frozenset()
        known = self._tracked if self._tracked is not None else self.repository.tracked(sorted({path.split("/")[0] for path in paths}))
        return known & frozenset(paths)

    def of_kind(self, kind: str) -> list[Document]:
        return [document for document in self.documents.values() if document.kind == kind]

    def valid(self, kind: str) -> list[Document]:
        """Documents of ``kind`` that were read and match their schema: safe for checks to index into."""
        self.findings  # noqa: B018 - validation decides which documents are valid
        return [document for document in self.of_kind(kind) if document.path in self._valid]

    def checked(self, kind: str) -> list[Document]:
        """Valid documents of ``kind`` that were asked for: for checks that look at one file at a time."""
        return [document for document in self.valid(kind) if self._is_target(document)]

    def single(self, kind: str) -> Document | None:
        """The valid document of a kind the repository has exactly one of (rubric, metrics, guardrails)."""
        return next(iter(self.valid(kind)), None)

    @cached_property
    def schemas_in_force(self) -> dict[str, Document]:
        """The schemas content is validated with, by file name: the packaged ones, each replaced by the
        repository's own ``schemas/<name>`` where it has one, and the repository's other schemas."""
        own = {document.path.rsplit("/", 1)[-1]: document for document in self.of_kind("schema")}
        return {**self._packaged_schemas, **own}

    @cached_property
    def _packaged_schemas(self) -> dict[str, Document]:
        """openrubric's own schemas, by file name: the shape its rules read."""
        return {document.path.rsplit("/", 1)[-1]: document for document in schema_documents()}

    @cached_property
    def _replaced_schemas(self) -> frozenset[str]:
        """The packaged schemas the repository replaces with a text of its own."""
        packaged = self._packaged_schemas
        return frozenset(name for name, document in self.schemas_in_force.items() if name in packaged and document.text != packaged[name].text)

    @cached_property
    def schemas(self) -> Schemas:
        # Checking a schema against the 2020-12 metaschema costs more than validating a dozen files with it,
        # so a pre-commit run checks only the schemas it was given and trusts the committed and packaged ones.
        invalid = set()
        for document in self.of_kind("schema"):
            if self._is_target(document) and (document.findings or schema.check_schema_file(document)):
                invalid.add(document.path.rsplit("/", 1)[-1])
        return Schemas(list(self.schemas_in_force.values()), invalid=invalid)

    def _is_target(self, document: Document) -> bool:
        return self.targets is None or document.path in self.targets

    @cached_property
    def findings(self) -> list[Finding]:
        """Loading and schema findings of every document, plus missing required files."""
        found: list[Finding] = []
        for document in self.documents.values():
            own = list(document.findings) or self._schema_findings(document)
            if not own and document.data is not None and self._validated(document):
                own = self._outside_packaged_shape(document)
                if not own:
                    self._valid.add(document.path)
            found += own
        return found + list(self._missing_files()) + list(self._folders_outside())

    def _folders_outside(self) -> list[Finding]:
        found = []
        for top in self.repository.folders_outside():
            message = f"a symbolic link to {os.path.realpath(self.repository.root / top)}, outside the repository; no content is read from it"
            found.append(parsing.LINK_OUTSIDE.finding(top, 1, 1, message))
        return found

    def _validated(self, document: Document) -> bool:
        schema_name = KINDS_BY_NAME[document.kind].schema
        return schema_name is None or self.schemas.validator(schema_name, regex_format=self._is_target(document)) is not None

    @cached_property
    def _packaged_validators(self) -> Schemas:
        return Schemas(list(self._packaged_schemas.values()), invalid=set())

    def _outside_packaged_shape(self, document: Document) -> list[Finding]:
        """The rules index into a valid document as openrubric's own schema shapes it. A repository may loosen
        its copy of that schema; a document that passes the loosened copy but lacks a key openrubric's requires,
        or holds a value of another type, is left to no rule, with a warning saying why."""
        name = KINDS_BY_NAME[document.kind].schema
        if name not in self._replaced_schemas:
            return []
        validator = self._packaged_validators.validator(name, regex_format=False)
        errors = validator.iter_errors(document.data) if validator is not None else iter(())  # type: ignore[arg-type]
        # Only a missing key or a value of another type breaks a rule; extra keys and looser values do not.
        error = next((error for error in errors if error.validator in ("type", "required")), None)
        if error is None:
            return []
        where = list(error.absolute_path)
        message = (f"no rule read this file: it passes {self.schemas.path(name)} but not openrubric's own {name}, "
                   f"whose shape the rules read ({error.message[:120]})")
        return [skipped.RULES_SKIPPED.at(document, where, message)]

    def _schema_findings(self, document: Document) -> list[Finding]:
        if document.kind == "schema":
            return schema.check_schema_file(document) if self._is_target(document) else []
        if document.kind == "page":
            return []
        schema_name = KINDS_BY_NAME[document.kind].schema or ""
        if self._is_target(document) or len(document.text or "") < cache.WORTH_KEEPING:
            return list(schema.check_document(document, self.schemas, schema_name, regex_format=self._is_target(document)))
        # A large shared file that a pre-commit run was not asked about: it passed these schemas before, or is checked.
        in_force = [part for name in sorted(self.schemas_in_force) for part in (name, self.schemas_in_force[name].text)]
        entry_key = cache.key(schema_name, document.text, *in_force)  # by name too: a $ref names a file
        if cache.fetch("valid", entry_key) is True:
            return []
        found = list(schema.check_document(document, self.schemas, schema_name, regex_format=False))
        # Without a validator (its schema failed the metaschema in this run) nothing was checked: nothing to keep.
        if not found and self.schemas.validator(schema_name, regex_format=False) is not None:
            cache.keep("valid", entry_key, True)
        return found

    def _missing_files(self) -> list[Finding]:
        present = {document.kind for document in self.documents.values()}
        missing = [path for kind, path in REQUIRED_FILES.items() if kind not in present]
        message = "{} is missing; the review system cannot be checked without it"
        found = [parsing.MISSING_FILE.finding(path, 1, 1, message.format(path)) for path in missing]
        # A schema neither the repository nor the installed openrubric has would turn every rule on its files
        # off: an error, never a quiet pass.
        available = set(self.schemas_in_force)
        needed = {name for kind in present if (name := KINDS_BY_NAME[kind].schema) is not None}
        for schema_name in sorted(needed - available):
            why = f"schemas/{schema_name} is neither in the repository nor in the installed openrubric; reinstall openrubric"
            found.append(parsing.MISSING_FILE.finding(f"schemas/{schema_name}", 1, 1, why))
        return found
