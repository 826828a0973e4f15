"""The content repository: where its root is, which files it holds, what kind each file is, and how one is opened."""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

CONTENT_DIRS = ("policy", "rubrics", "narratives", "schemas", "site")


class Kind(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    syntax: str  # yaml | markdown | json
    schema: str | None  # file name of the schema in force (packaged, or the repository's schemas/); schema files are checked against the metaschema, pages against none


# First match wins. README files are documentation, not content.
KINDS = (
    Kind("rubric", re.compile(r"rubrics/rubric\.ya?ml"), "yaml", "rubric.schema.json"),
    Kind("metrics", re.compile(r"rubrics/metrics\.ya?ml"), "yaml", "metrics.schema.json"),
    Kind("changelog", re.compile(r"rubrics/changelog\.ya?ml"), "yaml", "changelog.schema.json"),
    Kind("guardrails", re.compile(r"policy/guardrails\.ya?ml"), "yaml", "guardrails.schema.json"),
    Kind("policy", re.compile(r"policy/(?!README\.md$)[^/]+\.md"), "markdown", "policy.schema.json"),
    Kind("template", re.compile(r"narratives/templates/(?!README\.md$)[^/]+\.md"), "markdown", "template.schema.json"),
    Kind("narrative", re.compile(r"narratives/(?!templates/)(?:.+/)?(?!README\.md$)[^/]+\.md"), "markdown", "narrative.schema.json"),
    Kind("schema", re.compile(r"schemas/[^/]+\.json"), "json", None),
    # The site's hand-written pages: published as they are, so their prose is read like the policy's.
    Kind("page", re.compile(r"site/(?:.+/)?[^/]+\.md"), "markdown", None),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
# The files every repository must have; each names the kind it is.
REQUIRED_FILES = {
    "rubric": "rubrics/rubric.yaml",
    "metrics": "rubrics/metrics.yaml",
    "guardrails": "policy/guardrails.yaml",
    "policy": "policy/policy.md",
}


@lru_cache(maxsize=8192)
def kind_of(path: str) -> Kind | None:
    return next((kind for kind in KINDS if kind.pattern.fullmatch(path)), None)


class PathError(ValueError):
    """A path given on the command line that cannot be checked."""


# No rubric, policy or narrative needs more; a file that size is generated or pasted by mistake.
MAX_FILE_BYTES = 1024 * 1024


class RefusedFile(Exception):
    """A content path that is never read: the message says why."""


class LinkOutside(RefusedFile):
    """A symbolic link that leads outside the repository."""


class SpecialFile(RefusedFile):
    """A FIFO, socket or device: not a file that holds content."""


class TooLarge(RefusedFile):
    """A file larger than any content file needs to be."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the file is {size:,} bytes; content files may be at most {MAX_FILE_BYTES:,} bytes")
        self.size = size


# Opening a FIFO for reading waits for a writer, forever; O_NONBLOCK returns at once and changes nothing for
# regular files, so the file's type can be checked before anything is read.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_SPECIAL_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFDIR: "a folder"}


def inside(root: Path, file: Path | str) -> bool:
    """Whether ``file``, with every symbolic link followed, lies under ``root``."""
    return os.path.realpath(file).startswith(os.path.join(os.path.realpath(root), ""))


def special_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file, such as "a FIFO"; None for a regular file."""
    return None if stat.S_ISREG(mode) else _SPECIAL_KINDS.get(stat.S_IFMT(mode), "not a regular file")


def refusal_to_read(root: Path, file: Path) -> str | None:
    """Why ``file`` must not be read (it leads outside ``root``, or is a special file), or None. For files
    another program opens, such as the hand-written pages MkDocs publishes."""
    if not inside(root, file):
        return f"a symbolic link to {os.path.realpath(file)}, outside the repository"
    try:
        kind = special_kind(os.stat(file).st_mode)
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    return f"{kind}, not a regular file" if kind else None


def read_content(root: Path, path: str) -> bytes:
    """The bytes of ``root/path``. Raises RefusedFile for a link leading out of ``root``, a special file or one
    larger than MAX_FILE_BYTES, and OSError when it cannot be read.

    ``path`` comes from ``discover`` or ``relative``, whose folders never lead outside ``root``: only the file
    itself can be such a link. It is opened without following one first, which costs nothing when it is not.
    """
    file = os.path.join(root, path)
    try:
        descriptor = os.open(file, _READ_FLAGS | os.O_NOFOLLOW)
    except OSError:
        if not os.path.islink(file):
            raise
        if not inside(root, file):
            raise LinkOutside(f"a symbolic link to {os.path.realpath(file)}, outside the repository; content is read only from inside it") from None
        descriptor = os.open(file, _READ_FLAGS)
    try:
        return _read_regular(descriptor)
    finally:
        os.close(descriptor)


def _read_regular(descriptor: int) -> bytes:
    status = os.fstat(descriptor)
    kind = special_kind(status.st_mode)
    if kind is not None:
        raise SpecialFile(f"{kind}, not a regular file; content files are read only when they are plain files")
    if status.st_size > MAX_FILE_BYTES:
        raise TooLarge(status.st_size)
    chunks, total = [], 0
    while chunk := os.read(descriptor, MAX_FILE_BYTES + 1 - total):
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_FILE_BYTES:  # it grew since fstat
            raise TooLarge(total)
    return b"".join(chunks)


@dataclass(frozen=True)
class Repository:
    root: Path

    @classmethod
    def around(cls, start: Path) -> Repository:
        """The content around ``start``: the nearest folder, from ``start`` up to its git work tree, that holds
        one of the REQUIRED_FILES (so that a policy kept in ``hr/`` of a monorepo is found from there); else
        the git work tree, or ``start`` itself outside git.

        A plain walk up to ``.git`` (a folder, or a file in worktrees and submodules): importing GitPython
        for this alone would cost a third of the start-up budget of a pre-commit run.
        """
        start = start.resolve()
        for folder in (start, *start.parents):
            if any((folder / path).is_file() for path in REQUIRED_FILES.values()):
                return cls(folder)
            if (folder / ".git").exists():
                return cls(folder)
        return cls(start)

    @classmethod
    def chosen(cls, root: Path | None) -> Repository:
        """The repository a command works on: ``--root`` when given, else the one around the current directory."""
        return cls(root.resolve()) if root is not None else cls.around(Path.cwd())

    def work_tree(self) -> Path:
        """The git work tree holding the content (the content's root itself outside git). Paths in reports
        are relative to it, so that annotations land on the files a pull request shows."""
        for folder in (self.root, *self.root.parents):
            if (folder / ".git").exists():
                return folder
        return self.root

    def discover(self, *, narratives: bool = True) -> list[str]:
        """Every content file, as sorted repository-relative POSIX paths; without the narratives (but with
        their templates) when ``narratives`` is False, which spares a pre-commit run walking thousands.

        Files that are links or special files are listed too: reading them is refused with a finding. A
        content folder that links outside the repository is not walked (see ``folders_outside``).
        """
        found = []
        outside = self.folders_outside()
        for top in CONTENT_DIRS:
            if top in outside:
                continue
            for folder, subfolders, files in os.walk(self.root / top):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                if top == "narratives" and not narratives and Path(folder) == self.root / top:
                    subfolders[:] = [name for name in subfolders if name == "templates"]
                for name in files:
                    relative = Path(folder, name).relative_to(self.root).as_posix()
                    if kind_of(relative):
                        found.append(relative)
        return sorted(found)

    def folders_outside(self) -> list[str]:
        """The content folders that are symbolic links leading outside the repository."""
        return [top for top in CONTENT_DIRS if os.path.islink(self.root / top) and not inside(self.root, self.root / top)]

    def survey(self) -> Survey:
        """The content files a whole-repository run reads: all but those git ignores, as other linters do."""
        found = self.discover()
        # Asked positively: git lists no FIFO as untracked, and those must still be reported.
        ignored = self._git_ls_files("--others", "--ignored", "--exclude-standard", "--directory", pathspecs=CONTENT_DIRS)
        if ignored is None:  # outside git nothing is ignored, and nothing is tracked
            return Survey(found, frozenset())
        folders = tuple(path for path in ignored if path.endswith("/"))
        files = set(ignored)
        kept = [path for path in found if path not in files and not path.startswith(folders)]
        return Survey(kept, self.tracked(list(CONTENT_DIRS)))

    def tracked(self, pathspecs: list[str]) -> frozenset[str]:
        """The files under ``pathspecs`` that git tracks (committed or staged); none outside git."""
        return frozenset(self._git_ls_files("--cached", pathspecs=pathspecs) or ())

    def ignores(self, path: str) -> bool | None:
        """Whether git ignores ``path`` (which need not exist) by a pattern, tracked or not; None outside git."""
        import subprocess

        command = ["git", "check-ignore", "--quiet", "--no-index", "--", path]
        try:
            completed = subprocess.run(command, cwd=self.root, capture_output=True, check=False)  # noqa: S603 - fixed git arguments
        except OSError:
            return None
        return {0: True, 1: False}.get(completed.returncode)

    def _git_ls_files(self, *options: str, pathspecs: list[str] | tuple[str, ...]) -> list[str] | None:
        """`git ls-files` run at the root, paths relative to it; None outside a git work tree or without git."""
        import subprocess

        command = ["git", "ls-files", "-z", *options, "--", *pathspecs]
        try:
            completed = subprocess.run(command, cwd=self.root, capture_output=True, check=False)  # noqa: S603 - fixed git arguments
        except OSError:
            return None
        if completed.returncode != 0:
            if b"not a git repository" not in completed.stderr:  # such as git refusing a folder another user owns
                reason = os.fsdecode(completed.stderr).strip().splitlines()[:1]
                print(f"openrubric: warning: git could not list the files (so none is skipped as ignored, nor found committed): {' '.join(reason)}", file=sys.stderr)
            return None
        return os.fsdecode(completed.stdout).split("\0")[:-1]

    def relative(self, given: str, cwd: Path, *, must_exist: bool = True) -> str:
        """``given`` (relative to ``cwd`` or absolute) as a repository-relative POSIX path.

        The file's own name is not resolved: a link is checked (and refused when it leads outside) where
        it is read, with a finding, like a link found by discovery. ``must_exist`` is False for the name
        given to content read from standard input.
        """
        path = cwd / given
        path = path.parent.resolve() / path.name
        try:
            relative = path.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise PathError(f"{given}: outside the repository at {self.root}") from None
        if os.path.isdir(path) or (must_exist and not os.path.lexists(path)):
            raise PathError(f"{given}: no such file")
        return relative


class Survey(NamedTuple):
    """What a whole-repository run reads, and which of those files git tracks (for the personal-data rule)."""

    paths: list[str]
    tracked: frozenset[str]
