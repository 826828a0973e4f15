"""Rules for narrative templates: they parse, use only the variables a narrative is drafted with, and render within limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .. import template_limits as limits
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
    summary="A narrative template fails to render for a fictional engineer, reaches for Python internals, or takes too much.",
    doc=f"""\
## What it does
Renders each template for a fictional engineer at the first level of the rubric, the way
`openrubric narrative new` and `openrubric site build` render it, and reports the line that failed: a value
that does not exist, an attempt to reach Python internals (the sandbox refuses it), an `include`,
`extends` or `import` (a template is rendered on its own), or a limit reached. The limits:
{limits.RENDER_SECONDS:g} second of rendering; {limits.MAX_STEPS:,} steps (loop iterations, calls, and items
given to filters); macros calling each other {limits.MAX_CALL_DEPTH} deep; statements,
expressions, lists and mappings nested {limits.MAX_NESTING} deep; {limits.MAX_VALUE_SIZE:,} characters in one
string or list; {limits.MAX_BUILT:,} characters of strings and lists built in all; {limits.MAX_OUTPUT:,}
characters of output; numbers of {limits.MAX_DIGITS:,} digits.

## Why is this bad?
Templates arrive by pull request and run on managers' machines and in CI. One that reaches for internals
could run code there; one that fails to render, or never finishes, stops every manager from drafting.

## Example
```jinja
{{{{ engineer.__class__.__mro__ }}}}
{{% for i in range(99999) %}}{{% for j in range(99999) %}}{{% endfor %}}{{% endfor %}}
```

## Use instead
```jinja
{{{{ engineer }}}}
{{% for category in categories %}}{{{{ category.name }}}}{{% endfor %}}
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    for template in content.checked("template"):
        yield from _template_problems(content, template)


def _template_problems(content: Content, template: Document) -> Iterator[Finding]:
    """What rendering the template for a fictional engineer at the rubric's first level finds; only what
    can be found without rendering when the rubric or the guardrails cannot be read."""
    from ..narratives import TemplateFailed, in_file, render_example  # Jinja2 costs start-up time
    from ..templates import problems

    rubric, guardrails = content.single("rubric"), content.single("guardrails")
    if rubric is None or guardrails is None:
        found, involves = [in_file(template, problem) for problem in problems(template.body)], []
    else:
        try:
            render_example(template, rubric.data, guardrails.data)  # type: ignore[arg-type]
            return
        except TemplateFailed as failure:
            found, involves = failure.problems, [rubric.path, guardrails.path]
    rules = {"syntax": TEMPLATE_SYNTAX, "variable": TEMPLATE_VARIABLE, "render": TEMPLATE_RENDER}
    for problem in found:
        yield rules[problem.kind].finding(template.path, problem.line, 1, problem.message, involves=involves if problem.kind == "render" else [])
