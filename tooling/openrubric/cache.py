"""What one run keeps for the next in the user's cache folder: work on the shared policy files that every run
repeats.

A pre-commit run is a new process each time, and most of what it does is the same every time: it parses and
validates the large guardrails file and compiles its thousands of phrases. That work depends on the texts it
reads (the file, the schemas by name, the rubric's scale) and on the code that does it (openrubric's own modules,
Python, and the libraries that parse and validate), so it is kept under a key made of all of them, as black and
ruff keep theirs. A changed text or a changed program gives a new key; a stale entry is never read.

The folder is ``$OPENRUBRIC_CACHE_DIR``, else ``$XDG_CACHE_HOME/openrubric``, else ``~/.cache/openrubric``, and
always an absolute path (never one inside the repository being checked); ``OPENRUBRIC_NO_CACHE=1`` turns keeping
off. Entries are pickles, which can run code when loaded, so one is loaded only from a folder and a file that the
user owns and nobody else can write (on Windows, where that cannot be told from the file's mode, nothing is
kept). Any failure to make a key, read or write an entry only means the work is done again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import stat
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from . import __version__

FOLDER_VARIABLE, OFF_VARIABLE = "OPENRUBRIC_CACHE_DIR", "OPENRUBRIC_NO_CACHE"
# Entries kept per kind; past it the least recently used go, so the folder stays small however often rules change.
KEPT_PER_KIND = 16
# A text this large costs more to parse or to validate than to look up here (the guardrails file is one).
WORTH_KEEPING = 20_000
_SUFFIX = ".pickle"
_ENTRY = re.compile(r"[0-9a-f]{64}\.pickle")  # what pruning may delete: never a file this module did not name
_LEFT_BEHIND = re.compile(r"tmp\w+\.tmp")  # a write cut off before its rename
_LEFT_BEHIND_AGE = 3600
_NONE = b"\xff" * 8  # no length is this large, so None and every text hash apart
# Libraries whose behaviour decides what a kept value is: parsing, validating, resolving references, patterns.
_LIBRARIES = ("yaml", "jsonschema", "referencing", "jsonschema_specifications", "regress")
_until_exit = False  # see ``until_exit``


def until_exit() -> None:
    """Declare that this process runs one command and then exits, as the ``openrubric`` program does. An entry
    loaded from then on is moved, with every other object alive, into the garbage collector's permanent
    generation: the tens of thousands of objects of the kept guardrail rules live until the exit anyway, and each
    collection after the load would walk them again (about 8 ms of a 0.16 s pre-commit run). Never in a process
    that goes on (the tests, the site server): what is frozen is never collected, garbage included."""
    global _until_exit  # one switch for the whole process, like the collector it tunes
    _until_exit = True


def key(*texts: str | None) -> str | None:
    """A key for work done on these texts by this program, or None when the program cannot be told apart."""
    fingerprint = _program_fingerprint()
    if fingerprint is None:
        return None
    digest = hashlib.sha256(fingerprint.encode())
    for text in texts:
        data = _NONE if text is None else text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)  # length first: texts never run into each other
    return digest.hexdigest()


def fetch(kind: str, entry_key: str | None) -> Any:
    """The value kept under the key, or None."""
    folder = _folder(kind) if entry_key is not None else None
    if folder is None:
        return None
    path = folder / (f"{entry_key}{_SUFFIX}")
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(handle, "rb") as file:
            if not _trusted(os.fstat(file.fileno())):
                return None
            value = _unpickled(file)
        os.utime(path)  # used: the last to be pruned
        return value
    except Exception:  # noqa: BLE001 - a missing, partial or foreign entry is only work to do again
        return None


def _unpickled(file: BinaryIO) -> Any:
    """The value in the file, loaded with the garbage collector paused: unpickling creates tens of thousands of
    objects (the guardrail rules), none of them garbage, and each collection it would set off walks them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(file)  # noqa: S301 - the user's own file, which only the user can write
    finally:
        if enabled:
            gc.enable()
        if _until_exit:
            gc.freeze()


def keep(kind: str, entry_key: str | None, value: Any) -> None:
    """Keep the value under the key; written whole or not at all, so a reader never sees half an entry."""
    import tempfile  # only a run that has something new to keep needs it

    folder = _folder(kind, create=True) if entry_key is not None else None
    if folder is None:
        return
    name = f"{entry_key}{_SUFFIX}"
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / name)
    except Exception:  # noqa: BLE001 - a full disk or a value that will not pickle only means no entry is kept
        Path(temporary).unlink(missing_ok=True)
        return
    _prune(folder, name)


def _folder(kind: str, *, create: bool = False) -> Path | None:
    """The folder of one kind of entry, when keeping is on and the folder can be trusted."""
    if os.environ.get(OFF_VARIABLE, "") not in ("", "0") or not hasattr(os, "getuid"):
        return None
    try:
        base = _base_folder()
        if base is None:
            return None
        folder = base / kind
        if create:  # each level made private here, whatever the umask left on the folders above
            base.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.mkdir(mode=0o700, exist_ok=True)
        return folder if _trusted(folder.lstat()) else None
    except (OSError, RuntimeError, ValueError):  # no home folder to expand; a NUL in a variable
        return None


def _base_folder() -> Path | None:
    chosen = os.environ.get(FOLDER_VARIABLE, "")
    if not chosen:
        cache_home = os.environ.get("XDG_CACHE_HOME", "")
        # A relative XDG_CACHE_HOME is ignored, as the XDG specification says.
        chosen = os.path.join(cache_home if os.path.isabs(cache_home) else Path.home() / ".cache", "openrubric")
    folder = Path(chosen).expanduser()
    return folder if folder.is_absolute() else None


def _trusted(status: os.stat_result) -> bool:
    """Owned by this user, writable by nobody else, and not a symbolic link."""
    owned = status.st_uid == os.getuid()
    return owned and not stat.S_ISLNK(status.st_mode) and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _prune(folder: Path, written: str) -> None:
    """Let the least recently used entries go past ``KEPT_PER_KIND``, never the one just written, and writes
    left behind by a run that was cut off."""
    try:
        names = os.listdir(folder)
        entries = sorted((os.stat(folder / name).st_mtime, name) for name in names if _ENTRY.fullmatch(name) and name != written)
        for _, name in entries[: max(0, len(entries) - (KEPT_PER_KIND - 1))]:
            (folder / name).unlink(missing_ok=True)
        now = time.time()
        for name in names:
            if _LEFT_BEHIND.fullmatch(name) and now - os.stat(folder / name).st_mtime > _LEFT_BEHIND_AGE:
                (folder / name).unlink(missing_ok=True)
    except OSError:  # another run pruned first
        return


@lru_cache(maxsize=1)
def _program_fingerprint() -> str | None:
    """openrubric's version and, for each of its own modules, its name, size and modification time (what Python
    itself compares to decide whether a module's compiled form is stale), the Python version, where and when each
    library in ``_LIBRARIES`` was installed, and the formats jsonschema can check (installing a format library
    changes verdicts): an entry made by another program is never read, even from a development checkout whose
    version number did not change. None when a module cannot be read."""
    import importlib

    from jsonschema import FormatChecker

    digest = hashlib.sha256(f"{__version__} {sys.version_info[:2]} {sorted(FormatChecker.checkers)}".encode())
    try:
        for name in _LIBRARIES:
            installed = Path(importlib.import_module(name).__file__ or "")
            digest.update(f"{installed} {installed.stat().st_mtime_ns}".encode())
        package = Path(__file__).parent
        for module in sorted(package.rglob("*.py")):
            if not module.name.startswith(".") and "__pycache__" not in module.parts:  # not an editor's lock file
                status = module.stat()
                digest.update(f"{module.relative_to(package)} {status.st_size} {status.st_mtime_ns}".encode())
    except (ImportError, OSError):
        return None
    return digest.hexdigest()
