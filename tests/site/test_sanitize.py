"""Every page's HTML keeps what the site needs and loses anything that could run script; titles become text."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from conftest import PROJECT
from test_escaping import EXTENSIONS

from openrubric.site.charts import weights_bar
from openrubric.site.sanitize import page_html, plain_text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascript&colon;alert(1)">x</a>', "<a>x</a>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "<a>x</a>"),
        ('<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"),
        ('<a href="https://example.org/a?b=c#d">x</a>', '<a href="https://example.org/a?b=c#d">x</a>'),
        ('<a href="mailto:review-appeals@example.org">x</a>', '<a href="mailto:review-appeals@example.org">x</a>'),
        ('<a href="../rubric/levels/#l3">x</a>', '<a href="../rubric/levels/#l3">x</a>'),
        ('<a href="#appeals" onclick="alert(1)" onmouseover="alert(2)">x</a>', '<a href="#appeals">x</a>'),
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ('<img src="https://tracker.example/pixel.png" alt="p">', '<img alt="p">'),
        ('<img src="//tracker.example/pixel.png">', "<img>"),
        ('<img src="\\\\tracker.example/pixel.png">', "<img>"),
        ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', "<img>"),
        ("<p>before<script>alert(1)</script>after</p>", "<p>beforeafter</p>"),
        ("<style>body{display:none}</style><p>x</p>", "<p>x</p>"),
        ('<iframe src="javascript:alert(1)"></iframe><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', ""),
        ('<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">', ""),
        ('<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go</button></form>', "go"),
        ('<base href="javascript:alert(1)//"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">', ""),
        ("<svg onload=alert(1)><animate onbegin=alert(2) attributeName=x /></svg>", "<svg></svg>"),
        ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "<svg><a><text>x</text></a></svg>"),
        ('<svg><use href="data:image/svg+xml,x#y"/></svg>', "<svg></svg>"),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ""),
        ("<details open ontoggle=alert(1)><summary>s</summary>x</details>", "<details><summary>s</summary>x</details>"),
        # The theme reads its configuration from the first `#__config`; other ids are anchors and stay.
        ('<p id="__config">{"search": "data:,"}</p><h2 id="appeals">Appeals</h2>', '<p>{"search": "data:,"}</p><h2 id="appeals">Appeals</h2>'),
        ('<p style="position:fixed;top:0">x</p>', "<p>x</p>"),
        (
            '<table><tr><td style="text-align: right; background: url(https://tracker.example/)">1</td></tr></table>',
            '<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>',
        ),
        ("<p>a<!-- a comment -->b</p>", "<p>ab</p>"),
    ],
)
def test_page_html_drops_what_could_run_script_or_call_another_host(html, expected):
    assert page_html(html) == expected


class _Elements(HTMLParser):
    """Each start tag with its attributes, however the HTML writes them (`<hr />` or `<hr>`, `a: b;` or `a:b`)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, sorted((name, value.replace(" ", "").rstrip(";") if name == "style" else value) for name, value in attrs)))


def test_page_html_keeps_what_the_site_uses():
    """The home page's cards (md_in_html), admonitions, tables with alignment, permalinks and attr_list classes."""
    source = "\n\n".join([
        (PROJECT / "site" / "index.md").read_text(encoding="utf-8").split("---\n", 2)[2],
        '!!! warning "History is truncated"\n    Build with the full history (`fetch-depth: 0`).',
        "| Left | Right |\n| :--- | ---: |\n| a | 1 |",
        "## Appeals\n\nWrite to [the team](mailto:review-appeals@example.org) or see the [levels](../rubric/levels.md#l3).",
        "[Propose a change](proposing-a-change.md){ .md-button }",
    ])  # fmt: skip
    html = markdown.markdown(source, extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    assert 'class="grid cards"' in html and 'class="admonition warning"' in html and 'class="headerlink"' in html

    assert _Elements(page_html(html)).elements == _Elements(html).elements


def test_page_html_keeps_the_charts():
    chart = weights_bar([("Operational <outcomes>", 45), ("Growth & leadership", 55)], title="Category weights at L3")

    assert page_html(chart) == chart.replace('"/>', '"></rect>')


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Scorecard: L3, Engineer", "Scorecard: L3, Engineer"),
        ("Scorecard&#58; L3", "Scorecard: L3"),
        ("Q&A", "Q&amp;A"),
        ("a < b", "a &lt; b"),
        ('"quoted" and \'single\'', "&quot;quoted&quot; and &#x27;single&#x27;"),
        ("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("</title><script>alert(1)</script>Policy", "Policy"),
        ("<img src=x onerror=alert(1)> Levels", "Levels"),
        ("  two\n lines ", "two lines"),
    ],
)
def test_plain_text_is_escaped_text_for_an_element_or_an_attribute(value, expected):
    assert plain_text(value) == expected
    assert plain_text(expected) == expected  # once is enough: applying it again changes nothing
