"""One review cycle's narratives, read from wherever the organisation keeps them and checked against the
policy repository's rubric, guardrails and schemas.

Narratives are personal data and usually live outside the policy repository, so a cycle is read from any
folder: every Markdown file under it (README.md left out), never through a symbolic link, never a file
that is not a plain file. Each is checked as `openrubric narrative check` would check it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .check import check_content
from .content import Content
from .findings import Finding
from .loading import REFUSALS, Document, document_from_bytes
from .repository import RefusedFile, Repository, read_content
from .rules import parsing

# More than this many files under the folders given is a mistake (a home folder, a whole disk).
MAX_NARRATIVES = 100_000


class CycleError(Exception):
    """The cycle cannot be read at all: the message says why and what to do."""


@dataclass(frozen=True)
class Cycle:
    narratives: list[Document]  # those that match the narrative schema, in path order
    findings: list[Finding]  # every finding on the cycle's files, suppressions applied
    rubric: dict[str, Any]
    guardrails: dict[str, Any]
    files: int  # Markdown files read, valid or not

    def findings_in(self, path: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.path == path]

    @property
    def left_out(self) -> list[str]:
        """Files that could not be used: unreadable, or not narratives matching the schema."""
        valid = {document.path for document in self.narratives}
        return sorted({finding.path for finding in self.findings if finding.is_error} - valid)


def read_cycle(repository: Repository, folders: list[Path]) -> Cycle:
    documents = [_narrative(folder, relative) for folder in folders for relative in _markdown_files(folder)]
    content = Content.with_narratives(repository, documents)
    rubric, guardrails = content.single("rubric"), content.single("guardrails")
    if rubric is None or guardrails is None:
        raise CycleError(f"the rubric or the guardrails of {repository.root} do not pass `openrubric check`; fix them first")
    findings, _ = check_content(content, [document.path for document in documents])
    valid = sorted((document for document in content.valid("narrative") if document.path in content.targets), key=lambda d: d.path)  # type: ignore[operator]
    return Cycle(valid, sorted(set(findings)), rubric.data, guardrails.data, len(documents))  # type: ignore[arg-type]


def _markdown_files(folder: Path) -> list[str]:
    if not folder.is_dir():
        raise CycleError(f"{folder} is not a folder; give the folder that holds the cycle's narratives")
    found = []
    for parent, subfolders, names in os.walk(folder):  # never follows a link to a folder
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        found += [os.path.relpath(os.path.join(parent, name), folder) for name in sorted(names) if _is_narrative_name(name)]
        if len(found) > MAX_NARRATIVES:
            raise CycleError(f"{folder} holds more than {MAX_NARRATIVES:,} Markdown files; give the folder of one cycle")
    return found


def _is_narrative_name(name: str) -> bool:
    return name.endswith(".md") and name != "README.md" and not name.startswith(".")


def _narrative(folder: Path, relative: str) -> Document:
    shown = _shown(folder / relative)
    try:
        raw = read_content(folder, relative)
    except RefusedFile as error:
        return _unreadable(shown, REFUSALS[type(error)].finding(shown, 1, 1, str(error)))
    except OSError as error:
        return _unreadable(shown, parsing.UNREADABLE.finding(shown, 1, 1, f"cannot read the file: {error.strerror}"))
    return document_from_bytes(shown, raw, kind="narrative", syntax="markdown")


def _unreadable(shown: str, why: Finding) -> Document:
    return Document(path=shown, kind="narrative", syntax="markdown", findings=[why])


def _shown(path: Path) -> str:
    """The path as the user will look for it: relative to the current folder when under it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()
