"""Narrative templates: the one way a template is rendered, and every way it can fail, placed at its line.

Templates arrive by pull request, so they render in Jinja's sandbox, where reaching for Python internals
fails, with StrictUndefined, so a misspelt variable is an error rather than an empty string, and under the
limits in ``template_limits``, so no template can stall the tool. `check`, `narrative new` and `site build`
all render through ``render`` here and report its failures the same way.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes, pass_context
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from .template_budget import Budget, LimitReached, format_size
from .template_limits import MAX_NESTING

# The context a template is rendered with; the template-variable rule accepts no other names.
VARIABLES = {
    "engineer": "the engineer's name",
    "manager": "the manager's name",
    "period": "the review period, in the format the rubric's `periods` sets",
    "level": "the engineer's level from the rubric: id, name, summary, weights, expectations",
    "categories": "the rubric's categories, each with its weight at this level",
    "scale": "the rating scale",
    "rubric_version": "the version of the rubric in force",
    "evidence": "the evidence requirements from policy/guardrails.yaml",
}

# The file name compiled templates run under: their frames in a traceback carry the template's own lines.
_FILENAME = "<openrubric narrative template>"
# Filters the instrumented template calls. A space keeps their names out of reach of template syntax.
_ITERATE, _WRITE, _BUILT = "openrubric iterate", "openrubric write", "openrubric built"
_REFUSED: dict[type[nodes.Node], str] = {nodes.Include: "include", nodes.Extends: "extends", nodes.Import: "import", nodes.FromImport: "from ... import"}

Kind = Literal["syntax", "variable", "render"]


@dataclass(frozen=True)
class Problem:
    """Why a template cannot be rendered; ``line`` counts from the first line of the template's body."""

    kind: Kind  # which rule reports it: template-syntax, template-variable or template-render
    line: int
    message: str


class TemplateFailure(Exception):
    """A template did not render: its problems found before it ran, or the one that stopped it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def problems(source: str) -> list[Problem]:
    """What is wrong with a template before it runs: its syntax error, or else every statement that loads
    another template, every place nested too deep and every unknown variable, in the order of their lines."""
    environment = _LimitedEnvironment(Budget())
    try:
        tree = _parse(environment, source)
    except TemplateFailure as failure:
        return failure.problems
    return _problems_in(tree)


def render(source: str, context: dict[str, Any]) -> str:
    """The template rendered in the sandbox under the limits. Raises TemplateFailure with every problem
    ``problems`` finds, or else the problem that stopped the render."""
    budget = Budget()
    environment = _LimitedEnvironment(budget)
    tree = _parse(environment, source)
    found = _problems_in(tree)
    if found:
        raise TemplateFailure(found)
    try:
        code = environment.compile(_Instrument().visit(tree), filename=_FILENAME)
        template = environment.template_class.from_code(environment, code, environment.make_globals(None))
        budget.start_clock()
        return template.render(context)
    except Exception as error:  # noqa: BLE001 - whatever a template raises is a problem at its line, never a traceback
        raise TemplateFailure([Problem("render", _line_of(error), _message(error))]) from None


def _parse(environment: _LimitedEnvironment, source: str) -> nodes.Template:
    try:
        return environment.parse(source)
    except TemplateSyntaxError as error:
        raise TemplateFailure([Problem("syntax", error.lineno or 1, error.message or "invalid template syntax")]) from None
    except RecursionError:
        message = "expressions are nested too deeply to read; split them with {% set %}"
        raise TemplateFailure([Problem("syntax", _line_being_read(), message)]) from None
    except ValueError:  # Jinja's lexer reads each number with int(), which refuses more than 4,300 digits
        message = "a number in the template has too many digits to read; a review needs no such number"
        raise TemplateFailure([Problem("syntax", _line_being_read(), message)]) from None
    except Exception as error:  # noqa: BLE001 - whatever else reading raises is a problem at its line, never a traceback
        raise TemplateFailure([Problem("syntax", _line_being_read(), f"the template cannot be read: {type(error).__name__}: {error}")]) from None


def _line_being_read() -> int:
    """The line Jinja's lexer or parser was reading when it raised something other than a syntax error:
    it attaches no line to those, but its frames hold it."""
    line = 1
    for frame, _ in _frames(sys.exc_info()[2]):
        reader = frame.f_locals.get("self")
        if isinstance(reader, Parser):
            line = reader.stream.current.lineno
        elif frame.f_code.co_name == "wrap" and isinstance(frame.f_locals.get("lineno"), int):
            line = frame.f_locals["lineno"]  # the lexer, turning the text of one token into its value
    return line


def _problems_in(tree: nodes.Template) -> list[Problem]:
    walked = list(_nodes_with_depth(tree))
    too_deep = [node.lineno for node, depth in walked if depth > MAX_NESTING]
    if too_deep:  # Jinja's own analysis of such a tree could overflow the stack: report this alone
        message = f"statements and expressions are nested more than {MAX_NESTING} deep; split the work with macros or {{% set %}}"
        return [Problem("render", min(too_deep), message)]
    found = [
        Problem(
            "render",
            node.lineno,
            f"a narrative template is rendered on its own, so {{% {_REFUSED[type(node)]} %}} cannot load another template; "
            "write the text in this template, or define a macro in it",
        )
        for node, _ in walked
        if type(node) in _REFUSED
    ]
    try:
        found += _unknown_variables(tree)
    except TemplateSyntaxError as error:  # e.g. a filter that does not exist
        return [Problem("syntax", error.lineno or 1, error.message or "invalid template syntax")]
    return sorted(found, key=lambda problem: problem.line)


def _nodes_with_depth(tree: nodes.Template) -> Iterator[tuple[nodes.Node, int]]:
    """Every node with how deep it is nested, not below MAX_NESTING + 1. Walked without recursion: a long
    chain like ``a + b + ... + z`` parses into a tree deeper than Python's stack."""
    stack: list[tuple[nodes.Node, int]] = [(child, 1) for child in tree.iter_child_nodes()]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        if depth <= MAX_NESTING:
            stack.extend((child, depth + 1) for child in node.iter_child_nodes())


def _unknown_variables(tree: nodes.Template) -> list[Problem]:
    unknown = meta.find_undeclared_variables(tree) - set(VARIABLES)
    first_use: dict[str, int] = {}
    for name in tree.find_all(nodes.Name):
        if name.name in unknown:
            first_use.setdefault(name.name, name.lineno)
    return [Problem("variable", line, f"unknown variable '{name}'; templates may use: {', '.join(VARIABLES)}") for name, line in first_use.items()]


def _line_of(error: BaseException) -> int:
    """The template line of the statement that failed: Jinja rewrites the frames of a compiled template in
    a traceback to carry the template's file name and line; the innermost is where it failed."""
    lines = [line for frame, line in _frames(error.__traceback__) if frame.f_code.co_filename == _FILENAME]
    if lines:
        return lines[-1]
    return (error.lineno if isinstance(error, TemplateSyntaxError) else None) or 1


def _frames(traceback: TracebackType | None) -> Iterator[tuple[Any, int]]:
    while traceback is not None:
        yield traceback.tb_frame, traceback.tb_lineno
        traceback = traceback.tb_next


def _message(error: Exception) -> str:
    if isinstance(error, LimitReached):
        return str(error)
    if isinstance(error, SecurityError):
        return f"the template tried to reach Python internals, which templates may not: {error}"
    if isinstance(error, UndefinedError):
        return f"the template uses something that is not defined: {error}"
    if isinstance(error, TemplateSyntaxError):
        return error.message or "invalid template syntax"
    return f"the template failed to render: {type(error).__name__}: {error}"


class _LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with every operator, call and filter charged to one render's Budget.

    Immutable: a list or mapping a template changes in place (``items.append(items)``) would grow with no
    value passing a check. Unary + and - are not intercepted: they never make a value larger.
    """

    intercepted_binops = frozenset(ImmutableSandboxedEnvironment.default_binop_table)

    def __init__(self, budget: Budget) -> None:
        # Markdown is not HTML: autoescaping would turn a manager's "&" into "&amp;".
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
        self.budget = budget
        del self.globals["lipsum"]  # placeholder text, by the thousand words: nothing a review needs
        self.filters = {name: _limited(name, function, budget) for name, function in self.filters.items()}
        self.filters.update({_ITERATE: _iterate, _WRITE: _write, _BUILT: _built})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.before_binop(operator, left, right)
        return self.budget.built(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.budget.step()
        args = self.budget.before_method(obj, args, kwargs)
        self.budget.enter_call()
        try:
            result = super().call(context, obj, *args, **kwargs)
        finally:
            self.budget.leave_call()
        return self.budget.built(result)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        formatted = super().wrap_str_format(value)
        if formatted is None:
            return None
        template, budget = value.__self__, self.budget

        def limited(*args: Any, **kwargs: Any) -> str:
            budget.would_make(format_size(template, args, kwargs))
            return formatted(*args, **kwargs)

        return limited


def _limited(name: str, function: Callable[..., Any], budget: Budget) -> Callable[..., Any]:
    """``function`` (a filter), refused when it would build too large a value. It counts a step, and one
    more for each item of a list, mapping or range it is given: ``range(99999) | sum`` is that much work."""
    # A filter that asks for the context, eval context or environment gets it before the value.
    before_value = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)  # keeps jinja_pass_arg, so Jinja passes what the filter asks for
    def limited(*args: Any, **kwargs: Any) -> Any:
        if len(args) <= before_value:
            return function(*args, **kwargs)  # called wrongly: let Jinja's own error say how
        value = args[before_value]
        budget.step(1 + (len(value) if isinstance(value, (list, tuple, dict, set, frozenset, range)) else 0))
        value = budget.before_filter(name, value, args[before_value + 1 :], kwargs)
        return budget.built(function(*args[:before_value], value, *args[before_value + 1 :], **kwargs))

    return limited


@pass_context
def _iterate(context: Context, iterable: Iterable[Any]) -> Iterator[Any]:
    budget = context.environment.budget  # type: ignore[attr-defined]
    for item in iterable:
        budget.step()
        yield item


@pass_context
def _write(context: Context, value: Any) -> str:
    budget = context.environment.budget  # type: ignore[attr-defined]
    budget.built(value)  # measured before it is printed: printing a list prints every item it refers to
    text = str(value)
    budget.wrote(text)
    return text


@pass_context
def _built(context: Context, value: Any) -> Any:
    return context.environment.budget.built(value)  # type: ignore[attr-defined]


class _Instrument(NodeTransformer):
    """Routes what a compiled template does without a call through the budget filters: each loop's items,
    each piece of output (in macros and {% set %} blocks too), and each list, mapping and ``~`` it builds.
    pass_context keeps Jinja from running these filters at compile time."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _through(_ITERATE, node.iter)
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_through(_WRITE, child) for child in node.nodes]
        return node

    def visit_List(self, node: nodes.List) -> nodes.Node:
        return _through(_BUILT, self.generic_visit(node))

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        return _through(_BUILT, self.generic_visit(node))

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        return _through(_BUILT, self.generic_visit(node))

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        self.generic_visit(node)
        return _through(_BUILT, node) if node.ctx == "load" else node  # not the names of {% for a, b in ... %}


def _through(filter_name: str, node: nodes.Node) -> nodes.Filter:
    return nodes.Filter(node, filter_name, [], [], None, None, lineno=node.lineno)
