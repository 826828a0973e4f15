"""Drafting review narratives from templates: the rubric for one level, rendered in a sandbox."""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import yaml

from . import yaml12
from .content import Content
from .periods import PATH_SAFE, is_period, period_format
from .repository import Repository, inside, read_content

if TYPE_CHECKING:
    from .loading import Document
    from .templates import Problem

# The marker a draft leaves wherever the manager must write; the narrative rules look for it.
TODO = "TODO"
MAX_SLUG = 60  # characters of a draft's file name taken from the engineer's name
MAX_NUMBER = 99  # drafts for different engineers whose names give the same file name, in one period
DRAFT_MODE = 0o600  # personal data: readable by its author only


class DraftError(Exception):
    """A draft cannot be made: the message says why and what to do."""


class TemplateFailed(DraftError):
    """A template does not render. ``problems`` are placed at lines of its file; the message has one
    ``path:line: why`` line for each, as `check` reports them."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        super().__init__("\n".join(f"{path}:{problem.line}: {problem.message}" for problem in problems))
        self.path, self.problems = path, problems


@dataclass(frozen=True)
class Request:
    engineer: str
    level: str
    period: str
    manager: str
    template: str | None  # None: the template for the rubric's first purpose


def template_context(rubric: dict[str, Any], guardrails: dict[str, Any], request: Request) -> dict[str, Any]:
    """The variables a template is rendered with (the names in ``templates.VARIABLES``)."""
    level = next((entry for entry in rubric["levels"] if entry["id"] == request.level), None)
    if level is None:
        known = ", ".join(entry["id"] for entry in rubric["levels"])
        raise DraftError(f"unknown level '{request.level}'; the rubric defines: {known}")
    categories = [{**category, "weight": level["weights"][category["id"]]} for category in rubric["categories"] if category["id"] in level["weights"]]
    return {
        "engineer": request.engineer,
        "manager": request.manager,
        "period": request.period,
        "level": level,
        "categories": categories,
        "scale": rubric["scale"],
        "rubric_version": rubric["version"],
        "evidence": guardrails["evidence"],
    }


def render(template: Document, context: dict[str, Any]) -> str:
    """The template's body rendered for ``context``; a failure is a TemplateFailed at lines of its file."""
    from .templates import TemplateFailure
    from .templates import render as render_body

    try:
        return render_body(template.body, context)
    except TemplateFailure as failure:
        raise TemplateFailed(template.path, [in_file(template, problem) for problem in failure.problems]) from None


def in_file(template: Document, problem: Problem) -> Problem:
    """``problem``, placed at a line of the template's file rather than of its body."""
    return dataclasses.replace(problem, line=template.body_line + problem.line - 1)


def example_level(template: Document, rubric: dict[str, Any]) -> str:
    """The level an example is drafted for: the first, or the second for a purpose `for_next_level` (such as
    a promotion case), since nobody moves up into the lowest level."""
    levels = rubric["levels"]
    purpose = template.data.get("purpose") if isinstance(template.data, dict) else None
    next_level = any(entry["id"] == purpose and entry.get("for_next_level") for entry in rubric["purposes"])
    return str(levels[1 if next_level and len(levels) > 1 else 0]["id"])


def render_example(
    template: Document, rubric: dict[str, Any], guardrails: dict[str, Any], *, prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None
) -> str:
    """The template rendered for a fictional engineer at `example_level`: what `check` tries and the site
    shows. ``prepare`` turns the context's values into what the caller needs (the site: plain text)."""
    period = rubric["periods"]["example"]
    request = Request("Alex Example", example_level(template, rubric), period, "Sam Example", template.data["id"])  # type: ignore[index]
    context = template_context(rubric, guardrails, request)
    return render(template, prepare(context) if prepare else context)


def draft(repository: Repository, request: Request) -> str:
    """The text of a new narrative: front matter with placeholders for every rating, and the template's body."""
    content = Content.load(repository, [])
    rubric, guardrails = content.single("rubric"), content.single("guardrails")
    if rubric is None or guardrails is None:
        raise DraftError("the rubric or the guardrails do not pass `openrubric check`; fix them first")
    _check_period(rubric, request.period)
    template = _template(content.valid("template"), rubric.data, request.template)  # type: ignore[arg-type]
    request = dataclasses.replace(request, template=template.data["id"])  # type: ignore[index]
    context = template_context(rubric.data, guardrails.data, request)  # type: ignore[arg-type]
    body = render(template, context)
    return f"---\n{_front_matter(request, context)}---\n{body}"


def _check_period(rubric: Document, period: str) -> None:
    if not is_period(rubric.data, period):  # type: ignore[arg-type]
        raise DraftError(f"period '{period}' is not a review period of {rubric.path}: use {period_format(rubric.data)}")  # type: ignore[arg-type]
    if not PATH_SAFE.fullmatch(period):
        raise DraftError(f"period '{period}' cannot name the drafts' folder: use letters, digits, '.', '_' and '-' (at most 40, not starting with '.')")


def _template(templates: list[Document], rubric: dict[str, Any], wanted: str | None) -> Document:
    """The template with id ``wanted``; when None, the one template for the rubric's first purpose."""
    known = ", ".join(sorted(document.data["id"] for document in templates))  # type: ignore[index]
    if wanted is not None:
        found = [document for document in templates if document.data["id"] == wanted]  # type: ignore[index]
        if not found:
            raise DraftError(f"unknown template '{wanted}'; narratives/templates/ has: {known or 'no valid template'}")
        return found[0]
    purpose = rubric["purposes"][0]["id"]
    found = [document for document in templates if document.data["purpose"] == purpose]  # type: ignore[index]
    if len(found) != 1:
        what = "no template" if not found else f"{len(found)} templates"
        raise DraftError(f"{what} for the first purpose of the rubric, '{purpose}'; pass --template (narratives/templates/ has: {known or 'none'})")
    return found[0]


def _front_matter(request: Request, context: dict[str, Any]) -> str:
    placeholder = {"ref": TODO, "summary": f"{TODO}: what this item shows"}
    ratings = {
        category["id"]: {"rating": TODO.lower(), "evidence": [dict(placeholder) for _ in range(context["evidence"]["minimum_items"])]}
        for category in context["categories"]
    }
    data = {
        "engineer": request.engineer,
        "level": request.level,
        "period": request.period,
        "manager": request.manager,
        "template": request.template,
        "ratings": ratings,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def slug(name: str) -> str:
    """A readable ASCII file name for ``name``, in any script: "Zoë Ñúñez" -> "zoe-nunez", "李明" -> "li-ming"."""
    words = re.sub(r"[^a-z0-9]+", "-", _transliterated(name).lower()).strip("-")
    return words[:MAX_SLUG].rstrip("-") or "engineer"


def _transliterated(name: str) -> str:
    from anyascii import anyascii  # only drafting needs it

    pieces = []
    for character in name:
        latin = anyascii(character)
        # Caseless scripts come out as "LiMing": a capital the source did not have starts a new syllable.
        if latin[:1].isupper() and not character.isascii() and not character.isupper():
            latin = "-" + latin
        pieces.append(latin)
    return "".join(pieces)


def default_path(request: Request) -> Path:
    return Path("narratives") / "drafts" / request.period / f"{slug(request.engineer)}.md"


def write(repository: Repository, request: Request, out: Path | None, *, force: bool) -> Path:
    """Write the draft and return its path.

    Never through a symbolic link, never outside the repository, never over another engineer's draft (or a
    file that is not a draft), and over the same engineer's draft only with ``force``. When another
    engineer's name gives the same file name, the default path gets a number: `li-min-2.md`.
    """
    path = _chosen_path(repository, request, Path(os.path.abspath(out)) if out is not None else None, force=force)
    text = draft(repository, request)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DraftError(f"cannot write {path}: cannot make its folder {path.parent}: {error.strerror or error}") from None
    _unsafe(repository, path)  # again: a folder just made could have been a link
    try:
        if os.path.lexists(path):
            _replace(path, text)
        else:
            _create(path, text)
    except FileExistsError:
        raise DraftError(f"{path} appeared while the draft was being written; run the command again") from None
    except OSError as error:
        raise DraftError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def _chosen_path(repository: Repository, request: Request, out: Path | None, *, force: bool) -> Path:
    candidates = [out] if out is not None else _numbered(repository.root / default_path(request))
    for path in candidates:
        _unsafe(repository, path)
        if not os.path.lexists(path):
            return path
        owner = _engineer_of(path)
        if owner == request.engineer:
            if not force:
                raise DraftError(f"{path} already exists; pass --force to overwrite it")
            return path
        if owner is None:
            raise DraftError(f"{path} exists and is not a draft openrubric can read; move it away, even --force does not overwrite it")
        if out is not None:
            raise DraftError(f"{path} is the draft of another engineer ({owner}); choose another --out, even --force does not overwrite it")
    raise DraftError(f"{len(candidates)} drafts for other engineers are already named like {candidates[0].name}; pass --out")


def _numbered(first: Path) -> list[Path]:
    """The default path, then the same with -2, -3, ...: for engineers whose names give the same file name."""
    return [first, *(first.with_name(f"{first.stem}-{number}.md") for number in range(2, MAX_NUMBER + 1))]


def _unsafe(repository: Repository, path: Path) -> None:
    """Refuse a target a draft must never be written to."""
    if os.path.islink(path):
        raise DraftError(f"{path} is a symbolic link; a draft is never written through one: remove it or choose another --out")
    if os.path.isdir(path):
        raise DraftError(f"{path} is a folder; --out takes a file name, such as {path / 'name.md'}")
    if not inside(repository.root, path):
        raise DraftError(f"{path} is outside the repository at {repository.root}; drafts are written only inside it, in narratives/drafts/ (which git ignores)")
    if ".git" in Path(os.path.realpath(path)).relative_to(os.path.realpath(repository.root)).parts:
        raise DraftError(f"{path} is inside .git, which only git writes")


def _engineer_of(path: Path) -> str | None:
    """The ``engineer`` of the draft at ``path``, or None when it is not a readable draft."""
    try:
        text = read_content(path.parent, path.name).decode("utf-8-sig")
        front = text.split("---\n", 2)[1] if text.startswith("---\n") else ""
        data = yaml12.load(front)
    except Exception:  # noqa: BLE001 - any file that cannot be read as a draft is "not a draft"
        return None
    engineer = data.get("engineer") if isinstance(data, dict) else None
    return engineer if isinstance(engineer, str) else None


def _create(path: Path, text: str) -> None:
    # O_EXCL and O_NOFOLLOW: a file or link that appeared since the checks is never written through.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags, DRAFT_MODE), "w", encoding="utf-8") as handle:
        handle.write(text)


def _replace(path: Path, text: str) -> None:
    """Replace the same engineer's draft: a new file in the same folder, renamed over the old one (a rename
    replaces a link rather than writing through it, and a failure leaves the old draft whole)."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:40]}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
