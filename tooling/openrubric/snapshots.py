"""The content of a policy repository at one revision (a git commit, or the working tree), read for diffing.

GitPython reads blobs at a revision; the working tree is read from disk. Each file is read as ``openrubric
check`` reads it (``loading``); a file that cannot be read is kept as unreadable, with the first reason the
check gives, so a diff against a broken revision reports it rather than failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .loading import Document, document_from_bytes, load_document
from .repository import Repository, kind_of

WORKING_TREE = "working tree"
SYMLINK_MODE = 0o120000  # a git tree entry for a symbolic link
# The files whose meaning the diff compares; narratives are personal and never diffed.
DIFFED_KINDS = ("rubric", "metrics", "guardrails", "policy", "template", "schema")


class RevisionError(Exception):
    """A revision cannot be read: the message says why and how to fix it."""


@dataclass
class Snapshot:
    revision: str
    data: dict[str, object] = field(default_factory=dict)  # path -> parsed data (front matter for Markdown)
    bodies: dict[str, str] = field(default_factory=dict)  # path -> Markdown body
    unreadable: dict[str, str] = field(default_factory=dict)  # path -> why it could not be read

    def get(self, kind: str) -> dict | None:  # type: ignore[type-arg]
        """The data of the one file of ``kind`` (found by kind, so a renamed `.yml` still counts)."""
        path = next((path for path in self.data if (found := kind_of(path)) is not None and found.name == kind), None)
        value = self.data.get(path) if path else None
        return value if isinstance(value, dict) else None


def open_repository(repository: Repository):  # type: ignore[no-untyped-def]
    import git

    try:
        return git.Repo(repository.root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RevisionError(f"{repository.root} is not inside a git repository; `openrubric diff` compares git revisions") from None


def read(repository: Repository, revision: str | None) -> Snapshot:
    """The diffed files at ``revision``, or in the working tree when it is None."""
    if revision is None:
        # Files git ignores are left out, and each is read as `openrubric check` reads it.
        return _from_documents(WORKING_TREE, [_load(repository, path) for path in _diffed(repository.survey().paths)])
    repo = open_repository(repository)
    try:
        commit = repo.commit(revision)
        # The content may be a folder of the work tree (a monorepo's hr/): its paths are read relative to it.
        prefix = repository.root.relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
        tree = commit.tree if prefix == "." else _subtree(commit.tree, prefix)
        blobs = [blob for blob in tree.traverse() if blob.type == "blob" and _diffed([_inside(blob.path, prefix)])] if tree else []
        files = {_inside(blob.path, prefix): blob.data_stream.read() for blob in blobs if blob.mode != SYMLINK_MODE}
    except Exception:  # noqa: BLE001 - GitPython raises several types for an unknown or missing revision
        shallow = (Path(repo.git_dir) / "shallow").exists()
        hint = " This is a shallow clone: fetch the history with `git fetch --unshallow` (or check out with fetch-depth: 0)." if shallow else ""
        raise RevisionError(f"revision '{revision}' is not in this repository.{hint}") from None
    snapshot = _from_files(f"{revision} ({commit.hexsha[:7]})", files)
    # A link's blob holds only where it points; following that on disk would read outside the revision.
    for blob in blobs:
        if blob.mode == SYMLINK_MODE:
            snapshot.unreadable[_inside(blob.path, prefix)] = "a symbolic link in git, which the diff does not follow: it compares regular files only"
    return snapshot


def _subtree(tree, prefix: str):  # type: ignore[no-untyped-def]
    """The folder ``prefix`` of a git tree, or None when the revision does not have it."""
    try:
        return tree / prefix
    except KeyError:
        return None


def _inside(path: str, prefix: str) -> str:
    return path if prefix == "." else path[len(prefix) + 1 :]


def default_base(repository: Repository) -> str:
    """The merge base of HEAD with the default branch (origin's HEAD, else main or master)."""
    repo = open_repository(repository)
    candidates = ["origin/HEAD", "origin/main", "main", "origin/master", "master"]
    for name in candidates:
        try:
            target = repo.commit(name)
        except Exception:  # noqa: BLE001, S112 - try the next name
            continue
        bases = repo.merge_base(repo.head.commit, target)
        if bases:
            return str(bases[0].hexsha)
    raise RevisionError("no default branch (origin/HEAD, main or master) to compare with; name BASE explicitly")


def is_diffed(path: str) -> bool:
    kind = kind_of(path)
    return kind is not None and kind.name in DIFFED_KINDS


def _diffed(paths: list[str]) -> list[str]:
    return [path for path in paths if is_diffed(path)]


def parse_files(files: dict[str, bytes]) -> Snapshot:
    """The given files (path -> bytes) parsed as a snapshot of no particular revision."""
    return _from_files("", files)


def _from_files(revision: str, files: dict[str, bytes]) -> Snapshot:
    return _from_documents(revision, [_parse(path, raw) for path, raw in files.items()])


def _load(repository: Repository, path: str) -> Document:
    kind = kind_of(path)
    return load_document(repository.root, path, kind=kind.name, syntax=kind.syntax)  # type: ignore[union-attr]


def _parse(path: str, raw: bytes) -> Document:
    kind = kind_of(path)
    return document_from_bytes(path, raw, kind=kind.name, syntax=kind.syntax)  # type: ignore[union-attr]


def _from_documents(revision: str, documents: list[Document]) -> Snapshot:
    snapshot = Snapshot(revision)
    for document in sorted(documents, key=lambda document: document.path):
        if document.findings:
            first = document.findings[0]
            snapshot.unreadable[document.path] = f"line {first.line}: {first.message}"
            continue
        snapshot.data[document.path] = document.data
        if document.syntax == "markdown":
            snapshot.bodies[document.path] = document.body
    return snapshot
