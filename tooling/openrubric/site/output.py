"""The folder a site build writes into: refused unless everything in it was written by an earlier build.

MkDocs empties its output folder before every build. Pointed at the wrong folder (`--out rubrics`), that
deletes sources and uncommitted work, so a build first checks the folder against the manifest the previous
build left in it, as a list of every file it wrote, and refuses a folder that holds anything else.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..repository import CONTENT_DIRS, Repository

# Hidden, so MkDocs' cleaning (which skips hidden entries at the top) leaves it to be rewritten.
MANIFEST = ".openrubric-build.json"
SHOWN = 5  # unknown files named in a refusal


def refusal(repository: Repository, out: Path, docs_dir: Path) -> str | None:
    """Why building into ``out`` could destroy something, or None when it is safe."""
    target, root = _real(out), _real(repository.root)
    sources = [_real(root / name) for name in (*CONTENT_DIRS, ".git")] + [_real(docs_dir)]
    for folder in sources:
        if target == folder or folder in target.parents:
            where = "it is" if target == folder else "it lies inside"
            return f"{where} {folder}, which holds the repository's own files, and a build empties its folder"
    for folder in [root, *sources]:
        if target == folder or target in folder.parents:
            return f"it holds {folder}, and a build empties its folder"
    if os.path.lexists(out) and not out.is_dir():
        return "it is not a folder"
    unknown = _not_written_by_a_build(out) if out.is_dir() else []
    if unknown:
        shown = ", ".join(unknown[:SHOWN]) + (f" and {len(unknown) - SHOWN} more" if len(unknown) > SHOWN else "")
        return f"it holds files no site build wrote ({shown}), and a build empties its folder: empty it yourself or choose another --out"
    return None


def record(out: Path) -> None:
    """List every file now in ``out`` in its manifest: all were written by this build or an earlier one."""
    if not out.is_dir():
        return
    files = sorted(path for path in _files(out) if path != MANIFEST)
    # The build's own error says why the folder cannot be written; the next build will refuse it.
    with contextlib.suppress(OSError):
        (out / MANIFEST).write_text(json.dumps({"written_by": "openrubric site build", "files": files}, indent=0), encoding="utf-8")


def _not_written_by_a_build(out: Path) -> list[str]:
    present = set(_files(out))
    manifest = out / MANIFEST
    if os.path.islink(manifest):  # a planted link would have the manifest read, and written, elsewhere
        return sorted(present)
    try:
        written = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        written = set()
    return sorted(present - written - {MANIFEST})


def _files(out: Path) -> list[str]:
    """Every entry under ``out`` that is not a real folder (files, links, FIFOs), as relative POSIX paths."""
    found = []
    for folder, subfolders, files in os.walk(out):
        links = [name for name in subfolders if os.path.islink(os.path.join(folder, name))]
        subfolders[:] = [name for name in subfolders if name not in links]
        found += [Path(folder, name).relative_to(out).as_posix() for name in (*files, *links)]
    return found


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))
