"""The schemas are content too: missing, malformed or invalid schema files are reported where they break."""

from __future__ import annotations

import os


def test_a_missing_required_file_is_reported_by_name(repo, check):
    repo.path("rubrics/metrics.yaml").unlink()

    result = check()

    assert ("missing-file", "rubrics/metrics.yaml", 1) in {(f["rule"], f["path"], f["line"]) for f in result.findings}
    assert result.status == 1


def test_a_missing_schema_is_reported(repo, check):
    repo.path("schemas/rubric.schema.json").unlink()

    result = check()

    assert ("missing-file", "schemas/rubric.schema.json") in {(f["rule"], f["path"]) for f in result.findings}


def test_malformed_json_in_a_schema_is_located(repo, check):
    text = repo.read("schemas/policy.schema.json")
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + " ,,\n"
    repo.write("schemas/policy.schema.json", "".join(lines))

    result = check()

    [finding] = [f for f in result.findings if f["path"] == "schemas/policy.schema.json"]
    assert (finding["rule"], finding["line"]) == ("json-syntax", 3)


def test_a_schema_that_breaks_the_metaschema_is_reported_at_the_bad_keyword(repo, check):
    line = repo.replace("schemas/template.schema.json", '"type": "object"', '"type": "objekt"')

    result = check("schemas/template.schema.json")

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("schema", "schemas/template.schema.json", line)


def test_a_dangling_link_is_unreadable_not_a_crash(repo, check):
    repo.path("policy/policy.md").unlink()
    os.symlink(repo.path("policy/gone.md"), repo.path("policy/policy.md"))

    result = check()

    assert ("unreadable", "policy/policy.md") in {(f["rule"], f["path"]) for f in result.findings}
    assert "Traceback" not in result.out + result.err
