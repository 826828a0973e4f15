"""Pages of the site as plain functions from content to Markdown, so another generator can reuse them.

Every string that comes from YAML goes through `escaping.text`: a `<script>` or a `[link](javascript:…)` in a
description shows as text.
"""

from __future__ import annotations

from typing import Any

from ..registry import RULES
from ..rules.reading import raw_entries
from .charts import weights_bar
from .escaping import code, text


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
    return "\n".join(lines) + "\n"


def level_comparison(rubric: dict[str, Any]) -> str:
    levels, categories = rubric["levels"], rubric["categories"]
    lines = ["# Level comparison", "", "What changes from one level to the next: the weights (with the change from the level below), then the expectations.", ""]
    lines += ["| Category | " + " | ".join(text(level["id"]) for level in levels) + " |", "| --- |" + " --- |" * len(levels)]
    for category in categories:
        weights = [level["weights"].get(category["id"], 0) for level in levels]
        row = [f"{weight}%{_step(weight, below)}" for weight, below in zip(weights, [None, *weights], strict=False)]
        lines.append(f"| {text(category['name'])} | " + " | ".join(row) + " |")
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


def metrics(catalogue: dict[str, Any]) -> str:
    lines = ["# Metric catalogue", "", "| Metric | What it measures | Why it matters | Common failure mode | Use in reviews |", "| --- | --- | --- | --- | --- |"]
    lines += [
        f"| {text(f['name'])} | {text(f['measures'])} | {text(f['why_it_matters'])} | {text(f['failure_mode'])} | {text(f['use_in_reviews'])} |"
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
    lines += [f"- {code(rating)} needs at least {count}." for rating, count in evidence.get("by_rating", {}).items()]
    lines += ["", "## No quotas", "", text(data["calibration"]["statement"]), "", text(data["calibration"]["audit"])]
    appeal = data.get("appeal") or {}
    lines += ["", "## Appeals", "", f"Within {appeal.get('window_days', '?')} days, write to {text(appeal.get('contact', ''))}.", ""]
    lines += [f"{index}. {text(step)}" for index, step in enumerate(appeal.get("steps", []), start=1)]
    lines += ["", *_guardrail_entries(data)]
    lines += ["", "## Lint rules", ""]
    for rule in RULES.values():
        lines += [f"### `{rule.name}` ({rule.severity.value})", "", text(rule.summary), "", rule.doc.replace("## ", "#### "), ""]
    return "\n".join(lines) + "\n"


def _guardrail_entries(data: dict[str, Any]) -> list[str]:
    """What the guardrail rules catch and what they let pass, as `policy/guardrails.yaml` says."""
    lines = ["## What the guardrail rules catch", "", "Every finding of `quota`, `banned-signal` or `biased-language` names one of these entries.", ""]
    lines += ["| Entry | Rule | Catches a sentence that | Fires on | Never when |", "| --- | --- | --- | --- | --- |"]
    for raw, _ in raw_entries(data):
        fires = [", ".join(text(phrase) for phrase in [raw.get("term"), *raw.get("variants", []), *raw.get("phrases", [])] if phrase)]
        fires += [" + ".join(f"*{text(name)}*" for name in frame) for frame in raw.get("frames", [])]
        never = [*(text(phrase) for phrase in raw.get("exceptions", [])), *(f"any *{text(name)}* word" for name in raw.get("unless", []))]
        row = [code(raw["id"]), code(raw["rule"]), text(raw["says"]), "; or ".join(part for part in fires if part), ", ".join(never) or "-"]
        lines.append("| " + " | ".join(cell.replace("|", "&#124;") for cell in row) + " |")
    section = data.get("guardrail_rules") or {}
    lines += ["", "### Vocabularies", "", "The named word lists that entries' frames combine. Any word of the rating scale also counts as an *outcome*.", ""]
    lines += [f"- *{text(name)}*: {', '.join(text(word) for word in words)}" for name, words in (section.get("vocabulary") or {}).items()]
    negation = section.get("negation") or {}
    lines += ["", "A sentence passes when its clause negates what matched, with words such as "
              f"{', '.join(text(word) for word in negation.get('before', [])[:12])} ahead of it or "
              f"{', '.join(text(word) for word in negation.get('after', [])[:8])} behind it; "
              "or when the matched words are quoted as an example."]
    return lines

