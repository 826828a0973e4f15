"""What one run keeps for the next in the user's cache folder: work that depends only on file texts.

A pre-commit run is a new process each time, and most of what it does is the same every time: it parses and
validates the large guardrails file and compiles its thousands of phrases. Both depend only on texts (the file, the schemas,
the rubric's scale) and on openrubric's own code, so they are kept under a key made of all of them, as black and
ruff keep theirs. A changed text or a changed openrubric gives a new key; nothing is ever read from a stale entry.

The folder is ``$OPENRUBRIC_CACHE_DIR``, else ``$XDG_CACHE_HOME/openrubric``, else ``~/.cache/openrubric``;
``OPENRUBRIC_NO_CACHE=1`` turns keeping off. Entries are pickles, which can run code when loaded, so an entry is
loaded only from a folder and file that the user owns and nobody else can write. Any failure to read or write an
entry only means the work is done again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import __version__

FOLDER_VARIABLE, OFF_VARIABLE = "OPENRUBRIC_CACHE_DIR", "OPENRUBRIC_NO_CACHE"
# Entries kept per kind; past it the oldest go, so the folder stays small however often the rules change.
KEPT_PER_KIND = 16
# A text this large costs more to parse or to validate than to look up here (the guardrails file is one).
WORTH_KEEPING = 20_000
_SUFFIX = ".pickle"


def key(*texts: str | None) -> str:
    """A key for work done on these texts by this openrubric on this Python."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    for text in texts:
        digest.update(b"\0" if text is None else b"\1" + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def fetch(kind: str, entry_key: str) -> Any:
    """The value kept under the key, or None."""
    folder = _folder(kind)
    if folder is None:
        return None
    path = folder / (entry_key + _SUFFIX)
    try:
        with path.open("rb") as file:
            if not _trusted(os.fstat(file.fileno())):
                return None
            return pickle.load(file)  # noqa: S301 - the user's own file, which only the user can write
    except Exception:  # noqa: BLE001 - a missing, partial or foreign entry is only work to do again
        return None


def keep(kind: str, entry_key: str, value: Any) -> None:
    """Keep the value under the key; written whole or not at all, so a reader never sees half an entry."""
    import tempfile  # only a run that has something new to keep needs it

    folder = _folder(kind, create=True)
    if folder is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / (entry_key + _SUFFIX))
    except Exception:  # noqa: BLE001 - a full disk or a read-only home only means no entry is kept
        return
    _prune(folder)


def _folder(kind: str, *, create: bool = False) -> Path | None:
    if os.environ.get(OFF_VARIABLE, "") not in ("", "0"):
        return None
    try:
        chosen = os.environ.get(FOLDER_VARIABLE) or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "openrubric")
        folder = Path(chosen) / kind
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for place in (folder, folder.parent):
            if not _trusted(place.lstat()):
                return None
    except (OSError, RuntimeError, ValueError):  # no home folder to expand; a NUL in the variable
        return None
    return folder


def _trusted(status: os.stat_result) -> bool:
    """Owned by this user, writable by nobody else, and not a symbolic link."""
    owner_ok = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return owner_ok and not stat.S_ISLNK(status.st_mode) and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _prune(folder: Path) -> None:
    try:
        entries = sorted(folder.glob("*" + _SUFFIX), key=lambda path: path.stat().st_mtime)
        for old in entries[:-KEPT_PER_KIND]:
            old.unlink(missing_ok=True)
    except OSError:
        return


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """openrubric's version and the text of its own modules, the Python version, and where and when the YAML and
    JSON Schema libraries that read the texts were installed: an entry made by other code is never read, even
    from a development checkout whose version number did not change."""
    import jsonschema
    import yaml

    digest = hashlib.sha256(f"{__version__} {sys.version_info[:2]}".encode())
    for library in (yaml, jsonschema):
        try:
            installed = Path(library.__file__ or "")
            digest.update(f"{installed} {installed.stat().st_mtime_ns}".encode())
        except OSError:  # not a plain file: no key made here can match a later run's
            digest.update(os.urandom(16))
    for module in sorted(_modules(Path(__file__).parent)):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _modules(package: Path) -> Iterable[Path]:
    return (path for path in package.rglob("*.py") if "__pycache__" not in path.parts)
