"""Pages of the site as plain functions from content to Markdown, so another generator can reuse them.

Every string that comes from YAML is HTML-escaped: a `<script>` in a description shows as text.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..rules import RULES
from .charts import weights_bar


def text(value: object) -> str:
    """A YAML value as safe Markdown text on one line."""
    return escape(" ".join(str(value).split()))


def cell(value: object) -> str:
    return text(value).replace("|", "&#124;")


def scorecard(rubric: dict[str, Any], level: dict[str, Any]) -> str:
    categories = {category["id"]: category for category in rubric["categories"]}
    weights = [(categories[c]["name"], w) for c, w in level["weights"].items() if c in categories]
    lines = [f"# Scorecard: {text(level['id'])}, {text(level['name'])}", "", text(level.get("summary", "")), ""]
    lines += [weights_bar(weights, title=f"Category weights at {level['id']}"), ""]
    lines += ["| Category | Weight | What it measures |", "| --- | --- | --- |"]
    lines += [f"| {cell(categories[c]['name'])} | {w}% | {cell(categories[c]['measures'])} |" for c, w in level["weights"].items() if c in categories]
    for category_id in level["weights"]:
        category = categories.get(category_id)
        if category is None:
            continue
        lines += ["", f"## {text(category['name'])} ({level['weights'][category_id]}%)", ""]
        lines += [f"**Expected at {text(level['id'])}:** {text(level.get('expectations', {}).get(category_id, ''))}", ""]
        lines += ["**Evidence that counts:**", ""] + [f"- {text(item)}" for item in category.get("evidence", [])]
    return "\n".join(lines) + "\n"


def level_comparison(rubric: dict[str, Any]) -> str:
    levels, categories = rubric["levels"], rubric["categories"]
    lines = ["# Level comparison", "", "What changes from one level to the next: the weights (with the change from the level below), then the expectations.", ""]
    lines += ["| Category | " + " | ".join(text(level["id"]) for level in levels) + " |", "| --- |" + " --- |" * len(levels)]
    for category in categories:
        weights = [level["weights"].get(category["id"], 0) for level in levels]
        row = [f"{weight}%{_step(weight, below)}" for weight, below in zip(weights, [None, *weights], strict=False)]
        lines.append(f"| {cell(category['name'])} | " + " | ".join(row) + " |")
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
    lines += [f"| {cell(entry['label'])} (`{cell(entry['id'])}`) | {cell(entry['value'])} | {cell(entry['meaning'])} |" for entry in rubric["scale"]]
    return "\n".join(lines) + "\n"


def metrics(catalogue: dict[str, Any]) -> str:
    lines = ["# Metric catalogue", "", "| Metric | What it measures | Why it matters | Common failure mode | Use in reviews |", "| --- | --- | --- | --- | --- |"]
    lines += [
        f"| {cell(f['name'])} | {cell(f['measures'])} | {cell(f['why_it_matters'])} | {cell(f['failure_mode'])} | {cell(f['use_in_reviews'])} |"
        for f in catalogue.get("families", [])
    ]
    for metric in catalogue["metrics"]:
        scope = "team-level context, never an individual score" if metric["scope"] == "team" else "individual evidence"
        lines += ["", f"## {text(metric['name'])}", "", text(metric.get("definition", "")), ""]
        lines += [f"- **Scope:** {scope}", f"- **Owner:** {text(metric['owner'])}", f"- **Source:** {text(metric['collection'])}", f"- **Cadence:** {text(metric['cadence'])}"]
    return "\n".join(lines) + "\n"


def guardrails(data: dict[str, Any]) -> str:
    lines = ["# Guardrails", "", "## Signals that never drive a rating", ""]
    lines += [f"- **{text(s['signal'])}**: {text(s['reason'])}" for s in data["banned_signals"]]
    evidence = data["evidence"]
    lines += ["", "## Evidence requirements", "", f"Every rating needs at least {evidence['minimum_items']} evidence items."]
    lines += [f"- `{cell(rating)}` needs at least {count}." for rating, count in evidence.get("by_rating", {}).items()]
    lines += ["", "## No quotas", "", text(data["calibration"]["statement"]), "", text(data["calibration"]["audit"])]
    appeal = data.get("appeal") or {}
    lines += ["", "## Appeals", "", f"Within {appeal.get('window_days', '?')} days, write to {text(appeal.get('contact', ''))}.", ""]
    lines += [f"{index}. {text(step)}" for index, step in enumerate(appeal.get("steps", []), start=1)]
    lines += ["", "## Lint rules", ""]
    for rule in RULES.values():
        lines += [f"### `{rule.name}` ({rule.severity.value})", "", text(rule.summary), "", rule.doc.replace("## ", "#### "), ""]
    return "\n".join(lines) + "\n"
