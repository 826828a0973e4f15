from __future__ import annotations

TEMPLATE = "narratives/templates/review.md"


def test_an_unknown_variable_is_reported_at_its_line(repo, check):
    text = repo.read(TEMPLATE)
    repo.write(TEMPLATE, text + "\nSigned off by {{ director }}.\n")
    line = text.count("\n") + 2

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("template-variable", TEMPLATE, line)
    assert "'director'" in finding["message"]


def test_loop_variables_and_set_variables_are_not_unknown(repo, check):
    text = repo.read(TEMPLATE)
    repo.write(TEMPLATE, text + "\n{% set total = 0 %}{% for entry in scale %}{{ entry.label }} {{ total }}{% endfor %}\n")

    assert check().findings == []


def test_a_syntax_error_is_reported_at_the_files_line(repo, check):
    text = repo.read(TEMPLATE)
    repo.write(TEMPLATE, text + "\n{% for category in categories %}\n{{ category.name }}\n")

    result = check()

    [finding] = result.findings
    assert finding["rule"] == "template-syntax"
    assert finding["line"] >= text.count("\n") + 2


def test_a_render_failure_is_reported_at_the_failing_line_not_the_first(repo, check):
    text = repo.read(TEMPLATE)
    repo.write(TEMPLATE, text + "\n{% for category in categories %}\n{{ category.nmae }}\n{% endfor %}\n")
    line = text.count("\n") + 3

    [finding] = check().findings

    assert (finding["rule"], finding["line"]) == ("template-render", line)
    assert "has no attribute 'nmae'" in finding["message"]


def test_a_template_over_a_limit_is_reported_at_its_line(repo, check):
    text = repo.read(TEMPLATE)
    repo.write(TEMPLATE, text + "\n{% for i in range(99999) %}\n{% for j in range(99999) %}{% endfor %}\n{% endfor %}\n")

    [finding] = check().findings

    assert (finding["rule"], finding["line"]) == ("template-render", text.count("\n") + 3)
    assert "more than 100,000 steps" in finding["message"]


def test_without_a_readable_rubric_the_template_is_still_checked_for_syntax_and_variables(repo, check):
    repo.write("rubrics/rubric.yaml", repo.read("rubrics/rubric.yaml") + "version: [\n")
    text = repo.read(TEMPLATE)
    repo.write(TEMPLATE, text + "\n{{ employee }}\n{% include 'other.md' %}\n")

    found = [(f["rule"], f["line"]) for f in check().findings if f["path"] == TEMPLATE]

    assert found == [("template-variable", text.count("\n") + 2), ("template-render", text.count("\n") + 3)]
