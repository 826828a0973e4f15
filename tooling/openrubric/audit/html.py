"""The HTML format: one self-contained page (inline style and SVG, no script, nothing fetched), every
value escaped."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from .charts import distribution_chart, effect_chart
from .report import PUBLISHABLE
from .sections import Section, sections

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; color: #102a43; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d9e2ec; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #e4e7eb; padding: .2rem .6rem; text-align: left; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 1rem; }
figure { margin: 0; } figcaption { font-weight: 600; } svg { width: 100%; max-width: 40rem; height: auto; }
.banner { padding: .5rem 1rem; border-left: 4px solid #1b5a96; background: #f0f4f8; }
"""


def as_html(report: dict[str, Any]) -> str:
    parts = []
    for index, section in enumerate(sections(report)):
        charts = ""  # drawn above the table they summarise, so a reader takes them in first
        if section.title == "Findings" and report["findings"]:
            charts = _finding_charts(report["findings"])
        if section.title == "Distributions of ratings":
            charts = _distribution_charts(report)
        parts.append(_section(section, first=index == 0, charts=charts))
    kind = "publishable summary" if report["report"] == PUBLISHABLE else "restricted report"
    title = escape(f"Audit of {report['cycle']} ({kind})")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>"
        f"<style>{_STYLE}</style></head><body>\n{''.join(parts)}</body></html>\n"
    )


def _section(section: Section, *, first: bool, charts: str) -> str:
    heading = "h1" if first else "h2"
    paragraphs = [f'<p{" class=banner" if first and index == 0 else ""}>{_prose(text)}</p>' for index, text in enumerate(section.paragraphs)]
    table = _table(section) if section.rows else ""
    return f"<section><{heading}>{escape(section.title)}</{heading}>{''.join(paragraphs)}{charts}{table}</section>\n"


def _prose(text: str) -> str:
    """Escaped text with the report's own `code` spans shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def _table(section: Section) -> str:
    def cell(tag: str, index: int, value: str) -> str:
        number = ' class="number"' if index in section.numeric else ""
        return f"<{tag}{number}>{escape(value)}</{tag}>"

    head = "".join(cell("th", index, header) for index, header in enumerate(section.headers))
    body = "".join("<tr>" + "".join(cell("td", index, value) for index, value in enumerate(row)) + "</tr>" for row in section.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _distribution_charts(report: dict[str, Any]) -> str:
    scale = [entry["id"] for entry in report["scale"]]
    categories = list(dict.fromkeys(row["category"] for row in report["tables"]["distributions"]))
    figures = []
    for category in categories:
        rows = [row for row in report["tables"]["distributions"] if row["category"] == category and row["level"] == "all"]
        figures.append(f"<figure><figcaption>{escape(category)}</figcaption>{distribution_chart(category, rows, scale)}</figure>")
    return f'<div class="charts">{"".join(figures)}</div>\n'


def _finding_charts(findings: list[dict[str, Any]]) -> str:
    figures = []
    for unit, title, scale in (("points", "Rating differences (points)", 1.0), ("items", "Evidence differences (items)", 1.0), ("rate", "Rate differences (percentage points)", 100.0)):
        rows = [finding for finding in findings if finding["unit"] == unit and finding["effect"] is not None]
        if rows:
            figures.append(f"<figure><figcaption>{escape(title)}</figcaption>{effect_chart(title, rows, scale)}</figure>")
    return f'<div class="charts">{"".join(figures)}</div>\n'
