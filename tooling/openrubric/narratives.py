"""Drafting review narratives from templates: the rubric for one level, rendered in a sandbox."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .content import Content
from .repository import Repository

PERIOD = re.compile(r"[0-9]{4}-(?:H[12]|Q[1-4])")
# The marker a draft leaves wherever the manager must write; the narrative rules look for it.
TODO = "TODO"


class DraftError(Exception):
    """A draft cannot be made: the message says why and what to do."""


@dataclass(frozen=True)
class Request:
    engineer: str
    level: str
    period: str
    manager: str
    template: str


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


def render(template_body: str, context: dict[str, Any]) -> str:
    """The template rendered in the sandbox; any failure becomes a DraftError naming its line."""
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    from .templates import environment

    try:
        return environment().from_string(template_body).render(context)
    except SecurityError as error:
        raise DraftError(f"the template tried to reach Python internals, which templates may not: {error}") from None
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        raise DraftError(f"the template failed to render{f' at line {line}' if line else ''}: {error}") from None


def draft(repository: Repository, request: Request) -> str:
    """The text of a new narrative: front matter with placeholders for every rating, and the template's body."""
    if not PERIOD.fullmatch(request.period):
        raise DraftError(f"period '{request.period}' is not like 2026-H2 or 2026-Q3")
    content = Content.load(repository, [])
    rubric, guardrails = content.single("rubric"), content.single("guardrails")
    if rubric is None or guardrails is None:
        raise DraftError("the rubric or the guardrails do not pass `openrubric check`; fix them first")
    template = next((document for document in content.valid("template") if document.data["id"] == request.template), None)  # type: ignore[index]
    if template is None:
        known = ", ".join(sorted(document.data["id"] for document in content.valid("template")))  # type: ignore[index]
        raise DraftError(f"unknown template '{request.template}'; narratives/templates/ has: {known}")
    context = template_context(rubric.data, guardrails.data, request)  # type: ignore[arg-type]
    body = render(template.body, context)
    return f"---\n{_front_matter(request, context)}---\n{body}"


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
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "engineer"


def default_path(request: Request) -> Path:
    return Path("narratives") / "drafts" / request.period / f"{slug(request.engineer)}.md"


def write(repository: Repository, request: Request, out: Path | None, *, force: bool) -> Path:
    """Write the draft and return its path; never overwrite an existing file unless ``force``."""
    path = out if out is not None else repository.root / default_path(request)
    if path.exists() and not force:
        raise DraftError(f"{path} already exists; pass --force to overwrite it")
    text = draft(repository, request)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
