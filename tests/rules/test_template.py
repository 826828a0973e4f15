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
