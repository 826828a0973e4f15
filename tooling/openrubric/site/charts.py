"""Charts drawn at build time as inline SVG, so a reader needs no JavaScript and no other host."""

from __future__ import annotations

from html import escape

_COLOURS = ("#3f51b5", "#009688", "#ff9800", "#9c27b0", "#607d8b", "#795548")


def weights_bar(weights: list[tuple[str, int]], *, title: str) -> str:
    """A horizontal bar per category, its length the weight in percent."""
    # Wide enough for the longest name at about 7 px a character in a 14 px sans-serif font; the whole
    # chart fits the 690 px content column, so it is never scaled down.
    row, bar_width = 28, 300
    label_width = 16 + 7 * max((len(name) for name, _ in weights), default=0)
    height = row * len(weights) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_width + bar_width + 60}" height="{height}" '
        f'viewBox="0 0 {label_width + bar_width + 60} {height}"><title>{escape(title)}</title>'
    ]
    for index, (name, weight) in enumerate(weights):
        y = index * row + 5
        colour = _COLOURS[index % len(_COLOURS)]
        length = bar_width * weight / 100
        parts.append(f'<text x="0" y="{y + 17}" font-size="14" fill="currentColor">{escape(name)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="20" rx="3" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" font-size="14" fill="currentColor">{weight}%</text>')
    parts.append("</svg>")
    return "".join(parts)
