"""Rules for narrative templates: they parse, and use only the variables a narrative is drafted with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

TEMPLATE_SYNTAX = Rule(
    name="template-syntax",
    severity=Severity.ERROR,
    summary="A narrative template is not valid Jinja2.",
    doc="""\
## What it does
Parses the body of each template in `narratives/templates/` as Jinja2 and reports the first syntax error.

## Why is this bad?
A template that does not parse cannot draft a narrative; managers find out at the worst moment.

## Example
```jinja
{% for category in categories %}
## {{ category.name }}
```

## Use instead
```jinja
{% for category in categories %}
## {{ category.name }}
{% endfor %}
```
""",
)

TEMPLATE_VARIABLE = Rule(
    name="template-variable",
    severity=Severity.ERROR,
    summary="A narrative template uses a variable that drafting does not provide.",
    doc="""\
## What it does
Reports a variable in a template that is not one of those a narrative is drafted with: `engineer`,
`manager`, `period`, `level`, `categories`, `scale`, `rubric_version`, `evidence`.

## Why is this bad?
Templates render with strict undefined variables, so a misspelt name makes drafting fail for every manager.

## Example
```jinja
# Review of {{ employee }}
```

## Use instead
```jinja
# Review of {{ engineer }}
```
""",
)


TEMPLATE_RENDER = Rule(
    name="template-render",
    severity=Severity.ERROR,
    summary="A narrative template fails to render for a fictional engineer, or reaches for Python internals.",
    doc="""\
## What it does
Renders each template in the sandbox for a fictional engineer at the first level of the rubric and reports
any failure: an attribute that does not exist, or an attempt to reach Python internals, which the sandbox
refuses.

## Why is this bad?
Templates arrive by pull request and run on managers' machines. One that reaches for internals could run
code there; one that fails to render stops every manager from drafting.

## Example
```jinja
{{ engineer.__class__.__mro__ }}
```

## Use instead
```jinja
{{ engineer }}
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    for template in content.checked("template"):
        from jinja2 import TemplateSyntaxError  # Jinja2 costs start-up time; only template checks need it

        from ..templates import VARIABLES, unknown_variables

        try:
            unknown = unknown_variables(template.body)
        except TemplateSyntaxError as error:
            line = template.body_line + (error.lineno or 1) - 1
            yield TEMPLATE_SYNTAX.finding(template.path, line, 1, error.message or "invalid template syntax")
            continue
        for name, line in unknown:
            message = f"unknown variable '{name}'; templates may use: {', '.join(VARIABLES)}"
            yield TEMPLATE_VARIABLE.finding(template.path, template.body_line + line - 1, 1, message)
        if not unknown:
            yield from _render_for_a_fictional_engineer(content, template)


def _render_for_a_fictional_engineer(content: Content, template: Document) -> Iterator[Finding]:
    from ..narratives import DraftError, Request, render, template_context

    rubric, guardrails = content.single("rubric"), content.single("guardrails")
    if rubric is None or guardrails is None:
        return
    level = rubric.data["levels"][0]["id"]  # type: ignore[index]
    request = Request("Alex Example", level, "2026-H2", "Sam Example", template.data["id"])  # type: ignore[index]
    try:
        render(template.body, template_context(rubric.data, guardrails.data, request))  # type: ignore[arg-type]
    except DraftError as error:
        yield TEMPLATE_RENDER.finding(template.path, template.body_line, 1, str(error), involves=[rubric.path, guardrails.path])
