"""Inline SVG charts for the HTML report: stacked bars of each category's ratings per cycle, and each
flagged finding's effect with its interval. Every string is escaped; nothing is fetched."""

from __future__ import annotations

from html import escape
from typing import Any

# A sequential palette (light to dark blue): the scale is ordered, and no rating is drawn as a warning.
PALETTE = ("#dbe9f6", "#a6cbe3", "#6aa5d0", "#3a7fb8", "#1b5a96", "#0b3c6e", "#062447")
_LABEL = 150  # width of the label column
_BAR = 420
_ROW = 26


def distribution_chart(category: str, rows: list[dict[str, Any]], scale: list[str]) -> str:
    """One bar per cycle (all levels): each rating's part of the category's ratings, with its count."""
    height = _ROW * len(rows) + 40
    parts = [_svg_open(_LABEL + _BAR + 20, height, f"Ratings in {category} per cycle")]
    colours = _colours(len(scale))
    for index, row in enumerate(rows):
        top = 10 + index * _ROW
        parts.append(f'<text x="{_LABEL - 8}" y="{top + 15}" text-anchor="end">{escape(row["cycle"])}</text>')
        left = float(_LABEL)
        for rating, colour in zip(scale, colours, strict=True):
            count = row["counts"][rating]
            width = _BAR * count / row["n"] if row["n"] else 0
            if width <= 0:
                continue
            title = f"{row['cycle']}, {rating}: {count} of {row['n']}"
            parts.append(f'<rect x="{left:.1f}" y="{top}" width="{width:.1f}" height="20" fill="{colour}"><title>{escape(title)}</title></rect>')
            if width > 24:
                ink = "#ffffff" if colours.index(colour) >= len(colours) // 2 else "#102a43"
                parts.append(f'<text x="{left + width / 2:.1f}" y="{top + 15}" text-anchor="middle" fill="{ink}">{count}</text>')
            left += width
    parts.append(_legend(scale, colours, 10 + len(rows) * _ROW + 8))
    parts.append("</svg>")
    return "".join(parts)


def _legend(scale: list[str], colours: list[str], top: int) -> str:
    parts, left = [], float(_LABEL)
    for rating, colour in zip(scale, colours, strict=True):
        parts.append(f'<rect x="{left:.1f}" y="{top}" width="12" height="12" fill="{colour}" stroke="#555"/>')
        parts.append(f'<text x="{left + 16:.1f}" y="{top + 11}">{escape(rating)}</text>')
        left += 24 + 8 * len(rating)
    return "".join(parts)


def effect_chart(title: str, rows: list[dict[str, Any]], scale: float) -> str:
    """Each finding's effect as a dot on its interval, around a line at zero (no difference)."""
    bounds = [abs(value) * scale for row in rows for value in (*row["interval"], row["effect"]) if value is not None]
    reach = max([*bounds, 0.1]) * 1.1
    height = _ROW * len(rows) + 40
    middle = _LABEL + _BAR / 2
    parts = [_svg_open(_LABEL + _BAR + 20, height, title)]
    parts.append(f'<line x1="{middle}" y1="4" x2="{middle}" y2="{height - 24}" stroke="#888" stroke-dasharray="3 3"/>')
    for index, row in enumerate(rows):
        top = 10 + index * _ROW
        name = row["subject"] + (f" / {row['category']}" if row["category"] else "")
        name = name if len(name) <= 24 else name[:23] + "~"
        parts.append(f'<text x="{_LABEL - 8}" y="{top + 14}" text-anchor="end">{escape(name)}</text>')
        low, high = (value if value is not None else row["effect"] for value in row["interval"])
        left, right, dot = (middle + value * scale / reach * (_BAR / 2) for value in (low, high, row["effect"]))
        parts.append(f'<line x1="{left:.1f}" y1="{top + 10}" x2="{right:.1f}" y2="{top + 10}" stroke="#1b5a96" stroke-width="2"/>')
        summary = f"{row['subject']}: {row['measure']} {row['effect'] * scale:+.2f} ({low * scale:+.2f} to {high * scale:+.2f})"
        parts.append(f'<circle cx="{dot:.1f}" cy="{top + 10}" r="5" fill="#0b3c6e"><title>{escape(summary)}</title></circle>')
    axis = height - 10
    parts.append(f'<text x="{_LABEL}" y="{axis}">{-reach:+.2f}</text><text x="{middle}" y="{axis}" text-anchor="middle">0</text>')
    parts.append(f'<text x="{_LABEL + _BAR}" y="{axis}" text-anchor="end">{reach:+.2f}</text></svg>')
    return "".join(parts)


def _svg_open(width: float, height: float, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(title)}" font-size="12" font-family="sans-serif"><title>{escape(title)}</title>'
    )


def _colours(count: int) -> list[str]:
    """``count`` colours spread over the palette, lightest for the lowest rating."""
    if count <= 1:
        return [PALETTE[3]]
    return [PALETTE[round(index * (len(PALETTE) - 1) / (count - 1))] for index in range(count)]
