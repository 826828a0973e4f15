"""The schemas ship with openrubric; a repository's own `schemas/<name>` replaces the packaged one, and is
content like any other: malformed or invalid schema files are reported where they break."""

from __future__ import annotations

import os


def test_a_missing_required_file_is_reported_by_name(repo, check):
    repo.path("rubrics/metrics.yaml").unlink()

    result = check()

    assert ("missing-file", "rubrics/metrics.yaml", 1) in {(f["rule"], f["path"], f["line"]) for f in result.findings}
    assert result.status == 1


def test_without_a_schemas_folder_the_packaged_schemas_apply(repo, check):
    assert not repo.path("schemas").exists()
    repo.replace("rubrics/rubric.yaml", "\ntitle:", "\ntitel: x\ntitle:")

    result = check()

    [finding] = [f for f in result.findings if f["rule"] != "rules-skipped"]
    assert (finding["rule"], finding["path"]) == ("schema", "rubrics/rubric.yaml")
    assert "unknown key 'titel'" in finding["message"]


def test_a_schema_of_the_repository_replaces_the_packaged_one_of_the_same_name(repo, check):
    # An organisation that allows one more key keeps its own copy; the other schemas stay packaged, and
    # the copy's references to them resolve offline.
    path = repo.own_schema("rubric.schema.json")
    repo.replace(path, '"properties": {\n    "version": {', '"properties": {\n    "x-owner": {"$ref": "common.schema.json#/$defs/id"},\n    "version": {')
    repo.replace("rubrics/rubric.yaml", "\ntitle:", "\nx-owner: people-ops\ntitle:")

    assert check().findings == []

    line = repo.replace("rubrics/rubric.yaml", "x-owner: people-ops", "x-owner: People Ops")
    [finding] = [f for f in check().findings if f["rule"] != "rules-skipped"]
    assert (finding["rule"], finding["path"], finding["line"]) == ("schema", "rubrics/rubric.yaml", line)


def test_malformed_json_in_a_schema_is_located(repo, check):
    repo.own_schema("policy.schema.json")
    text = repo.read("schemas/policy.schema.json")
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + " ,,\n"
    repo.write("schemas/policy.schema.json", "".join(lines))

    result = check()

    [finding] = [f for f in result.findings if f["path"] == "schemas/policy.schema.json"]
    assert (finding["rule"], finding["line"]) == ("json-syntax", 3)


def test_a_schema_that_breaks_the_metaschema_is_reported_at_the_bad_keyword(repo, check):
    line = repo.replace(repo.own_schema("template.schema.json"), '"type": "object"', '"type": "objekt"')

    result = check("schemas/template.schema.json")

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("schema", "schemas/template.schema.json", line)


def test_a_dangling_link_is_unreadable_not_a_crash(repo, check):
    repo.path("policy/policy.md").unlink()
    os.symlink(repo.path("policy/gone.md"), repo.path("policy/policy.md"))

    result = check()

    assert ("unreadable", "policy/policy.md") in {(f["rule"], f["path"]) for f in result.findings}
    assert "Traceback" not in result.out + result.err


def test_a_schema_neither_the_repository_nor_the_installed_package_has_is_an_error(repo, check, monkeypatch):
    # A broken install must not turn the guardrails off quietly: every rule on the rubric would be skipped.
    from openrubric import content

    monkeypatch.setattr(content, "schema_documents", list)  # no packaged schema

    result = check()

    assert ("missing-file", "schemas/rubric.schema.json") in {(f["rule"], f["path"]) for f in result.findings}
    assert result.status == 1


def test_a_loosened_schema_leaves_a_document_of_another_shape_to_no_rule_and_says_so(repo, check):
    # The repository's narrative schema accepts anything, but the rules read evidence summaries as text.
    repo.own_schema("narrative.schema.json")
    repo.write("schemas/narrative.schema.json", "{}\n")
    example = "narratives/examples/review-avery-okafor.md"
    line = repo.replace(example, "summary: Batched ledger writes;", "summary: 1000 # Batched ledger writes;")

    findings = check().findings
    assert [(f["rule"], f["path"], f["line"]) for f in findings] == [("rules-skipped", example, line)]
    assert "passes schemas/narrative.schema.json but not openrubric's own narrative.schema.json" in findings[0]["message"]
