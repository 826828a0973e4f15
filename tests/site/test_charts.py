"""The weight chart: an SVG that scales to its column and stays legible, in colours that pass in both schemes."""

from __future__ import annotations

import re

import pytest

from openrubric.site.charts import COLOURS, WIDTH, weights_bar

WEIGHTS = [("Operational outcomes", 40), ("Code quality and maintainability", 25), ("Collaboration", 20), ("Growth", 15)]
# The backgrounds of Material's two schemes: white, and slate (hsl(232, 15%, 14%)).
BACKGROUNDS = ("#ffffff", "#1e2029")


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_chart_has_a_view_box_and_no_fixed_size_so_that_it_scales():
    svg = weights_bar(WEIGHTS, title="Weights at L4")
    opening = svg[: svg.index(">")]

    assert f'viewBox="0 0 {WIDTH} {48 * len(WEIGHTS)}"' in opening
    assert " width=" not in opening and " height=" not in opening
    assert 'class="openrubric-chart"' in opening


def test_the_chart_says_every_weight_in_its_title_and_text():
    svg = weights_bar(WEIGHTS, title="Weights at L4")

    assert "<title>Weights at L4: Operational outcomes 40%, Code quality and maintainability 25%, Collaboration 20%, Growth 15%</title>" in svg
    assert re.findall(r">(\d+)%</text>", svg) == ["40", "25", "20", "15"]


def test_a_name_longer_than_the_drawing_widens_it_instead_of_being_cut_off():
    name = "A category whose name runs much longer than any phone's column could show"
    svg = weights_bar([(name, 100)], title="t")
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg)[1])

    assert width >= 7.5 * len(name) > WIDTH


def test_names_are_escaped():
    assert "&lt;script&gt;" in weights_bar([("<script>", 100)], title="<b>")
    assert "<script>" not in weights_bar([("<script>", 100)], title="<b>")


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_every_bar_colour_stands_out_3_to_1_against_both_schemes(background):
    assert {colour: round(contrast(colour, background), 2) for colour in COLOURS if contrast(colour, background) < 3} == {}
