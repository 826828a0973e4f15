"""Pages of the site as plain functions from content to Markdown, so another generator can reuse them.

Every string that comes from YAML goes through `escaping.text`: a `<script>` or a `[link](javascript:…)` in a
description shows as text.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from .charts import weights_bar
from .escaping import code, text, text_with_email_links
from .progression import step_uri, worksheet_uri


def version_note(rubric: dict[str, Any], changelog: dict[str, Any] | None, today: str) -> str:
    """Which rubric version the site shows and since when it is in force, as Markdown.

    ``today`` is the build date in ISO form. A version merged ahead of its `effective` date is published at
    once, so the note then says which earlier version (the changelog's last one below it) still applies."""
    version, effective = rubric["version"], rubric["effective"]
    if effective <= today:  # ISO dates compare as strings
        return f"*Rubric version {text(version)}, in force since {text(effective)}.*"
    earlier = _previous_version(version, changelog)
    in_force = f"version {text(earlier)} is in force" if earlier else "no earlier version is recorded in `rubrics/changelog.yaml`"
    return (
        f'!!! warning "Rubric version {text(version)} takes effect on {text(effective)}"\n\n'
        f"    This site already shows version {text(version)}, which takes effect on {text(effective)}; until then {in_force}."
    )


def _previous_version(version: str, changelog: dict[str, Any] | None) -> str | None:
    versions = {entry["version"] for entry in (changelog or {}).get("entries", [])}
    earlier = [other for other in versions if _semver_key(other) < _semver_key(version)]
    return max(earlier, key=_semver_key, default=None)


def _semver_key(version: str) -> tuple[int, int, int, bool, str]:
    """SemVer precedence, enough for the schema's versions: a pre-release comes before its release."""
    core, _, pre = version.split("+", 1)[0].partition("-")
    major, minor, patch = (int(part) for part in core.split("."))
    return major, minor, patch, not pre, pre


def scorecard(rubric: dict[str, Any], level: dict[str, Any]) -> str:
    categories = {category["id"]: category for category in rubric["categories"]}
    weights = [(categories[c]["name"], w) for c, w in level["weights"].items() if c in categories]
    lines = [f"# Scorecard: {text(level['id'])}, {text(level['name'])}", "", text(level.get("summary", "")), ""]
    chart = weights_bar(weights, title=f"Category weights at {level['id']}")
    # A line of raw HTML in a block of its own, which Markdown leaves as it is: the chart escapes its own text.
    lines += [f"<div>{chart}</div>", ""]
    lines += ["| Category | Weight | What it measures |", "| --- | --- | --- |"]
    lines += [f"| {text(categories[c]['name'])} | {w}% | {text(categories[c]['measures'])} |" for c, w in level["weights"].items() if c in categories]
    for category_id in level["weights"]:
        category = categories.get(category_id)
        if category is None:
            continue
        lines += ["", f"## {text(category['name'])} ({level['weights'][category_id]}%)", ""]
        lines += [f"**Expected at {text(level['id'])}:** {text(level.get('expectations', {}).get(category_id, ''))}", ""]
        lines += ["**Evidence that counts:**", ""] + [f"- {text(item)}" for item in category.get("evidence", [])]
    lines += ["", "## Taking stock", "", *_next_steps(rubric["levels"], level)]
    return "\n".join(lines) + "\n"


def _next_steps(levels: list[dict[str, Any]], level: dict[str, Any]) -> list[str]:
    """Links to the level's worksheet and to the steps into and out of it."""
    index = next(i for i, other in enumerate(levels) if other is level)
    found = [f"- The [self-review worksheet for {text(level['id'])}]({worksheet_uri(level).removeprefix('rubric/')}), to print"]
    if index > 0:
        found.append(f"- [From {text(levels[index - 1]['id'])} to {text(level['id'])}]({step_uri(levels[index - 1], level).removeprefix('rubric/')})")
    if index + 1 < len(levels):
        found.append(f"- [From {text(level['id'])} to {text(levels[index + 1]['id'])}]({step_uri(level, levels[index + 1]).removeprefix('rubric/')}): what the next level asks")
    return found


def level_comparison(rubric: dict[str, Any]) -> str:
    levels, categories = rubric["levels"], rubric["categories"]
    lines = ["# Level comparison", "", "What changes from one level to the next: the weights (with the change from the level below), then the expectations.", ""]
    lines += ["| Category | " + " | ".join(text(level["id"]) for level in levels) + " |", "| --- |" + " --- |" * len(levels)]
    for category in categories:
        weights = [level["weights"].get(category["id"], 0) for level in levels]
        row = [f"{weight}%{_step(weight, below)}" for weight, below in zip(weights, [None, *weights], strict=False)]
        lines.append(f"| {text(category['name'])} | " + " | ".join(row) + " |")
    steps = [f"[{text(low['id'])} to {text(high['id'])}]({step_uri(low, high).removeprefix('rubric/')})" for low, high in pairwise(levels)]
    if steps:
        lines += ["", f"Step by step, category by category, with the evidence that shows each: {', '.join(steps)}."]
    for category in categories:
        lines += ["", f"## {text(category['name'])}", ""]
        for level in levels:
            lines.append(f"- **{text(level['id'])}:** {text(level.get('expectations', {}).get(category['id'], ''))}")
    return "\n".join(lines) + "\n"


def _step(weight: int, below: int | None) -> str:
    """The change from the level below, such as ` (+5)`; nothing when it is the same or there is none."""
    if below is None or weight == below:
        return ""
    sign = "+" if weight > below else "\u2212"  # a true minus sign
    return f" ({sign}{abs(weight - below)})"


def scale(rubric: dict[str, Any]) -> str:
    lines = ["# Rating scale", "", "| Rating | Value | What it means |", "| --- | --- | --- |"]
    lines += [f"| {text(entry['label'])} ({code(entry['id'])}) | {text(entry['value'])} | {text(entry['meaning'])} |" for entry in rubric["scale"]]
    return "\n".join(lines) + "\n"


def metrics(catalogue: dict[str, Any], schema: dict[str, Any] | None = None) -> str:
    """The metric catalogue; ``schema`` (`metrics.schema.json`) explains its enum values in words."""
    family_use = _value_meanings(schema, "family", "use_in_reviews")
    review_use = _value_meanings(schema, "metric", "review_use")
    lines = ["# Metric catalogue", "", "| Metric | What it measures | Why it matters | Common failure mode | Use in reviews |", "| --- | --- | --- | --- | --- |"]
    lines += [
        f"| {text(f['name'])} | {text(f['measures'])} | {text(f['why_it_matters'])} | {text(f['failure_mode'])} | {_readable(f['use_in_reviews'], family_use)} |"
        for f in catalogue.get("families", [])
    ]
    for metric in catalogue["metrics"]:
        lines += ["", f"## {text(metric['name'])}", "", text(metric.get("definition", "")), ""]
        lines += [f"- **Scope:** {_readable(metric['scope'])}", f"- **Use in reviews:** {_readable(metric['review_use'], review_use)}"]
        lines += [f"- **Owner:** {text(metric['owner'])}", f"- **Source:** {text(metric['collection'])}", f"- **Cadence:** {_readable(metric['cadence'])}"]
    return "\n".join(lines) + "\n"


# "`value` (what it means)" in a schema description: how the schemas explain each value of an enum.
_VALUE_MEANING = re.compile(r"`([^`]+)` \(([^()]+)\)")


def _value_meanings(schema: dict[str, Any] | None, definition: str, field: str) -> dict[str, str]:
    """Enum value -> its meaning, as the field's description in the schema gives it."""
    properties = ((schema or {}).get("$defs", {}).get(definition) or {}).get("properties") or {}
    description = (properties.get(field) or {}).get("description", "")
    return dict(_VALUE_MEANING.findall(description)) if isinstance(description, str) else {}


def _readable(value: str, meanings: dict[str, str] | None = None) -> str:
    """An enum value in words: its meaning from the schema, else the value with its hyphens as spaces."""
    return text((meanings or {}).get(value) or value.replace("-", " "))


# Lunr's weight of the guardrails page against the others' 1 (Material reads `search.boost` from front matter).
SEARCH_BOOST = 3


def guardrails(data: dict[str, Any], scale: list[dict[str, Any]] | None = None) -> str:
    """The guardrails page for the people reviewed: what is never used, the evidence every rating needs, why
    there are no quotas and how to appeal. ``scale`` (the rubric's) names the ratings that need more evidence.

    Search ranks it above other pages, as its front matter says: it answers what readers look for most."""
    lines = ["---", "search:", f"  boost: {SEARCH_BOOST}", "---", "", "# Guardrails", "", "## Signals that never drive a rating", ""]
    lines += [f"- **{text(s['signal'])}**: {text(s['reason'])}" for s in data["banned_signals"]]
    lines += ["", "## Evidence requirements", "", *_evidence_minimums(data["evidence"], scale or [])]
    lines += ["", "## No quotas", "", text(data["calibration"]["statement"]), "", text(data["calibration"]["audit"])]
    appeal = data.get("appeal") or {}
    lines += ["", "## Appeals", "", f"Within {appeal.get('window_days', '?')} days, write to {text_with_email_links(appeal.get('contact', ''))}.", ""]
    lines += [f"{index}. {text(step)}" for index, step in enumerate(appeal.get("steps", []), start=1)]
    lines += ["", "How `openrubric check` enforces these on every change to the policy: the [lint rules](../reference/lint-rules.md)."]
    return "\n".join(lines) + "\n"


def _evidence_minimums(evidence: dict[str, Any], scale: list[dict[str, Any]]) -> list[str]:
    labels = {entry["id"]: entry["label"] for entry in scale}
    lines = [f"Every rating needs at least {evidence['minimum_items']} evidence items."]
    by_rating = evidence.get("by_rating") or {}
    if by_rating:
        lines += ["Some ratings need more:", ""]  # the blank line makes the items a list, not part of the paragraph
        lines += [f"- {text(labels[rating]) if rating in labels else code(rating)}: at least {count} evidence items" for rating, count in by_rating.items()]
    return lines
