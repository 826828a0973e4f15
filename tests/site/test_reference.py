"""The schema reference pages: one per schema, every field in a table, links that resolve, text escaped."""

from __future__ import annotations

import copy
import json
import re
from html import unescape

import markdown
import pytest

from openrubric.packaged import PACKAGE, SCHEMA_FOLDER
from openrubric.site.reference import reference_pages

SCHEMAS = PACKAGE / SCHEMA_FOLDER


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMAS.glob("*.schema.json"))}


def rows(page: str) -> dict[str, list[str]]:
    """The field table as field path -> cells, splitting rows the way a Markdown table does."""
    found = {}
    for line in page.splitlines():
        if line.startswith("| <code>"):
            cells = [cell.strip() for cell in line.split("|")[1:-1]]
            found[unescape(re.sub(r"</?code>", "", cells[0]))] = cells
    return found


def test_every_schema_gets_a_page_and_the_index_links_it(schemas):
    pages = reference_pages(schemas)

    assert len(schemas) >= 8
    assert set(pages) == {"reference/index.md"} | {f"reference/{name.removesuffix('.schema.json')}.md" for name in schemas}
    for name, schema in schemas.items():
        stem = name.removesuffix(".schema.json")
        assert f"[{schema['title']}]({stem}.md)" in pages["reference/index.md"]
        assert pages[f"reference/{stem}.md"].startswith(f"# {schema['title']}\n")
    assert "<code>rubrics/rubric.yaml</code>" in pages["reference/index.md"]


def test_the_rubric_page_inlines_local_definitions_and_links_common_ones(schemas):
    table = rows(reference_pages(schemas)["reference/rubric.md"])

    assert table["version"][1:3] == ["[semver](common.md#semver)", "yes"]
    assert table["levels[].weights"][1:3] == ["object", "yes"]
    assert "keys: [category-ref](common.md#category-ref)" in table["levels[].weights"][4]
    assert table["levels[].weights.<key>"][1:3] == ["integer", "no"]
    assert table["levels[].weights.<key>"][4] == "minimum 0; maximum 100"
    assert table["scale"][4] == "at least 2 items; at most 10 items; items: no other keys"
    assert table["cycles"][2] == "no"
    assert table["cycles[].opens"][2] == "yes"
    assert table["categories[].metrics"][1] == "array of [metric-ref](common.md#metric-ref)"


def test_the_common_page_has_a_section_for_every_definition_that_links_point_at(schemas):
    pages = reference_pages(schemas)
    headings = set(re.findall(r"^## (.+)$", pages["reference/common.md"], flags=re.M))

    assert headings == set(schemas["common.schema.json"]["$defs"])
    for page in pages.values():
        for target, anchor in re.findall(r"\]\(([\w-]*?)(?:\.md)?#([^)]*)\)", page):
            assert target in ("common", ""), target
            assert anchor in headings, anchor


def test_a_pattern_with_a_pipe_stays_in_its_cell_and_renders_exactly(schemas):
    schemas = copy.deepcopy(schemas)
    schemas["narrative.schema.json"]["properties"]["period"] = {"type": "string", "pattern": "^[0-9]{4}-(H[12]|Q[1-4])$"}
    page = reference_pages(schemas)["reference/narrative.md"]
    pattern = schemas["narrative.schema.json"]["properties"]["period"]["pattern"]
    row = next(line for line in page.splitlines() if line.startswith("| <code>period</code>"))

    assert "|" in pattern
    assert len(row.split("|")) == 5 + 2
    html = markdown.markdown(page, extensions=["tables"])
    assert f"<code>{pattern}</code>" in unescape(html)


def test_a_pattern_keeps_markdown_characters_when_rendered(schemas):
    page = reference_pages(schemas)["reference/common.md"]
    html = unescape(markdown.markdown(page, extensions=["tables"]))

    for name in ("id", "semver"):
        assert f"<code>{schemas['common.schema.json']['$defs'][name]['pattern']}</code>" in html
    assert "<em>" not in html


def test_text_from_a_schema_is_escaped(schemas):
    evil = copy.deepcopy(schemas)
    rubric = evil["rubric.schema.json"]
    rubric["title"] = "Rubric <script>alert(1)</script>"
    rubric["$defs"]["level"]["properties"]["weights"]["description"] = "Weights <script>alert(1)</script> | split"
    rubric["$defs"]["level"]["properties"]["weights"]["propertyNames"] = {"pattern": "^<b>`x`|y$"}

    pages = reference_pages(evil)
    row = rows(pages["reference/rubric.md"])["levels[].weights"]

    assert all("<script>" not in page for page in pages.values())
    assert pages["reference/rubric.md"].startswith("# Rubric &lt;script&gt;alert(1)&lt;/script&gt;\n")
    assert "Rubric &lt;script&gt;" in pages["reference/index.md"]
    assert len(row) == 5
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#124; split" in row[3]
    assert "<b>" not in row[4]
    assert "<code>^<b>`x`|y$</code>" in unescape(markdown.markdown(pages["reference/rubric.md"], extensions=["tables"]))


def test_a_recursive_local_reference_terminates():
    tree = {
        "title": "Tree",
        "$ref": "#/$defs/node",
        "$defs": {"node": {"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}, "root": {"$ref": "#"}}}},
    }

    table = rows(reference_pages({"tree.schema.json": tree})["reference/tree.md"])

    assert list(table) == ["name", "children", "root"]
    assert table["children"][1] == "array of <code>node</code> (recursive)"
