"""The guardrails page is for the people reviewed; the lint rules' reference is for the people who change the
policy, under Reference, and search ranks it below the policy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from test_build import build, page

from openrubric.registry import RULES
from openrubric.site import lint_reference, pages


def headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|¶", "", heading) for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)]


def test_the_guardrails_page_holds_the_policy_and_the_reference_every_rule(repo, tmp_path, capsys, monkeypatch):
    out = build(repo, tmp_path, capsys, monkeypatch)

    guardrails = page(out, "policy/guardrails")
    assert "Guardrails" in headings(guardrails)
    assert {"Signals that never drive a rating", "Evidence requirements", "No quotas", "Appeals"} <= set(headings(guardrails))
    assert not any(rule.name in headings(guardrails) for rule in RULES.values())
    assert '<a href="../../reference/lint-rules/">lint rules</a>' in guardrails
    reference = page(out, "reference/lint-rules")
    assert all(f"{rule.name} ({rule.severity.value})" in headings(reference) for rule in RULES.values())
    assert "What the guardrail rules catch" in headings(reference)
    assert '<a href="lint-rules/" class="md-nav__link">' in page(out, "reference")  # in the Reference section


def test_search_weighs_the_guardrails_up_and_the_lint_rules_down(repo, tmp_path, capsys, monkeypatch):
    out = build(repo, tmp_path, capsys, monkeypatch)

    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    boosts = {doc["location"]: doc.get("boost") for doc in index["docs"] if "#" not in doc["location"]}
    assert boosts["policy/guardrails/"] == pages.SEARCH_BOOST > 1
    assert boosts["reference/lint-rules/"] == lint_reference.SEARCH_BOOST < 1
    assert boosts["rubric/levels/"] is None
    assert "search:" not in page(out, "policy/guardrails")  # the front matter is read, not shown


def test_the_reference_names_the_entries_that_a_negation_does_not_stop():
    guardrails = yaml.safe_load((Path(__file__).resolve().parents[2] / "policy" / "guardrails.yaml").read_text(encoding="utf-8"))
    text = lint_reference.lint_rules_page(guardrails)
    start = text.index("A negation does not keep these entries from firing")
    listed = text[start : text.index("\n", start)]
    assert "<code>personality-attributed</code>" in listed and "<code>biased-abrasive</code>" in listed
    assert "share-of-a-rating" not in listed


def test_the_reference_gives_each_entry_its_level_its_own_or_its_rules():
    guardrails = yaml.safe_load((Path(__file__).resolve().parents[2] / "policy" / "guardrails.yaml").read_text(encoding="utf-8"))
    entries = guardrails["guardrail_rules"]["entries"]
    [lowered] = [entry for entry in entries if entry["id"] == "share-of-a-rating"]
    lowered["level"] = "warning"

    rows = {row.split(" | ")[0].strip("| "): row.split(" | ")[2] for row in lint_reference.lint_rules_page(guardrails).splitlines() if row.startswith("| <code>")}

    assert "| Entry | Rule | Level |" in lint_reference.lint_rules_page(guardrails)
    assert (rows["<code>share-of-a-rating</code>"], rows["<code>rating-budget</code>"]) == ("warning", "error")
    assert (rows["<code>biased-abrasive</code>"], rows["<code>personality-attributed</code>"]) == ("warning", "warning")
