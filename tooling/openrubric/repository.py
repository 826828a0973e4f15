"""The content repository: where its root is, which files it holds, and what kind each file is."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONTENT_DIRS = ("policy", "rubrics", "narratives", "schemas")


@dataclass(frozen=True)
class Kind:
    name: str
    pattern: re.Pattern[str]
    syntax: str  # yaml | markdown | json
    schema: str | None  # file name under schemas/; schema files are checked against the metaschema


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


@dataclass(frozen=True)
class Repository:
    root: Path

    @classmethod
    def around(cls, start: Path) -> Repository:
        """The git work tree containing ``start``, or ``start`` itself outside git.

        A plain walk up to ``.git`` (a folder, or a file in worktrees and submodules): importing GitPython
        for this alone would cost a third of the start-up budget of a pre-commit run.
        """
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / ".git").exists():
                return cls(folder)
        return cls(start)

    @classmethod
    def chosen(cls, root: Path | None) -> Repository:
        """The repository a command works on: ``--root`` when given, else the one around the current directory."""
        return cls(root.resolve()) if root is not None else cls.around(Path.cwd())

    def discover(self, *, narratives: bool = True) -> list[str]:
        """Every content file, as sorted repository-relative POSIX paths; without the narratives (but with
        their templates) when ``narratives`` is False, which spares a pre-commit run walking thousands."""
        found = []
        for top in CONTENT_DIRS:
            for folder, subfolders, files in os.walk(self.root / top):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                if top == "narratives" and not narratives and Path(folder) == self.root / top:
                    subfolders[:] = [name for name in subfolders if name == "templates"]
                for name in files:
                    relative = Path(folder, name).relative_to(self.root).as_posix()
                    if kind_of(relative):
                        found.append(relative)
        return sorted(found)

    def relative(self, given: str, cwd: Path) -> str:
        """``given`` (relative to ``cwd`` or absolute) as a repository-relative POSIX path."""
        path = (cwd / given).resolve()
        try:
            relative = path.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise PathError(f"{given}: outside the repository at {self.root}") from None
        if not path.is_file():
            raise PathError(f"{given}: no such file")
        return relative
