"""Rules for narrative templates: they parse, and use only the variables a narrative is drafted with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

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
