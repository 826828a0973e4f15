"""The lint rules' reference page: what each rule of `openrubric check` catches, and the guardrail entries.

It is for the people who change the policy, so it sits under Reference, apart from the guardrails page that the
people reviewed read, and search ranks it below the other pages: a reader searching for "appeal" wants the
appeal path before the rule that checks it.
"""

from __future__ import annotations

from typing import Any

from ..registry import RULES
from ..rules.entries import entry_level, raw_entries
from .escaping import code, text

URI = "reference/lint-rules.md"
# Lunr's weight of this page against the others' 1 (Material reads `search.boost` from front matter).
SEARCH_BOOST = 0.3


def lint_rules_page(guardrails: dict[str, Any]) -> str:
    lines = ["---", "search:", f"  boost: {SEARCH_BOOST}", "---", "", "# Lint rules", ""]
    lines += ["What `openrubric check` reports, rule by rule, and the entries of `policy/guardrails.yaml` that the "
              "guardrail rules read. What the guardrails mean for a review is on the [guardrails](../policy/guardrails.md) page.", ""]
    lines += _guardrail_entries(guardrails)
    lines += ["", "## Rules", ""]
    for rule in RULES.values():
        lines += [f"### `{rule.name}` ({rule.severity.value})", "", text(rule.summary), "", rule.doc.replace("## ", "#### "), ""]
    return "\n".join(lines) + "\n"


def _guardrail_entries(data: dict[str, Any]) -> list[str]:
    """What the guardrail rules catch and what they let pass, as `policy/guardrails.yaml` says."""
    lines = ["## What the guardrail rules catch", "", "Every finding of `quota`, `banned-signal` or `biased-language` names one of these entries.", ""]
    lines += ["An entry's level is that of its findings: an error fails the check, a warning does not. It is the rule's own "
              "unless the entry sets `level` in `policy/guardrails.yaml`.", ""]
    lines += ["| Entry | Rule | Level | Catches a sentence that | Fires on | Never when |", "| --- | --- | --- | --- | --- | --- |"]
    for raw, _ in raw_entries(data):
        fires = [", ".join(text(phrase) for phrase in [raw.get("term"), *raw.get("variants", []), *raw.get("phrases", [])] if phrase)]
        fires += [" + ".join(f"*{text(name)}*" for name in frame) for frame in raw.get("frames", [])]
        never = [*(text(phrase) for phrase in raw.get("exceptions", [])), *(f"any *{text(name)}* word" for name in raw.get("unless", []))]
        row = [code(raw["id"]), code(raw["rule"]), entry_level(raw).value, text(raw["says"]), "; or ".join(part for part in fires if part), ", ".join(never) or "-"]
        lines.append("| " + " | ".join(cell.replace("|", "&#124;") for cell in row) + " |")
    lines += ["", "An exception counts only in the clause the entry fires in (or one that introduces it with a colon); an "
              "*unless* word counts in the same statement, up to a semicolon. A clause added after a semicolon excuses nothing."]
    section = data.get("guardrail_rules") or {}
    lines += ["", "### Vocabularies", "", "The named word lists that entries' frames combine. Any word of the rating scale also counts as an *outcome*.", ""]
    lines += [f"- *{text(name)}*: {', '.join(text(word) for word in words)}" for name, words in (section.get("vocabulary") or {}).items()]
    negation = section.get("negation") or {}
    lines += ["", "A sentence passes when its clause negates what matched, with words such as "
              f"{', '.join(text(word) for word in negation.get('before', [])[:12])} ahead of it or "
              f"{', '.join(text(word) for word in negation.get('after', [])[:8])} behind it; "
              "or when the matched words are quoted as an example."]
    kept_when_negated = [raw["id"] for raw, _ in raw_entries(data) if raw.get("negation") is False]
    if kept_when_negated:
        lines += ["", "A negation does not keep these entries from firing, since a negated label still labels someone "
                  f"(\u201cdoes not come across as confident\u201d): {', '.join(code(name) for name in kept_when_negated)}."]
    return lines
