"""Level-to-level pages and self-review worksheets, from the rubric's own levels, in the rubric's order.

A step page puts two consecutive levels side by side, category by category: the weight at each, what each
expects, and the evidence that would show the higher one. A worksheet is one level's expectations with room to
note evidence and a box per rating, laid out (stylesheets/openrubric.css) to print on one sheet.

Every string from the content goes through `escaping.text`; the only markup is fixed `div`s and lists with the
site's own classes.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from .escaping import text


def step_uri(lower: dict[str, Any], higher: dict[str, Any]) -> str:
    return f"rubric/from-{lower['id'].lower()}-to-{higher['id'].lower()}.md"


def worksheet_uri(level: dict[str, Any]) -> str:
    return f"rubric/worksheet-{level['id'].lower()}.md"


def step_pages(rubric: dict[str, Any], metrics: dict[str, Any]) -> dict[str, str]:
    """A page for each pair of consecutive levels, lowest first."""
    levels = rubric["levels"]
    return {step_uri(lower, higher): step_page(rubric, metrics, lower, higher) for lower, higher in pairwise(levels)}


def step_page(rubric: dict[str, Any], metrics: dict[str, Any], lower: dict[str, Any], higher: dict[str, Any]) -> str:
    low, high = text(lower["id"]), text(higher["id"])
    metric_names = {metric["id"]: metric["name"] for metric in metrics.get("metrics", [])}
    lines = [f"# From {low} to {high}", ""]
    lines += [f"What changes from {low}, {text(lower['name'])}, to {high}, {text(higher['name'])}: how much each category "
              f"counts, what each level expects, and the evidence that would show the {high} expectation. "
              f"The full lists are on the [{low}]({_scorecard(lower)}) and [{high}]({_scorecard(higher)}) scorecards.", ""]
    lines += _side_by_side((f"**{low}, {text(lower['name'])}**", text(lower.get("summary", ""))),
                           (f"**{high}, {text(higher['name'])}**", text(higher.get("summary", ""))))
    lines += ["## Weights", "", f"| Category | {low} | {high} | Change |", "| --- | --- | --- | --- |"]
    for category in _categories(rubric, higher):
        before, after = lower["weights"].get(category["id"], 0), higher["weights"][category["id"]]
        lines.append(f"| {text(category['name'])} | {before}% | {after}% | {_change(before, after)} |")
    for category in _categories(rubric, higher):
        before, after = lower["weights"].get(category["id"], 0), higher["weights"][category["id"]]
        lines += ["", f"## {text(category['name'])}", "", f"Weight {before}% at {low}, {after}% at {high} ({_change(before, after)}).", ""]
        lines += _side_by_side((f"**At {low}**", _expectation(lower, category)), (f"**At {high}**", _expectation(higher, category)))
        lines += [f"**Evidence that would show the {high} expectation:**", ""]
        lines += [f"- {text(item)}" for item in category.get("evidence", [])]
        named = [text(metric_names[m]) for m in category.get("metrics", []) if m in metric_names]
        if named:
            lines += ["", f"Metrics that inform it ([what each is and how it is used](metrics.md)): {', '.join(named)}."]
    lines += ["", f"Ready to take stock? The [{high} self-review worksheet]({worksheet_uri(higher).removeprefix('rubric/')}) "
              "prints on one page."]
    return "\n".join(lines) + "\n"


def worksheet_pages(rubric: dict[str, Any], guardrails: dict[str, Any]) -> dict[str, str]:
    return {worksheet_uri(level): worksheet_page(rubric, guardrails, level) for level in rubric["levels"]}


def worksheet_page(rubric: dict[str, Any], guardrails: dict[str, Any], level: dict[str, Any]) -> str:
    """One level's self-review on one printed page: each category's expectation, room for evidence, a rating."""
    lines = [f"# Self-review worksheet: {text(level['id'])}, {text(level['name'])}", "", '<div class="openrubric-worksheet" markdown>', ""]
    fields = " ".join(f'<span class="openrubric-field">{name} <span class="openrubric-blank"></span></span>' for name in ("Name", "Period", "Date"))
    lines += [f'<p class="openrubric-fields">{fields}</p>', ""]
    lines += [f"For each category, note the evidence that shows the {text(level['id'])} expectation: links that anyone in "
              f"calibration can open, with what changed because of the work. {_minimums(guardrails, rubric['scale'])} "
              "Then tick the rating the evidence supports. Print this page from your browser: it fits on one sheet.", ""]
    ratings = "".join(f"<li>{text(entry['label'])}</li>" for entry in rubric["scale"])
    for category in _categories(rubric, level):
        lines += [f"## {text(category['name'])} ({level['weights'][category['id']]}%)", ""]
        lines += [f"**Expected:** {_expectation(level, category)}", ""]
        lines += [f"**Evidence that counts:** {'; '.join(text(item) for item in category.get('evidence', []))}.", ""]
        lines += ["**Your evidence:**", "", '<div class="openrubric-answer"></div>', ""]
        lines += [f'<ul class="openrubric-ratings">{ratings}</ul>', ""]
    lines += ["</div>"]
    return "\n".join(lines) + "\n"


def _categories(rubric: dict[str, Any], level: dict[str, Any]) -> list[dict[str, Any]]:
    """The categories the level weighs, in the rubric's order."""
    return [category for category in rubric["categories"] if category["id"] in level["weights"]]


def _expectation(level: dict[str, Any], category: dict[str, Any]) -> str:
    return text(level.get("expectations", {}).get(category["id"], "")) or "*Not stated.*"


def _change(before: int, after: int) -> str:
    if before == after:
        return "same"
    return f"+{after - before}" if after > before else f"\u2212{before - after}"  # a true minus sign


def _side_by_side(*columns: tuple[str, str]) -> list[str]:
    """Columns next to each other on a wide screen, one under the other on a phone."""
    lines = ['<div class="openrubric-step" markdown>', ""]
    for heading, body in columns:
        lines += ["<div markdown>", "", heading, "", body, "", "</div>", ""]
    return [*lines, "</div>", ""]


def _scorecard(level: dict[str, Any]) -> str:
    return f"scorecard-{level['id'].lower()}.md"


def _minimums(guardrails: dict[str, Any], scale: list[dict[str, Any]]) -> str:
    """The evidence minimums in a sentence, with the scale's labels."""
    evidence = guardrails.get("evidence") or {}
    labels = {entry["id"]: entry["label"] for entry in scale}
    sentence = f"Every rating needs at least {evidence.get('minimum_items', 1)} items"
    more = [f"{text(labels.get(rating, rating))} at least {count}" for rating, count in (evidence.get("by_rating") or {}).items()]
    return sentence + (f" ({'; '.join(more)})." if more else ".")
