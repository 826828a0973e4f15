"""Bad input: every unreadable file gets one located finding, and the rest of the repository is still checked."""

from __future__ import annotations

import tracemalloc

import pytest

GUARDRAILS = "policy/guardrails.yaml"


def only(result, path):
    """The findings on ``path``, besides the rules-skipped warning every unusable shared file also gets."""
    return [f for f in result.findings if f["path"] == path and f["rule"] != "rules-skipped"]


def test_malformed_yaml_is_one_syntax_finding_at_its_line(repo, check):
    text = repo.read(GUARDRAILS)
    repo.write(GUARDRAILS, text + "oops: a: b\n")

    result = check()

    [finding] = only(result, GUARDRAILS)
    assert (finding["rule"], finding["line"]) == ("yaml-syntax", text.count("\n") + 1)
    assert result.status == 1


def test_a_broken_file_does_not_stop_the_other_files_being_checked(repo, check):
    repo.write(GUARDRAILS, "banned_signals: [\n")
    repo.replace("rubrics/rubric.yaml", "version:", "version: not-semver\nx-version:")

    result = check()

    assert {"yaml-syntax", "schema"} <= result.rules()
    assert {f["path"] for f in result.findings} >= {GUARDRAILS, "rubrics/rubric.yaml"}


def test_a_duplicate_key_points_at_the_second_occurrence(repo, check):
    text = repo.read("rubrics/rubric.yaml")
    first = text[: text.index("\nversion:")].count("\n") + 2
    repo.write("rubrics/rubric.yaml", text.replace("\nversion:", "\nversion: 9.9.9\nversion:", 1))

    result = check()

    [finding] = only(result, "rubrics/rubric.yaml")
    assert (finding["rule"], finding["line"]) == ("duplicate-key", first + 1)
    assert f"first given on line {first}" in finding["message"]


def test_a_wrong_type_names_the_expected_type(repo, check):
    line = repo.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")

    result = check()

    [finding] = only(result, GUARDRAILS)
    assert (finding["rule"], finding["line"]) == ("schema", line)
    assert "expected an integer, found a string" in finding["message"]


def test_an_unknown_key_is_reported_at_the_key(repo, check):
    text = repo.read(GUARDRAILS)
    repo.write(GUARDRAILS, text + "apeal:\n  contact: someone\n")
    line = text.count("\n") + 1

    result = check()

    [finding] = only(result, GUARDRAILS)
    assert (finding["rule"], finding["line"], finding["column"]) == ("schema", line, 1)
    assert "unknown key 'apeal'" in finding["message"]


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file_is_one_finding(repo, check, content):
    repo.write(GUARDRAILS, content)

    result = check()

    [finding] = only(result, GUARDRAILS)
    assert (finding["rule"], finding["line"]) == ("empty-file", 1)
    assert result.status == 1


def test_a_file_that_is_not_utf8_is_located_at_the_bad_byte(repo, check):
    repo.write(GUARDRAILS, "banned_signals:\n  - id: caf\xe9\n".encode("latin-1"))

    result = check()

    [finding] = only(result, GUARDRAILS)
    assert (finding["rule"], finding["line"], finding["column"]) == ("encoding", 2, 12)


def test_a_file_of_several_megabytes_is_refused_without_parsing(repo, check):
    repo.write(GUARDRAILS, "banned_signals:\n" + "  - {id: x, signal: y, reason: z}\n" * 150_000)

    result = check()

    [finding] = only(result, GUARDRAILS)
    assert (finding["rule"], finding["line"]) == ("file-too-large", 1)


def test_an_alias_bomb_is_refused_in_bounded_memory(repo, check):
    bomb = ["banned_signals: []", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    repo.write(GUARDRAILS, "\n".join(bomb) + "\n")

    tracemalloc.start()
    result = check()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    [finding] = only(result, GUARDRAILS)
    assert (finding["rule"], finding["line"]) == ("yaml-alias", 3)
    assert peak < 64 * 1024 * 1024


def test_a_self_referencing_alias_is_refused(repo, check):
    repo.write(GUARDRAILS, "banned_signals: &loop\n  - *loop\n")

    result = check()

    [finding] = only(result, GUARDRAILS)
    assert (finding["rule"], finding["line"]) == ("yaml-alias", 2)


def test_yaml_1_1_booleans_and_dates_stay_strings(repo, check):
    # Under YAML 1.1 `effective: 2026-01-01` would be a date object and fail `type: string`.
    repo.replace("rubrics/rubric.yaml", "\neffective:", "\neffective: 2026-02-30\nx-effective:")

    result = check()

    messages = [f["message"] for f in only(result, "rubrics/rubric.yaml")]
    assert any("2026-02-30" in message for message in messages), messages


def test_markdown_front_matter_that_never_closes_is_reported(repo, check):
    repo.write("policy/policy.md", "---\ntitle: x\n\n# body\n")

    result = check()

    [finding] = only(result, "policy/policy.md")
    assert (finding["rule"], finding["line"]) == ("front-matter", 1)


def test_front_matter_errors_are_placed_at_the_files_own_line(repo, check):
    line = repo.replace("policy/policy.md", "\ntitle:", "\ntitle: [unclosed\nx-title:") + 1

    result = check()

    [finding] = only(result, "policy/policy.md")
    assert finding["rule"] == "yaml-syntax"
    assert line <= finding["line"] <= line + 1


def test_no_input_file_produces_a_traceback(repo, check):
    for path, content in {
        GUARDRAILS: b"\xff\xfe\x00",
        "rubrics/rubric.yaml": b"- just\n- a list\n",
        "rubrics/metrics.yaml": b"metrics: 3\n",
        "schemas/rubric.schema.json": b'{"type": 12}',
        "narratives/templates/review.md": b"---\nid: review\n---\n{% for %}\n",
    }.items():
        repo.write(path, content)

    result = check()

    assert result.status == 1
    assert "Traceback" not in result.out + result.err
    assert "internal-error" not in result.rules()


@pytest.mark.parametrize("digits", [309, 4301, 5000])
def test_an_integer_too_long_for_a_float_is_a_finding_at_its_line_also_on_the_pre_commit_path(repo, check, digits):
    line = repo.replace("rubrics/rubric.yaml", "\ntitle:", f"\nx-huge: {'9' * digits}\ntitle:") + 1

    for result in (check(), check("rubrics/rubric.yaml")):
        [finding] = only(result, "rubrics/rubric.yaml")
        assert (finding["rule"], finding["line"], finding["column"]) == ("yaml-syntax", line, 9)
        assert f"{digits:,} digits" in finding["message"]
        assert result.status == 1


def test_an_integer_too_long_in_a_schema_is_a_json_finding_at_its_line(repo, check):
    path = repo.own_schema("common.schema.json")
    text = repo.read(path)
    repo.write(path, text.replace("{", '{\n  "x-huge": ' + "9" * 5000 + ",", 1))

    [finding] = only(check(path), path)

    assert (finding["rule"], finding["line"]) == ("json-syntax", text[: text.index("{")].count("\n") + 2)


@pytest.mark.parametrize("value", ["!!int ten", "!!float many", "!!timestamp 2026-01-01", "!!binary AAAA", "!!set {a}"])
def test_a_value_its_tag_cannot_hold_is_a_finding_at_the_value(repo, check, value):
    line = repo.replace("rubrics/rubric.yaml", "\ntitle:", f"\nx-tagged: {value}\ntitle:") + 1

    [finding] = only(check("rubrics/rubric.yaml"), "rubrics/rubric.yaml")

    assert (finding["rule"], finding["line"], finding["column"]) == ("yaml-syntax", line, 11)


@pytest.mark.parametrize("depth", [33, 990, 5000])
def test_data_nested_too_deep_is_a_finding_at_the_file_not_an_internal_error(repo, check, depth):
    line = repo.replace("rubrics/rubric.yaml", "\ntitle:", f"\nx-deep: {'[' * depth}1{']' * depth}\ntitle:") + 1

    result = check()

    [finding] = only(result, "rubrics/rubric.yaml")
    assert (finding["rule"], finding["line"]) == ("yaml-syntax", line)
    assert "internal-error" not in result.rules()


def test_block_mappings_nested_too_deep_are_a_finding_at_the_first_line_too_deep(repo, check):
    nested = "".join(f"\n{' ' * (level + 1)}k{level}:" for level in range(40)) + " end"
    line = repo.replace("policy/guardrails.yaml", "\nbanned_signals:", f"\nx-deep:{nested}\nbanned_signals:") + 1

    [finding] = only(check(), GUARDRAILS)

    assert (finding["rule"], finding["line"]) == ("yaml-syntax", line + 32)


def test_the_nesting_of_the_repositorys_own_files_passes(repo, check):
    # Aliases and nesting up to the limit are ordinary YAML.
    nested = "[" * 31 + "1" + "]" * 31
    repo.replace("rubrics/rubric.yaml", "\ntitle:", f"\nx-deep: &deep {nested}\nx-again: *deep\ntitle:")

    found = only(check(), "rubrics/rubric.yaml")

    assert [(f["rule"], f["message"].split(";")[0]) for f in found] == [("schema", "(top level): unknown key 'x-deep'"), ("schema", "(top level): unknown key 'x-again'")]


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("meets", "meets"),
        ("Brought it to a decision", "Brought it to a decision"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("nothing", "nothing"),
        ("12", 12),
        ("-3", -3),
        ("+4", 4),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("2026-01-01", "2026-01-01"),
        ("0o17", "0o17"),
        ("'12'", "12"),
        ('"true"', "true"),
        ("!!str 12", "12"),
        ("!!int '7'", 7),
    ],
)
def test_scalars_are_read_as_yaml_1_2_core_schema_says(scalar, value):
    from openrubric import yaml12

    assert yaml12.load(f"key: {scalar}\n") == {"key": value}


def test_an_alias_of_a_string_is_the_same_string_where_it_is_used():
    from openrubric import yaml12

    assert yaml12.load("a: &name some words\nb: *name\nc: [*name, *name]\n") == {"a": "some words", "b": "some words", "c": ["some words"] * 2}
