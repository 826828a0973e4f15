"""Which pages the site has, built from the content of one repository. Narratives are never read."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..content import Content
from ..findings import Finding
from ..loading import Document
from ..narratives import TemplateFailed, example_level, render_example
from ..repository import Repository
from ..rules.schema import check_schema_file
from . import pages
from .escaping import code, text, text_values
from .feed import atom_feed
from .history import PATHS, History, last_changed, read_history
from .history_page import FEED, feed_entries, history_page
from .lint_reference import URI as LINT_RULES_URI
from .lint_reference import lint_rules_page
from .progression import step_pages, worksheet_pages
from .reference import reference_pages, stem


class ContentError(Exception):
    """The content cannot be published; the message says what to fix."""


@dataclass(frozen=True)
class Site:
    pages: dict[str, str]  # page path -> Markdown
    version_note: str  # which rubric version the site shows and whether it is in force, for hand-written pages
    files: dict[str, str] = field(default_factory=dict)  # other generated files: path -> text (the history's feed)
    sources: dict[str, list[str]] = field(default_factory=dict)  # page path -> the content files it is generated from


def site_pages(repository: Repository, repo_url: str | None = None, *, site_url: str | None = None, site_name: str = "Policy") -> Site:
    """Every generated page, each starting with the rubric version it shows and ending with when its sources
    last changed; and the history's feed, titled after ``site_name`` and linking to ``site_url`` when known."""
    content = Content.load(repository, [])  # shared files only: no narrative is loaded
    rubric, metrics, guardrails = content.single("rubric"), content.single("metrics"), content.single("guardrails")
    if rubric is None or metrics is None or guardrails is None:
        raise _unpublishable("the rubric, metrics or guardrails", content.findings)
    # The reference pages read every keyword of a schema in the shape the metaschema gives it.
    if broken := [finding for document in content.of_kind("schema") if document.readable for finding in check_schema_file(document)]:
        raise _unpublishable("the repository's schemas", broken)
    pages_and_sources = {
        "rubric/levels.md": (pages.level_comparison(rubric.data), [rubric.path]),  # type: ignore[arg-type]
        "rubric/scale.md": (pages.scale(rubric.data), [rubric.path]),  # type: ignore[arg-type]
        "rubric/metrics.md": (pages.metrics(metrics.data, _schema(content, "metrics.schema.json")), [metrics.path]),  # type: ignore[arg-type]
        "policy/guardrails.md": (pages.guardrails(guardrails.data, rubric.data["scale"]), [guardrails.path]),  # type: ignore[arg-type, index]
    }
    for level in rubric.data["levels"]:  # type: ignore[index]
        pages_and_sources[f"rubric/scorecard-{level['id'].lower()}.md"] = (pages.scorecard(rubric.data, level), [rubric.path])  # type: ignore[arg-type]
    for uri, page in step_pages(rubric.data, metrics.data).items():  # type: ignore[arg-type]
        pages_and_sources[uri] = (page, [rubric.path, metrics.path])
    for uri, page in worksheet_pages(rubric.data, guardrails.data).items():  # type: ignore[arg-type]
        pages_and_sources[uri] = (page, [rubric.path, guardrails.path])
    pages_and_sources[LINT_RULES_URI] = (lint_rules_page(guardrails.data), [guardrails.path])  # type: ignore[arg-type]
    for policy in content.valid("policy"):
        pages_and_sources[f"policy/{policy.path.rsplit('/', 1)[-1]}"] = (_policy_page(policy.data, policy.body), [policy.path])  # type: ignore[arg-type]
    # Not "templates/": MkDocs leaves that folder out of every build by default.
    for template in content.valid("template"):
        try:
            page = _template_page(rubric.data, guardrails.data, template)  # type: ignore[arg-type]
        except TemplateFailed as failure:
            raise ContentError(str(failure)) from None
        pages_and_sources[f"narrative-templates/{template.data['id']}.md"] = (page, [template.path, rubric.path, guardrails.path])  # type: ignore[index]
    schemas = _valid_schemas(content)
    packaged: dict[str, str] = {}
    for uri, page in reference_pages({name: schema.data for name, schema in schemas.items()}).items():  # type: ignore[misc]
        own = [schema.path for name, schema in schemas.items() if uri == f"reference/{stem(name)}.md"]
        sources = [path for path in own or [schema.path for schema in schemas.values()] if path.startswith("schemas/")]
        if sources:
            pages_and_sources[uri] = (page, sources)
        else:
            packaged[uri] = f"{page.rstrip()}\n\n---\n\n*Generated from the schemas shipped with openrubric {__version__}.*\n"
    history = read_history(repository)
    document = content.single("changelog")
    changelog = document.data if document is not None and isinstance(document.data, dict) else None
    today = build_date().isoformat()
    result = {uri: _with_provenance(page, sources, history, repo_url) for uri, (page, sources) in pages_and_sources.items()}
    result.update(packaged)
    page = history_page(history, repo_url, changelog=changelog, today=today)
    result["history.md"] = _with_provenance(page, [], history, repo_url, every_source=True)
    note = pages.version_note(rubric.data, changelog, today)  # type: ignore[arg-type]
    sources_by_uri = {uri: page_sources for uri, (_, page_sources) in pages_and_sources.items()}
    feed = {FEED: _feed(history, repo_url, changelog, site_url, site_name)}
    return Site({uri: _with_version(page, note) for uri, page in result.items()}, note, feed, sources_by_uri)


def _feed(history: History, repo_url: str | None, changelog: dict[str, Any] | None, site_url: str | None, site_name: str) -> str:
    # Relative links resolve against the feed's own address, beside the page.
    page_url, feed_url = (f"{site_url.rstrip('/')}/history/", f"{site_url.rstrip('/')}/{FEED}") if site_url else ("./", "feed.xml")
    built = datetime.datetime.combine(build_date(), datetime.time(), datetime.UTC)
    entries = feed_entries(history, repo_url, changelog=changelog)
    return atom_feed(entries, title=f"{site_name}: changes", page_url=page_url, feed_url=feed_url, identity=site_url or repo_url or site_name, fallback=built)


def build_date() -> datetime.date:
    """Today in UTC, or the day of `SOURCE_DATE_EPOCH` when set, as reproducible builds ask."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.datetime.now(datetime.UTC).date()
    try:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise ContentError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, not {epoch!r}") from None


def _with_version(page: str, note: str) -> str:
    """The note right under the page's title, or first when the page has none; after any front matter."""
    front = re.match(r"---\n.*?\n---\n+", page, flags=re.S)
    head, page = (front[0], page[front.end() :]) if front else ("", page)
    title, newline, rest = page.partition("\n")
    if title.startswith("# "):
        return f"{head}{title}\n\n{note}\n{newline}{rest}"
    return f"{head}{note}\n\n{page}"


def _unpublishable(what: str, findings: list[Finding]) -> ContentError:
    errors = [f"{f.path}:{f.line}:{f.column}: [{f.rule}] {f.message}" for f in findings if f.is_error]
    shown = "\n  ".join(errors[:10]) + (f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else "")
    return ContentError(f"{what} do not pass `openrubric check`; fix them before publishing:\n  {shown}")


def _valid_schemas(content: Content) -> dict[str, Document]:
    """The schemas in force by file name, without a repository's own that fail to load or to validate."""
    own = {id(document) for document in content.of_kind("schema")}
    valid = {id(document) for document in content.valid("schema")}
    return {name: schema for name, schema in content.schemas_in_force.items() if schema.readable and (id(schema) not in own or id(schema) in valid)}


def _schema(content: Content, name: str) -> dict[str, Any] | None:
    found = _valid_schemas(content).get(name)
    return found.data if found is not None and isinstance(found.data, dict) else None


def _with_provenance(page: str, sources: list[str], history: History, repo_url: str | None, *, every_source: bool = False) -> str:
    paths = list(history.last_commit) if every_source else sources
    line = last_changed(history, paths, repo_url)
    shown = ", ".join(code(path) for path in sources) or ", ".join(f"`{path}/`" for path in PATHS)
    return f"{page.rstrip()}\n\n---\n\n{line} Generated from {shown}.\n" if line else page


def _policy_page(front: dict[str, Any], body: str) -> str:
    # Hidden comments stay hidden, and raw HTML from a pull request is shown as text, never run.
    visible = re.sub(r"<!--.*?-->", "", body, flags=re.S).replace("<", "&lt;")
    return f"# {text(front.get('title', 'Policy'))}\n\n{visible}"


def _template_page(rubric: dict[str, Any], guardrails: dict[str, Any], template: Any) -> str:
    level = example_level(template, rubric)
    # The values are text here as on every other page: a level's name never becomes a link in the template.
    rendered = render_example(template, rubric, guardrails, prepare=text_values)
    rendered = re.sub(r"<!--.*?-->", "", rendered, flags=re.S)
    intro = f"*The {code(template.data['id'])} template, rendered for a fictional engineer at {text(level)}.*\n\n"
    return intro + re.sub(r"^# ", "## ", rendered, count=1, flags=re.M).replace("<", "&lt;")


def navigation(generated: dict[str, str], written: list[str]) -> list[object]:
    """The site's navigation, in MkDocs' `nav` shape: the reader's questions first, reference last.

    ``written`` are the hand-written pages: the home page leads, the others go under Help.
    """

    def under(prefix: str, first: str = "") -> list[str]:
        found = sorted(uri for uri in generated if uri.startswith(prefix) and uri != first)
        return [first, *found] if first in generated else found

    def in_rubric_order(prefix: str) -> list[str]:
        return [uri for uri in generated if uri.startswith(prefix)]  # as generated: lowest level first, L10 after L9

    groups = {"Level to level": in_rubric_order("rubric/from-"), "Self-review worksheets": in_rubric_order("rubric/worksheet-")}
    sections: list[tuple[str, Sequence[object]]] = [
        ("Your level", ["rubric/levels.md", *in_rubric_order("rubric/scorecard-"), *({t: u} for t, u in groups.items() if u), "rubric/scale.md"]),
        ("Metrics", ["rubric/metrics.md"]),
        ("Policy", [*under("policy/", "policy/policy.md")]),
        ("Narrative templates", under("narrative-templates/")),
        ("Change history", ["history.md"]),
        ("Reference", under("reference/", "reference/index.md")),
        ("Help", [page for page in written if page != "index.md"]),
    ]
    nav: list[object] = [{"Home": "index.md"}] if "index.md" in written else []
    for title, uris in sections:
        present = [uri for uri in uris if not isinstance(uri, str) or uri in generated or uri in written]
        if present:
            nav.append({title: present})
    return nav
