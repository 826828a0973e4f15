"""Each output format carries the same findings: text for people, json for tools, github and sarif for CI."""

from __future__ import annotations

import json
from urllib.parse import unquote

from conftest import sarif_errors


def break_weight(repo) -> int:
    return repo.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")


def test_text_output_is_path_line_column_severity_rule_message(repo, check):
    line = break_weight(repo)

    result = check(fmt="text")

    skipped, error, summary = result.out.strip().splitlines()
    assert skipped.startswith("policy/guardrails.yaml:1:1: warning [rules-skipped] these rules did not run: quota,")
    assert error.startswith(f"policy/guardrails.yaml:{line}:")
    assert "error [schema]" in error
    assert summary.endswith("1 error, 1 warning")


def test_github_output_is_workflow_commands_with_escaped_properties(repo, check):
    line = break_weight(repo)

    result = check(fmt="github")

    annotation = result.out.splitlines()[1]
    assert annotation.startswith(f"::error file=policy/guardrails.yaml,line={line},col=")
    assert ",title=openrubric schema::" in annotation


def test_sarif_output_validates_against_the_official_schema(repo, check):
    line = break_weight(repo)
    repo.write("rubrics/metrics.yaml", "metrics: [\n")

    result = check(fmt="sarif")

    log = json.loads(result.out)
    assert sarif_errors(log) == []
    results = log["runs"][0]["results"]
    located = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results}
    assert located == {("schema", "policy/guardrails.yaml"), ("yaml-syntax", "rubrics/metrics.yaml")} | {
        ("rules-skipped", "policy/guardrails.yaml"),
        ("rules-skipped", "rubrics/metrics.yaml"),
    }
    region = next(r for r in results if r["ruleId"] == "schema")["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == line
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["rules-skipped", "schema", "yaml-syntax"]
    assert all(r["ruleIndex"] == [rule["id"] for rule in rules].index(r["ruleId"]) for r in results)


def test_sarif_output_of_a_clean_run_is_valid_and_empty(check):
    log = json.loads(check(fmt="sarif").out)
    assert sarif_errors(log) == []
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]


def test_json_output_has_the_documented_shape(repo, check):
    break_weight(repo)

    document = json.loads(check().out)

    assert set(document) == {"findings", "files_checked", "suppressions"}
    assert document["files_checked"] >= 8  # the content files; the schemas are packaged
    assert set(document["findings"][0]) == {"rule", "severity", "path", "line", "column", "message"}


def test_sarif_uris_are_percent_encoded_relative_to_the_repository_root(repo, check):
    repo.write("policy/Ünïcode page.md", "---\ntitle: Ünïcode page\nsections: [x]\n---\n# Ünïcode page\n")

    result = check("policy/Ünïcode page.md", fmt="sarif")

    log = json.loads(result.out)
    assert sarif_errors(log) == []
    [run] = log["runs"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"policy/%C3%9Cn%C3%AFcode%20page.md"}
    assert {unquote(uri) for uri in uris} == {"policy/Ünïcode page.md"}
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repo.root.resolve().as_uri() + "/"
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": result.status}]
    assert result.status == 1


def test_sarif_carries_a_suppressed_finding_with_its_justification(repo, check):
    policy = repo.read("policy/policy.md")
    line = policy.count("\n") + 1
    comment = "<!-- openrubric: allow biased-language until 2999-12-31 -- quoting the engineer's own self-review -->"
    repo.write("policy/policy.md", f"{policy}{comment}\nHe can come across as abrasive in design reviews.\n")

    result = check(fmt="sarif")

    log = json.loads(result.out)
    assert sarif_errors(log) == []
    assert result.status == 0
    [suppressed] = log["runs"][0]["results"]
    assert suppressed["ruleId"] == "biased-language"
    assert suppressed["locations"][0]["physicalLocation"]["region"]["startLine"] == line + 1
    [suppression] = suppressed["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["justification"] == "quoting the engineer's own self-review"
    assert suppression["location"]["physicalLocation"]["region"]["startLine"] == line
    assert suppression["properties"] == {"until": "2999-12-31"}
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "biased-language" and rule["defaultConfiguration"] == {"level": "warning"}
    assert rule["fullDescription"]["text"] and "## What it does" in rule["help"]["markdown"]
    assert json.loads(check().out)["findings"] == []  # the other formats still leave it out
