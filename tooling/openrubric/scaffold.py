"""`openrubric init`: a complete starting policy repository, written from the starter the package ships.

Nothing existing is ever replaced: a file that is already there is left as it is and reported, and nothing
is written through a symbolic link, so nothing lands outside the folder asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .packaged import PACKAGE, SCHEMA_FOLDER, STARTER, schema_names

# Where the editor's copies of the packaged schemas go (git-ignored); .vscode/settings.json and the
# yaml-language-server lines of the starter's YAML files point there.
EDITOR_SCHEMAS = ".openrubric/schemas"
VERSION_MARK = "__OPENRUBRIC_VERSION__"
FILE_MODE = 0o644

NEXT_STEPS = """\
Edit first, in this order, then run `openrubric check` after each:
  1. rubrics/rubric.yaml      your levels, categories and weights, rating scale, review periods, narrative purposes
  2. policy/guardrails.yaml   evidence minimums (keyed by your scale's ids), the appeal contact and steps
  3. policy/policy.md         the policy in your words (its `sections` must match its `## ` headings)
  4. rubrics/metrics.yaml     the metrics you use, and narratives/templates/ for your questions
  5. .github/CODEOWNERS       who approves changes; mkdocs.yml for the site's name
Then: git init (if this is not a repository yet), `pre-commit install`, and `openrubric site build` to preview."""


class ScaffoldError(Exception):
    """The starter cannot be written where asked: the message says why."""


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)


def starter_files() -> dict[str, bytes]:
    """Every file of the starting repository by its POSIX path in it, the version of openrubric filled in,
    with copies of the packaged schemas for editors."""
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8").replace(VERSION_MARK, __version__)
            files[path.relative_to(STARTER).as_posix()] = text.encode("utf-8")
    for name in schema_names():
        files[f"{EDITOR_SCHEMAS}/{name}"] = (PACKAGE / SCHEMA_FOLDER / name).read_bytes()
    return files


def scaffold(target: Path) -> Outcome:
    """Write the starter into ``target`` (made when missing). Raises ScaffoldError when ``target`` is not a
    folder that can hold it."""
    if os.path.lexists(target) and not target.is_dir():
        raise ScaffoldError(f"{target} is a file; give a folder for the new policy repository")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ScaffoldError(f"cannot make {target}: {error.strerror or error}") from None
    outcome = Outcome()
    for relative, data in starter_files().items():
        why = _write(target, relative, data)
        if why is None:
            outcome.written.append(relative)
        else:
            outcome.skipped.append((relative, why))
    return outcome


def _write(root: Path, relative: str, data: bytes) -> str | None:
    """Create ``root/relative`` with ``data``; None when written, else why it was not."""
    parts = relative.split("/")
    folder = root
    for name in parts[:-1]:
        folder = folder / name
        if os.path.islink(folder):
            return f"{folder.relative_to(root).as_posix()}/ is a symbolic link; nothing is written through one"
        if os.path.lexists(folder) and not folder.is_dir():
            return f"{folder.relative_to(root).as_posix()} is a file, not a folder"
        try:
            folder.mkdir(exist_ok=True)
        except OSError as error:
            return f"cannot make {folder.relative_to(root).as_posix()}/: {error.strerror or error}"
    path = folder / parts[-1]
    if os.path.lexists(path):
        return "a symbolic link is there; nothing is written through one" if os.path.islink(path) else "it exists; left as it is"
    # O_EXCL and O_NOFOLLOW: a file or link that appeared since the check is never written over or through.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        with os.fdopen(os.open(path, flags, FILE_MODE), "wb") as handle:
            handle.write(data)
    except FileExistsError:
        return "it appeared while the starter was being written; left as it is"
    except OSError as error:
        return f"cannot be written: {error.strerror or error}"
    return None


def init(target: Path) -> int:
    """The `init` command: write the starter, say what was left alone and what to edit first."""
    import sys

    from .repository import Repository

    try:
        outcome = scaffold(target)
    except ScaffoldError as error:
        print(f"openrubric: error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {len(outcome.written)} files of a starting policy repository in {target.resolve()}")
    for relative, why in outcome.skipped:
        print(f"openrubric: skipped {relative}: {why}", file=sys.stderr)
    if outcome.skipped:
        print(f"{len(outcome.skipped)} files were left as they were; `openrubric check` says whether they fit with the rest.")
    root = Repository(target.resolve()).work_tree()
    if root != target.resolve():
        print(f"Note: GitHub reads workflows only from {root / '.github'}; move .github/workflows/ there to run them.")
    print(NEXT_STEPS)
    return 0
