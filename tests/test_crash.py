"""What a bug in openrubric reports: the file (and line) it was working on, read from the failing frames."""

from __future__ import annotations

from jinja2 import Environment

from openrubric import crash
from openrubric.loading import Document


def test_a_failure_inside_a_template_is_placed_at_the_templates_own_line():
    template = Document(path="narratives/templates/t.md", kind="template", syntax="markdown", body_line=5)
    rubric = Document(path="rubrics/rubric.yaml", kind="rubric", syntax="yaml")

    try:
        Environment(autoescape=True).from_string("one\ntwo\n{{ fail() }}\n").render(fail=lambda: 1 / 0)
    except ZeroDivisionError as error:
        # Both documents are at hand in this frame; the failure was in the template, at its third line.
        assert crash.location(error) == (template.path, template.body_line + 2)
        assert rubric.kind == "rubric"
        assert "while processing narratives/templates/t.md:7: ZeroDivisionError: division by zero — please report it" in crash.one_line(error)


def test_without_a_document_the_path_being_worked_on_is_named():
    def read(path: str) -> None:
        raise OSError("simulated")

    try:
        read("policy/policy.md")
    except OSError as error:
        assert crash.location(error) == ("policy/policy.md", 1)


def test_with_nothing_to_go_on_the_message_names_no_file():
    try:
        raise RuntimeError("simulated")
    except RuntimeError as error:
        assert crash.location(error) is None
        assert crash.one_line(error).startswith("openrubric: internal error: RuntimeError: simulated — please report it")
