"""Narrative templates: the sandboxed Jinja2 environment and the variables a template may use.

Templates arrive by pull request, so they render in a sandbox where reaching for Python internals fails,
and with StrictUndefined so a misspelt variable is an error rather than an empty string.
"""

from __future__ import annotations

from jinja2 import StrictUndefined, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

# The context a template is rendered with; the template-variable rule accepts no other names.
VARIABLES = {
    "engineer": "the engineer's name",
    "manager": "the manager's name",
    "period": "the review period, e.g. 2026-H2",
    "level": "the engineer's level from the rubric: id, name, summary, weights, expectations",
    "categories": "the rubric's categories, each with its weight at this level",
    "scale": "the rating scale",
    "rubric_version": "the version of the rubric in force",
    "evidence": "the evidence requirements from policy/guardrails.yaml",
}


def environment() -> SandboxedEnvironment:
    # Markdown is not HTML: autoescaping would turn a manager's "&" into "&amp;".
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def unknown_variables(source: str) -> list[tuple[str, int]]:
    """(name, line) of each variable the template reads that is not in VARIABLES, first use only.

    Raises jinja2.TemplateSyntaxError when the template does not parse.
    """
    tree = environment().parse(source)
    unknown = meta.find_undeclared_variables(tree) - set(VARIABLES)
    first_use: dict[str, int] = {}
    for name in tree.find_all(nodes.Name):
        if name.name in unknown:
            first_use.setdefault(name.name, name.lineno)
    return sorted(first_use.items(), key=lambda item: item[1])
