"""An Atom 1.0 feed (RFC 4287) of the policy's changes, for people who want to be told of each one.

Built with ElementTree, so every string from the content or a commit is character data, never markup; each
entry's content is the history page's own Markdown for that change, rendered and passed through the same
sanitiser as every page, then escaped as `type="html"`. Characters XML 1.0 forbids (a commit subject may hold
control characters) are dropped, so the feed stays well-formed whatever the history holds. Ids are `urn:uuid`
names derived from the commits, and times are commit times: the same history gives the same feed, wherever
and whenever it is built.
"""

from __future__ import annotations

import datetime
import re
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from . import sanitize
from .history_page import FeedEntry

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50  # newest entries in the feed; the page keeps the whole history
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EXTENSIONS = ["admonition", "attr_list", "tables"]  # as mkdocs.yml: the entries are the page's Markdown


def atom_feed(entries: list[FeedEntry], *, title: str, page_url: str, feed_url: str, identity: str, fallback: datetime.datetime) -> str:
    """The feed as XML text. ``page_url`` and ``feed_url`` may be relative (to the feed); ``identity`` names the
    site for the feed's id; ``fallback`` is its time when there is no entry (the build time)."""
    import markdown  # type: ignore[import-untyped]  # Python-Markdown, as MkDocs renders the page

    ET.register_namespace("", ATOM)
    feed = ET.Element(_atom("feed"))
    shown = entries[:LIMIT]
    updated = max((_time(entry.change_set.commit.timestamp) for entry in shown), default=fallback)
    _add(feed, "id", _urn(identity))
    _add(feed, "title", title)
    _add(feed, "updated", updated.isoformat())
    ET.SubElement(feed, _atom("link"), rel="self", type="application/atom+xml", href=_xml(feed_url))
    ET.SubElement(feed, _atom("link"), rel="alternate", type="text/html", href=_xml(page_url))
    author = ET.SubElement(feed, _atom("author"))
    _add(author, "name", title)
    renderer = markdown.Markdown(extensions=_EXTENSIONS)
    for entry in shown:
        feed.append(_entry(entry, page_url, renderer))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(entry: FeedEntry, page_url: str, renderer: Any) -> ET.Element:
    commit = entry.change_set.commit
    element = ET.Element(_atom("entry"))
    _add(element, "id", _urn(commit.sha))  # the same wherever the site moves
    _add(element, "title", entry.title)
    _add(element, "updated", _time(commit.timestamp).isoformat())
    ET.SubElement(element, _atom("link"), rel="alternate", type="text/html", href=_xml(f"{page_url}#{entry.anchor}"))
    author = ET.SubElement(element, _atom("author"))
    _add(author, "name", commit.author or "unknown")
    html = sanitize.page_html(renderer.reset().convert(entry.body))
    _add(element, "content", html).set("type", "html")
    return element


def _add(parent: ET.Element, name: str, value: str) -> ET.Element:
    child = ET.SubElement(parent, _atom(name))
    child.text = _xml(value)
    return child


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _xml(value: str) -> str:
    return _NOT_XML.sub("", value)


def _time(timestamp: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC)


def _urn(name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"openrubric:{name}").urn
