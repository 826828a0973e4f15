"""Which pages the site has, built from the content of one repository. Narratives are never read."""

from __future__ import annotations

import re
from typing import Any

from ..content import Content
from ..narratives import Request, render, template_context
from ..repository import Repository
from . import pages
from .history import history_page


class ContentError(Exception):
    """The content cannot be published; the message says what to fix."""


def site_pages(repository: Repository) -> dict[str, str]:
    """Page path -> Markdown for every generated page."""
    content = Content.load(repository, [])  # shared files only: no narrative is loaded
    rubric, metrics, guardrails = content.single("rubric"), content.single("metrics"), content.single("guardrails")
    if rubric is None or metrics is None or guardrails is None:
        raise ContentError("the rubric, metrics or guardrails do not pass `openrubric check`; fix them before publishing")
    result = {
        "rubric/levels.md": pages.level_comparison(rubric.data),  # type: ignore[arg-type]
        "rubric/scale.md": pages.scale(rubric.data),  # type: ignore[arg-type]
        "rubric/metrics.md": pages.metrics(metrics.data),  # type: ignore[arg-type]
        "policy/guardrails.md": pages.guardrails(guardrails.data),  # type: ignore[arg-type]
        "history.md": history_page(repository),
    }
    for level in rubric.data["levels"]:  # type: ignore[index]
        result[f"rubric/scorecard-{level['id'].lower()}.md"] = pages.scorecard(rubric.data, level)  # type: ignore[arg-type]
    for policy in content.valid("policy"):
        result[f"policy/{policy.path.rsplit('/', 1)[-1]}"] = _policy_page(policy.data, policy.body)  # type: ignore[arg-type]
    # Not "templates/": MkDocs leaves that folder out of every build by default.
    for template in content.valid("template"):
        result[f"narrative-templates/{template.data['id']}.md"] = _template_page(rubric.data, guardrails.data, template)  # type: ignore[arg-type, index]
    return result


def _policy_page(front: dict[str, Any], body: str) -> str:
    # Hidden comments stay hidden, and raw HTML from a pull request is shown as text, never run.
    visible = re.sub(r"<!--.*?-->", "", body, flags=re.S).replace("<", "&lt;")
    return f"# {pages.text(front.get('title', 'Policy'))}\n\n{visible}"


def _template_page(rubric: dict[str, Any], guardrails: dict[str, Any], template: Any) -> str:
    level = rubric["levels"][0]["id"]
    request = Request("Alex Example", level, "2026-H2", "Sam Example", template.data["id"])
    rendered = render(template.body, template_context(rubric, guardrails, request))
    rendered = re.sub(r"<!--.*?-->", "", rendered, flags=re.S)
    intro = f"*The `{pages.text(template.data['id'])}` template, rendered for a fictional engineer at {pages.text(level)}.*\n\n"
    return intro + re.sub(r"^# ", "## ", rendered, count=1, flags=re.M).replace("<", "&lt;")
