"""The MkDocs plugin: a thin layer that adds the generated pages, and a navigation for them, to the build,
and publishes no script from the content (see `sanitize.py`)."""

from __future__ import annotations

import logging
import os
import re
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from ..repository import Repository, refusal_to_read
from . import front_matter, links, sanitize, tables
from .build import ContentError, navigation, site_pages
from .history import PATHS
from .history_page import FEED

log = logging.getLogger("mkdocs.plugins.openrubric")

# Served from the site's own host, a file of these kinds runs its script with the site's rights; the theme's own
# files come from the theme, and a file under the docs folder with the same path would replace them.
RUNNABLE = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".js", ".mjs", ".cjs", ".wasm", ".swf"})


VERSION_MARKER = re.compile(r"^<!-- rubric-version -->$", re.M)


class OpenRubricConfig(Config):
    repo_url = config_options.Optional(config_options.URL())  # where `<repo_url>/commit/<sha>` shows a commit
    edit_uri = config_options.Type(str, default="edit/main/")  # `<repo_url>/<edit_uri><path>` edits a source


class OpenRubricPlugin(BasePlugin[OpenRubricConfig]):
    def on_config(self, config):  # type: ignore[no-untyped-def]
        # Generated here, not in on_files, so that the navigation can list them when mkdocs.yml has no `nav`.
        repository = Repository(Path(config.config_file_path).resolve().parent)
        self.repo_url = self.config.repo_url or links.origin_web_address(repository)
        try:
            site = site_pages(repository, repo_url=self.repo_url, site_url=config.site_url, site_name=config.site_name)
        except ContentError as error:
            raise PluginError(str(error)) from None
        self.generated, self.version_note, self.sources, self.files = site.pages, site.version_note, site.sources, site.files
        self.docs_folder = Path(os.path.relpath(Path(config.docs_dir).resolve(), repository.root.resolve())).as_posix()
        if config.nav is None:
            written = sorted(path.relative_to(config.docs_dir).as_posix() for path in Path(config.docs_dir).rglob("*.md"))
            config.nav = navigation(self.generated, written)
        return config

    def on_files(self, files: Files, *, config) -> Files:  # type: ignore[no-untyped-def]
        # MkDocs follows links in docs_dir: a link to a file elsewhere would be published and indexed.
        root = Path(config.config_file_path).resolve().parent
        for file in files:
            if file.src_dir != config.docs_dir or file.inclusion is InclusionLevel.EXCLUDED:
                continue
            source = Path(file.abs_src_path or file.src_uri)
            shown = os.path.relpath(source, root)
            if problem := refusal_to_read(root, source):
                raise PluginError(f"{shown}: {problem}; the site publishes only files in the repository")
            if PurePosixPath(file.src_uri).suffix.lower() in RUNNABLE:
                raise PluginError(
                    f"{shown}: a browser can run script from this kind of file, and the site publishes none from its "
                    "content; write the page in Markdown (images as PNG, JPEG or WebP)"
                )
            if file.src_uri.endswith(".md"):
                _decodable(source, shown)
        for uri, markdown in sorted({**self.generated, **self.files}.items()):
            files.append(File.generated(config, uri, content=markdown))
        log.debug("openrubric: %d generated pages", len(self.generated))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config, files: Files) -> str:  # type: ignore[no-untyped-def]
        # The edit link opens the page's source: a generated page's first content file, else the Markdown itself.
        sources = self.sources.get(page.file.src_uri, []) if page.file.generated_by else [PurePosixPath(self.docs_folder, page.file.src_uri).as_posix()]
        page.edit_url = links.edit_url(self.repo_url, self.config.edit_uri, sources[0]) if self.repo_url and sources else None
        if not page.file.generated_by and page.file.abs_src_path:
            _theme_keys_usable(page, config)
        # A hand-written page shows the rubric version where it writes the marker, on a line of its own.
        return VERSION_MARKER.sub(lambda _: self.version_note, markdown)

    @event_priority(-100)  # last: what other plugins add to a page is cleaned too
    def on_page_content(self, html: str, *, page: Page, config, files: Files) -> str:  # type: ignore[no-untyped-def]
        _escape_page_fields(page)
        return tables.focusable_tables(sanitize.page_html(html))

    def on_post_page(self, output: str, *, page: Page, config) -> str:  # type: ignore[no-untyped-def]
        # Browsers and feed readers find the history's feed from the page's head.
        if page.file.src_uri != "history.md":
            return output
        link = f'<link rel="alternate" type="application/atom+xml" title="Changes" href="{escape(get_relative_url(FEED, page.url))}">'
        return output.replace("</head>", f"{link}\n</head>", 1)

    def on_serve(self, server, *, config, builder):  # type: ignore[no-untyped-def]
        # The generated pages come from the content folders, which MkDocs does not watch on its own.
        root = Path(config.config_file_path).resolve().parent
        for folder in PATHS:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server



def _escape_page_fields(page: Page) -> None:
    """Titles, front matter and the table of contents as escaped text: the theme prints them as they are.

    MkDocs takes a page's title from its first heading as HTML, and the theme's `<title>` un-escapes it
    (Jinja's `striptags`), while it prints `meta.title` unchanged, so every page but the home page, whose
    `<title>` is the site's name, gets its title in `meta` too."""
    page.meta = _as_text(page.meta)
    page.title = sanitize.plain_text(str(page.title or ""))
    if "title" in page.meta or not page.is_homepage:
        page.meta["title"] = page.title
    _toc_as_text(page.toc)


def _as_text(value: Any) -> Any:
    """Front matter is YAML: its strings are text, shown as written."""
    if isinstance(value, str):
        return escape(value, quote=True)
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    return value


def _toc_as_text(items: Iterable[AnchorLink]) -> None:
    for item in items:
        item.title = sanitize.plain_text(item.title)
        item.id = escape(item.id, quote=True)  # the theme prints `#id` into an href
        _toc_as_text(item.children)


def _theme_keys_usable(page: Page, config) -> None:  # type: ignore[no-untyped-def]
    source = Path(page.file.abs_src_path or "")
    found = list(front_matter.problems(page.meta, source, config.theme))
    if found:
        shown = os.path.relpath(source, Path(config.config_file_path).resolve().parent)
        raise PluginError("\n".join(f"{shown}:{problem}" for problem in found))


def _decodable(source: Path, shown: str) -> None:
    """Refuse a hand-written page that is not UTF-8 text, as MkDocs would fail on it with a traceback."""
    raw = source.read_bytes()
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PluginError(f"{shown}:{line}: not UTF-8 text (byte 0x{error.object[error.start]:02x}); save the page as UTF-8") from None
