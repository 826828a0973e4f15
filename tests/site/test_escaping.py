"""Text from the content becomes Markdown that shows exactly that text: no tag, link or attribute, wherever it lands."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from conftest import PROJECT
from payloads import BLOCKS, INLINE

from openrubric.site.escaping import code, text, text_values, text_with_email_links


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
# The loader turns every tag into None, so nothing is instantiated.
MKDOCS = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), _IgnoreTags)  # noqa: S506
EXTENSIONS = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in MKDOCS["markdown_extensions"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Operational outcomes", "Operational outcomes"),
        ("Lead time, 2026-01-01 (p50/p90); 100% of deploys?", "Lead time, 2026-01-01 (p50/p90); 100% of deploys?"),
        ("  several\n  lines\tand  spaces ", "several lines and spaces"),
        ("""a <b> & "c" 'd'""", "a &lt;b&gt; &amp; &quot;c&quot; &#x27;d&#x27;"),
        ("</title><script>", "&lt;/title&gt;&lt;script&gt;"),
        ("[x](javascript:alert(1))", "&#91;x&#93;(javascript&#58;alert(1))"),
        ("[x][r] [r]: javascript:alert(1)", "&#91;x&#93;&#91;r&#93; &#91;r&#93;&#58; javascript&#58;alert(1)"),
        ("![i](x.png)", "&#33;&#91;i&#93;(x.png)"),
        ('{: onclick="alert(1)" }', "&#123;&#58; onclick&#61;&quot;alert(1)&quot; &#125;"),
        ("*em* _em_ `code` \\escape ~~del~~ ^sup^ $math$", "&#42;em&#42; &#95;em&#95; &#96;code&#96; &#92;escape &#126;&#126;del&#126;&#126; &#94;sup&#94; &#36;math&#36;"),
        ("a | b", "a &#124; b"),
        ("# not a heading #", "&#35; not a heading &#35;"),
        ("- not a list item", "&#45; not a list item"),
        ("+ not a list item", "&#43; not a list item"),
        ("12. not a list item", "12&#46; not a list item"),
        ("--- not a rule", "&#45;-- not a rule"),
        ("&colon; &#106; &amp;", "&amp;colon; &amp;&#35;106; &amp;amp;"),
    ],
)
def test_text_turns_markdown_and_html_into_character_references(value, expected):
    assert text(value) == expected


CONTEXTS = {
    "paragraph": ("{}", "p"),
    "heading": ("## {}", "h2"),
    "list item": ("- **{}**: {}", "ul li strong"),
    "table cell": ("| Name | Value |\n| --- | --- |\n| {} | {} |", "table thead tr th tbody td"),
}
TRICKY = [*INLINE, *BLOCKS, "1. list", "- list", "> quote", "    code", "===", "[TOC]", "<https://example.org>", "a  \nb"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("value", TRICKY)
def test_text_renders_as_exactly_the_value_in_every_context(value, context):
    template, tags = CONTEXTS[context]
    html = markdown.markdown(template.replace("{}", text(value)), extensions=EXTENSIONS)
    parser = _Elements()
    parser.feed(html)

    assert {tag for tag, _ in parser.elements} == set(tags.split()), html
    assert all(attrs == [] or attrs == [("id", attrs[0][1])] for _, attrs in parser.elements), html  # an anchor id at most
    assert " ".join(value.split()) in unescape(re.sub(r"<[^>]+>", "", html)), html


def test_code_shows_a_pattern_exactly_even_in_a_table_cell():
    pattern = "^<b>`x`|*y*_$"
    html = markdown.markdown(f"| Pattern |\n| --- |\n| {code(pattern)} |", extensions=EXTENSIONS)

    assert f"<td><code>{pattern}</code></td>" in unescape(html)


def test_text_values_escapes_every_string_and_keeps_keys_and_numbers():
    context = {"level": {"id": "L3", "name": "[x](javascript:1)", "weights": {"a-b": 40}}, "steps": ["<b>", 3]}

    assert text_values(context) == {"level": {"id": "L3", "name": "&#91;x&#93;(javascript&#58;1)", "weights": {"a-b": 40}}, "steps": ["&lt;b&gt;", 3]}


def test_text_with_email_links_links_only_the_address_and_keeps_the_rest_text():
    assert text_with_email_links("- a_b%c@example.org, or [x](javascript:1)") == (
        "&#45; [a&#95;b%c@example.org](mailto:a_b%25c@example.org), or &#91;x&#93;(javascript&#58;1)"
    )
    assert text_with_email_links("no address here") == "no address here"
