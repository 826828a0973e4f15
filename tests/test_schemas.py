"""Validation follows JSON Schema, not Python's defaults: patterns are ECMA-262 and numbers are finite."""

from __future__ import annotations

import pytest

RUBRIC = "rubrics/rubric.yaml"
GUARDRAILS = "policy/guardrails.yaml"
TEMPLATE = "narratives/templates/review.md"
EXAMPLE = "narratives/examples/review-avery-okafor.md"


def schema_findings(result, path: str) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["path"], f["line"]) for f in not_skipped(result) if f["path"] == path]


def not_skipped(result) -> list[dict]:
    """The findings besides the rules-skipped warnings that files failing their schema also get."""
    return [f for f in result.findings if f["rule"] != "rules-skipped"]


# (file, text as written, the same value with a trailing newline). Python's re lets `$` match before a final
# newline, so each of these passed `check` while ids like "L4\n" went on to name folders and pages.
TRAILING_NEWLINES = [
    pytest.param(RUBRIC, "- id: L4", '- id: "L4\\n"', id="level id"),
    pytest.param(RUBRIC, "- id: below", '- id: "below\\n"', id="scale id"),
    pytest.param(RUBRIC, "- id: operational-outcomes", '- id: "operational-outcomes\\n"', id="category id"),
    pytest.param(RUBRIC, "      operational-outcomes: 40", '      "operational-outcomes\\n": 40', id="weights key"),
    pytest.param(RUBRIC, "version: 1.0.0", 'version: "1.0.0\\n"', id="version"),
    pytest.param("rubrics/metrics.yaml", "- id: dora", '- id: "dora\\n"', id="metric family id"),
    pytest.param(TEMPLATE, "id: review", 'id: "review\\n"', id="template id"),
    pytest.param("policy/policy.md", "  - evidence\n", '  - "evidence\\n"\n', id="policy section id"),
    pytest.param(EXAMPLE, "period: 2026-H2", 'period: "2026-H2\\n"', id="narrative period"),
    pytest.param(EXAMPLE, "level: L4", "level: |\n  L4", id="level as a block scalar"),
]


@pytest.mark.parametrize(("path", "old", "new"), TRAILING_NEWLINES)
def test_an_identifier_with_a_trailing_newline_is_a_located_schema_finding(repo, check, path, old, new):
    line = repo.replace(path, old, new)

    result = check()

    assert ("schema", path, line) in schema_findings(result, path)
    assert result.status == 1


def test_a_pattern_is_an_ecma_262_expression_not_a_python_one(repo, check):
    # A named group is written (?<name>...) in ECMA-262; Python's re cannot even compile it.
    repo.replace(repo.own_schema("common.schema.json"), '"pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$"', '"pattern": "^(?<letter>[A-Z])[0-9]+$"')

    assert check().findings == []

    line = repo.replace(RUBRIC, "- id: L4", '- id: "L4\\n"')
    assert schema_findings(check(), RUBRIC) == [("schema", RUBRIC, line)]


def test_a_schema_pattern_that_only_python_understands_is_reported_where_it_is_written(repo, check):
    line = repo.replace(repo.own_schema("common.schema.json"), '"pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"', '"pattern": "^(?P<first>[A-Za-z0-9])[A-Za-z0-9._-]{0,39}$"')

    result = check("schemas/common.schema.json")

    [finding] = not_skipped(result)
    assert (finding["rule"], finding["path"], finding["line"]) == ("schema", "schemas/common.schema.json", line)
    assert "not a valid ECMA-262 regular expression" in finding["message"]


NON_FINITE = [
    pytest.param(RUBRIC, "value: 1\n", "value: .nan\n", "a finite number, found NaN", id="scale value .nan"),
    pytest.param(RUBRIC, "value: 1\n", "value: .inf\n", "a finite number, found infinity", id="scale value .inf"),
    pytest.param(RUBRIC, "value: 1\n", "value: -.inf\n", "a finite number, found -infinity", id="scale value -.inf"),
    pytest.param(RUBRIC, "value: 1\n", "value: 1e999\n", "a finite number, found infinity", id="scale value overflowing"),
    pytest.param(RUBRIC, "      operational-outcomes: 40", "      operational-outcomes: .inf", "an integer, found infinity", id="weight"),
    pytest.param(GUARDRAILS, "minimum_items: 2", "minimum_items: .nan", "an integer, found NaN", id="evidence minimum"),
    pytest.param(GUARDRAILS, "    below: 3", "    below: .inf", "an integer, found infinity", id="minimum by rating"),
    pytest.param(GUARDRAILS, "window_days: 30", "window_days: -.inf", "an integer, found -infinity", id="appeal window"),
]


@pytest.mark.parametrize(("path", "old", "new", "message"), NON_FINITE)
def test_a_number_that_is_not_finite_is_a_located_schema_finding(repo, check, path, old, new, message):
    line = repo.replace(path, old, new)

    result = check()

    [finding] = [f for f in not_skipped(result) if f["path"] == path]
    assert (finding["rule"], finding["line"]) == ("schema", line)
    assert message in finding["message"]
    assert result.status == 1


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_or_infinity_in_a_schema_file_is_reported_at_its_line(repo, check, constant):
    # Python's json reads these although JSON has no such numbers; a NaN maximum would limit nothing.
    line = repo.replace(repo.own_schema("rubric.schema.json"), '"maximum": 100', f'"maximum": {constant}')

    result = check()

    [finding] = not_skipped(result)
    assert (finding["rule"], finding["path"], finding["line"]) == ("schema", "schemas/rubric.schema.json", line)
    assert "JSON numbers are finite" in finding["message"]
