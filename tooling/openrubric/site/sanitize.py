"""The last step before a page is published: its HTML keeps only what an allowlist names, its titles are text.

Everything under `policy/`, `rubrics/`, `schemas/`, the templates and the hand-written pages under `site/` arrives
by pull request, so none of it may run script on the site. The generated pages escape what they take from
the content (`escaping.text`), but Markdown written by people (the policy, the templates, the hand-written
pages) may hold links and attribute lists, and some other escaping could be missed. As trusted static-site
generators do (Hugo's Goldmark never emits a `javascript:` link nor raw HTML from content), every page's HTML
goes through an allowlist sanitiser, ammonia through `nh3`: tags and attributes it does not name are dropped,
links keep only http, https, mailto, relative and fragment URLs, and no `on*` handler or `<script>` survives.

nh3 is imported where it is used: `openrubric check` never loads this module.
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import urlsplit

_TAGS = {
    *("a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div"),
    *("dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd"),
    *("li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup"),
    *("table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr"),
    # The charts (`charts.py`): shapes and text, nothing that links, animates or embeds.
    *("svg", "title", "text", "rect"),
}
_ATTRIBUTES = {
    # Ids for anchors and permalinks; classes for admonitions, the home page's cards and attr_list.
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    # Column alignment from the tables extension; `_STYLES` keeps only that property.
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "svg": {"xmlns", "role", "width", "height", "viewBox"},
    "text": {"x", "y", "font-size", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "fill"},
}
_STYLES = {"text-align"}
_URL_SCHEMES = {"http", "https", "mailto"}  # besides relative URLs and fragments, which carry no scheme
# A host named without a scheme: browsers read `\\host` as `//host`.
_OTHER_HOST = re.compile(r"^\s*[/\\]{2}")


def page_html(html: str) -> str:
    """A page's HTML with only the allowed tags, attributes and URL schemes, and no comment."""
    import nh3

    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes=_URL_SCHEMES,
        filter_style_properties=_STYLES,
        link_rel=None,
    )


def plain_text(html: str) -> str:
    """HTML (or text) as plain text escaped for an element or a quoted attribute, on one line.

    For titles, table-of-contents entries and front matter, which the theme prints as they are."""
    import nh3

    shown = unescape(nh3.clean(html, tags=set()))
    return escape(" ".join(shown.split()), quote=True)


def _attribute(tag: str, name: str, value: str) -> str | None:
    # The theme's own ids and storage keys start with "__": a page's `#__config` would be read as the theme's
    # configuration, which names the script its search runs.
    if name == "id" and value.startswith("__"):
        return None
    # An image from another host would call it from every reader's browser.
    if name == "src" and not _is_local(value):
        return None
    return value


def _is_local(url: str) -> bool:
    try:
        scheme = urlsplit(url.strip()).scheme
    except ValueError:  # such as an unclosed IPv6 address
        return False
    return not scheme and not _OTHER_HOST.match(url)
