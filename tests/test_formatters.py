"""Each output format carries the same findings: text for people, json for tools, github and sarif for CI."""

from __future__ import annotations

import json

import pytest
from conftest import PROJECT, SARIF_SCHEMA
from jsonschema.validators import validator_for


def break_weight(repo) -> int:
    return repo.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")


def test_text_output_is_path_line_column_severity_rule_message(repo, check):
    line = break_weight(repo)

    result = check(fmt="text")

    first, summary = result.out.strip().splitlines()
    assert first.startswith(f"policy/guardrails.yaml:{line}:")
    assert "error [schema]" in first
    assert summary.endswith("1 error, 0 warnings")


def test_github_output_is_workflow_commands_with_escaped_properties(repo, check):
    line = break_weight(repo)

    result = check(fmt="github")

    annotation = result.out.splitlines()[0]
    assert annotation.startswith(f"::error file=policy/guardrails.yaml,line={line},col=")
    assert ",title=openrubric schema::" in annotation


def test_sarif_output_validates_against_the_official_schema(repo, check):
    line = break_weight(repo)
    repo.write("rubrics/metrics.yaml", "metrics: [\n")

    result = check(fmt="sarif")

    log = json.loads(result.out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(validator_for(schema)(schema).iter_errors(log), key=str)
    assert errors == []
    results = log["runs"][0]["results"]
    located = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results}
    assert located == {("schema", "policy/guardrails.yaml"), ("yaml-syntax", "rubrics/metrics.yaml")}
    region = next(r for r in results if r["ruleId"] == "schema")["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == line
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["schema", "yaml-syntax"]
    assert all(r["ruleIndex"] == [rule["id"] for rule in rules].index(r["ruleId"]) for r in results)


def test_sarif_output_of_a_clean_run_is_valid_and_empty(check):
    log = json.loads(check(fmt="sarif").out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(validator_for(schema)(schema).iter_errors(log)) == []
    assert log["runs"][0]["results"] == []


def test_json_output_has_the_documented_shape(repo, check):
    break_weight(repo)

    document = json.loads(check().out)

    assert set(document) == {"findings", "files_checked", "suppressions"}
    assert document["files_checked"] >= 10
    assert set(document["findings"][0]) == {"rule", "severity", "path", "line", "column", "message"}


def test_the_vendored_sarif_schema_is_the_shared_official_copy():
    shared = PROJECT.parent / "shared" / "vendor" / "sarif-schema-2.1.0.json"
    if not shared.is_file():
        pytest.skip("no shared/vendor folder beside this clone to compare with")
    assert SARIF_SCHEMA.read_bytes() == shared.read_bytes()
    assert json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))["id"].startswith("https://docs.oasis-open.org/sarif/")
