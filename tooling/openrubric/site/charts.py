"""Charts drawn at build time as inline SVG, so a reader needs no JavaScript and no other host."""

from __future__ import annotations

from html import escape

# Each at least 3:1 against both schemes' backgrounds (white and Material's slate), as WCAG asks of a graphic
# that carries meaning; the text beside every bar says its value too.
COLOURS = ("#5c6bc0", "#00897b", "#e65100", "#ab47bc", "#6d7f8b", "#8d6e63")
# The drawing's own width in SVG units. It scales to its column (stylesheets/openrubric.css), so it is kept
# close to a phone's column: 14-unit text stays at least 12 px on a 375 px screen.
WIDTH = 360
_FONT, _CHARACTER = 14, 7.5  # the font size and a generous average advance of its characters


def weights_bar(weights: list[tuple[str, int]], *, title: str) -> str:
    """A bar per category under its name, its length the weight in percent, the figure at its end.

    The names sit above the bars rather than beside them, so that the drawing stays narrow; a name longer than
    the drawing widens it (and so draws everything a little smaller) instead of being cut off."""
    width = max(WIDTH, round(_CHARACTER * max((len(name) for name, _ in weights), default=0)))
    bar_width, row = width - 50, 48
    height = row * len(weights)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="openrubric-chart" role="img" viewBox="0 0 {width} {height}">'
        f"<title>{escape(title)}: {escape(', '.join(f'{name} {weight}%' for name, weight in weights))}</title>"
    ]
    for index, (name, weight) in enumerate(weights):
        y = index * row
        length = bar_width * weight / 100
        parts.append(f'<text x="0" y="{y + _FONT + 2}" font-size="{_FONT}" fill="currentColor">{escape(name)}</text>')
        parts.append(f'<rect x="0" y="{y + 22}" width="{length:.1f}" height="18" rx="3" fill="{COLOURS[index % len(COLOURS)]}"/>')
        parts.append(f'<text x="{length + 6:.1f}" y="{y + 36}" font-size="{_FONT}" fill="currentColor">{weight}%</text>')
    parts.append("</svg>")
    return "".join(parts)
