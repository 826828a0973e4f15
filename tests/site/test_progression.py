"""Level-to-level pages and self-review worksheets, from whatever levels the rubric defines."""

from __future__ import annotations

import copy
import json
import re
from html import unescape

import pytest
import yaml
from conftest import PROJECT
from test_build import build, page

from openrubric.site.escaping import text
from openrubric.site.progression import step_pages, worksheet_pages


@pytest.fixture(scope="module")
def content():
    def load(path: str):
        return yaml.safe_load((PROJECT / path).read_text(encoding="utf-8"))

    return {"rubric": load("rubrics/rubric.yaml"), "metrics": load("rubrics/metrics.yaml"), "guardrails": load("policy/guardrails.yaml")}


def renamed(rubric: dict, ids: list[str]) -> dict:
    """The rubric with its levels renamed, and as many as ``ids`` (copies of the last one added)."""
    reshaped = copy.deepcopy(rubric)
    levels = reshaped["levels"]
    while len(levels) < len(ids):
        levels.append(copy.deepcopy(levels[-1]))
    reshaped["levels"] = [level | {"id": new, "name": f"Grade {new}"} for level, new in zip(levels, ids, strict=False)]
    return reshaped


def test_a_step_for_each_pair_of_consecutive_levels_in_the_rubrics_order(content):
    rubric = renamed(content["rubric"], ["E1", "E2", "E9", "E10", "E11"])

    assert list(step_pages(rubric, content["metrics"])) == [
        "rubric/from-e1-to-e2.md", "rubric/from-e2-to-e9.md", "rubric/from-e9-to-e10.md", "rubric/from-e10-to-e11.md",
    ]
    assert step_pages({**rubric, "levels": rubric["levels"][:1]}, content["metrics"]) == {}  # one level: no step


def test_a_step_puts_both_levels_expectations_side_by_side_with_the_weights_and_the_evidence(content):
    rubric = content["rubric"]
    low, high = rubric["levels"][0], rubric["levels"][1]
    step = step_pages(rubric, content["metrics"])[f"rubric/from-{low['id'].lower()}-to-{high['id'].lower()}.md"]

    category = rubric["categories"][0]
    section = step[step.index(f"## {category['name']}") :]
    assert f"Weight {low['weights'][category['id']]}% at {low['id']}, {high['weights'][category['id']]}% at {high['id']}" in section
    pair = re.search(r'<div class="openrubric-step" markdown>(.*?)</div>\n\n</div>', section, re.S)[1]
    columns = [f"**At {low['id']}**", text(low["expectations"][category["id"]]), f"**At {high['id']}**", text(high["expectations"][category["id"]])]
    assert [pair.index(column) for column in columns] == sorted(pair.index(column) for column in columns)
    assert all(f"- {item}" in unescape(section) for item in category["evidence"])
    names = {metric["id"]: metric["name"] for metric in content["metrics"]["metrics"]}
    assert all(names[m] in unescape(section) for m in category["metrics"])


def test_a_category_new_at_the_higher_level_counts_from_zero(content):
    rubric = copy.deepcopy(content["rubric"])
    first = rubric["levels"][0]
    dropped = rubric["categories"][-1]["id"]
    first["weights"][rubric["categories"][0]["id"]] += first["weights"].pop(dropped)
    first["expectations"].pop(dropped)

    step = next(iter(step_pages(rubric, content["metrics"]).values()))

    second = rubric["levels"][1]
    assert f"| 0% | {second['weights'][dropped]}% | +{second['weights'][dropped]} |" in step
    assert "*Not stated.*" in step


def test_strings_from_the_rubric_stay_text_on_both_kinds_of_page(content):
    rubric = copy.deepcopy(content["rubric"])
    rubric["levels"][0]["name"] = "<script>pwn(1)</script> [x](javascript:pwn(2))"
    rubric["categories"][0]["evidence"][0] = "</div><img src=x onerror=pwn(3)>"

    pages = [*step_pages(rubric, content["metrics"]).values(), *worksheet_pages(rubric, content["guardrails"]).values()]

    joined = "\n".join(pages)
    assert "<script>" not in joined and "](javascript" not in joined and "<img" not in joined
    assert "&lt;script&gt;pwn(1)&lt;/script&gt;" in joined and "&lt;/div&gt;&lt;img src&#61;x onerror&#61;pwn(3)&gt;" in joined


def test_a_worksheet_per_level_with_every_category_a_space_for_evidence_and_the_scale(content):
    rubric, guardrails = content["rubric"], content["guardrails"]
    sheets = worksheet_pages(rubric, guardrails)

    assert list(sheets) == [f"rubric/worksheet-{level['id'].lower()}.md" for level in rubric["levels"]]
    sheet = sheets[f"rubric/worksheet-{rubric['levels'][-1]['id'].lower()}.md"]
    level = rubric["levels"][-1]
    for category in rubric["categories"]:
        assert f"## {unescape(category['name'])} ({level['weights'][category['id']]}%)" in unescape(sheet)
    assert sheet.count('<div class="openrubric-answer"></div>') == len(rubric["categories"])
    ratings = "".join(f"<li>{entry['label']}</li>" for entry in rubric["scale"])
    assert sheet.count(f'<ul class="openrubric-ratings">{ratings}</ul>') == len(rubric["categories"])
    assert f"Every rating needs at least {guardrails['evidence']['minimum_items']} items" in sheet
    for rating, count in guardrails["evidence"]["by_rating"].items():
        label = next(entry["label"] for entry in rubric["scale"] if entry["id"] == rating)
        assert f"{label} at least {count}" in sheet


def test_the_site_links_scorecards_and_the_comparison_to_the_steps_and_worksheets(repo, tmp_path, capsys, monkeypatch):
    out = build(repo, tmp_path, capsys, monkeypatch)

    levels = page(out, "rubric/levels")
    assert re.search(r'<a href="\.\./from-l3-to-l4/">L3 to L4</a>, <a href="\.\./from-l4-to-l5/">L4 to L5</a>, <a href="\.\./from-l5-to-l6/">L5 to L6</a>', levels)
    scorecard = re.search(r"<article.*</article>", page(out, "rubric/scorecard-l4"), re.S)[0]
    assert all(f'href="../{target}/"' in scorecard for target in ("worksheet-l4", "from-l3-to-l4", "from-l4-to-l5"))
    assert 'href="../from-l5-to-l6/"' not in scorecard
    assert (out / "rubric" / "from-l5-to-l6" / "index.html").is_file() and not (out / "rubric" / "from-l6-to-l7").exists()
    search = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"] == "rubric/worksheet-l6/" for doc in search["docs"])
