"""The budget that holds one render of a narrative template to the limits in ``template_limits``.

Every place a template makes work (a loop iteration, a call, a filter, an operator, a literal, a piece of
output) goes through one Budget, which refuses as soon as a limit is reached. Operations whose result can be
many times the size of their inputs (``'a' * n``, ``10 ** n``, ``center(n)``, ``join`` with a long
separator...) are refused from an estimate before they run, since afterwards the time and memory are already
spent.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .template_limits import MAX_BUILT, MAX_CALL_DEPTH, MAX_DIGITS, MAX_NESTING, MAX_OUTPUT, MAX_STEPS, MAX_VALUE_SIZE, RENDER_SECONDS

_LOG10_2 = math.log10(2)


class LimitReached(Exception):
    """A template reached one of the limits; the message says which and how to change the template."""


class Budget:
    """What one render has spent so far. Each method raises LimitReached when a limit would be passed."""

    def __init__(self) -> None:
        self.steps = 0
        self.depth = 0
        self.built_total = 0
        self.written = 0
        self.deadline = math.inf  # compiling is not timed: only running the template is

    def start_clock(self) -> None:
        self.deadline = time.thread_time() + RENDER_SECONDS

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise LimitReached(
                f"the template takes more than {MAX_STEPS:,} steps (loop iterations, calls, and items given to filters); "
                "loop over the rubric's categories, scale and evidence rather than over large ranges, and do not nest such loops"
            )
        self._on_time()

    def enter_call(self) -> None:
        self.depth += 1
        if self.depth > MAX_CALL_DEPTH:
            raise LimitReached(
                f"macros call each other more than {MAX_CALL_DEPTH} deep; a macro that calls itself needs a condition that stops it"
            )

    def leave_call(self) -> None:
        self.depth -= 1

    def built(self, value: Any) -> Any:
        """``value``, once it is known to be within the limits: every value a template makes passes here."""
        if isinstance(value, int) and not isinstance(value, bool):
            self.would_compute(value.bit_length() * _LOG10_2)
        size = measure(value)
        self.would_make(size)
        self.would_build_in_all(size)
        self.built_total += size
        self._on_time()
        return value

    def would_build_in_all(self, size: int) -> None:
        if self.built_total + size > MAX_BUILT:
            raise LimitReached(
                f"the template builds more than {MAX_BUILT:,} characters of strings and lists in all; "
                "build each piece of text once, outside loops"
            )

    def would_make(self, size: float) -> None:
        if size > MAX_VALUE_SIZE:
            raise LimitReached(
                f"the template would build a string or list of more than {MAX_VALUE_SIZE:,} characters; "
                "a narrative is a few pages: repeat, pad and join less"
            )

    def would_compute(self, digits: float) -> None:
        if digits > MAX_DIGITS:
            raise LimitReached(f"the template would compute a number of more than {MAX_DIGITS:,} digits; a review needs no such number")

    def wrote(self, text: str) -> None:
        self.written += len(text)
        if self.written > MAX_OUTPUT:
            raise LimitReached(
                f"the template writes more than {MAX_OUTPUT:,} characters; a narrative is a few pages: write less inside loops"
            )
        self._on_time()

    def before_binop(self, operator: str, left: Any, right: Any) -> None:
        if operator == "*":
            self._before_multiply(left, right)
        elif operator == "**" and _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            # abs(left) >= 2, so the power has at least right * 0.3 digits: larger exponents need no float.
            self.would_compute(right * math.log10(abs(left)) if right <= 4 * MAX_DIGITS else math.inf)
        elif operator == "%" and isinstance(left, (str, bytes)):
            self.would_make(_printf_size(left, right))

    def before_method(self, method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """Refuse a call of a str, bytes or int method that would build too large a value; the arguments
        to call it with (an iterator to join is read into a list, to be measured)."""
        owner = getattr(method, "__self__", None)
        estimate = _METHOD_SIZES.get(getattr(method, "__name__", "")) if isinstance(owner, (str, bytes, int)) else None
        if estimate is None:
            return args
        if method.__name__ == "join" and args and isinstance(args[0], Iterator):
            args = (list(args[0]), *args[1:])
        estimate(self, owner, args, kwargs)
        return args

    def before_filter(self, name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Refuse a filter that would build too large a value; the value to filter (an iterator is read
        into a list, to be measured)."""
        estimate = _FILTER_SIZES.get(name)
        if estimate is None:
            return value
        if isinstance(value, Iterator):
            value = list(value)
        estimate(self, value, args, kwargs)
        return value

    def _on_time(self) -> None:
        if time.thread_time() > self.deadline:
            raise LimitReached(
                f"the template takes more than {RENDER_SECONDS:g} second to render, where real templates take milliseconds; "
                "look for loops over large ranges or repeated work on long strings"
            )

    def _before_multiply(self, left: Any, right: Any) -> None:
        if _is_int(left) and _is_int(right):
            self.would_compute((left.bit_length() + right.bit_length()) * _LOG10_2)
            return
        sequence, count = (left, right) if _is_int(right) else (right, left)
        if _is_int(count) and isinstance(sequence, (str, bytes, list, tuple)):
            self.would_make(measure(sequence) * max(count, 0))


def measure(value: Any) -> int:
    """About how many characters ``value`` prints as, counting a value each time it is referred to.

    Raises LimitReached for values nested more than MAX_NESTING deep, before Python's own printing would
    overflow the stack on them.
    """
    return _measure(value, {}, 0)


def _measure(value: Any, seen: dict[int, int], depth: int) -> int:
    if isinstance(value, (str, bytes)):
        return len(value)
    if _is_int(value):
        return int(value.bit_length() * _LOG10_2) + 1
    if not isinstance(value, (list, tuple, set, frozenset, dict)):
        return 8
    known = seen.get(id(value))
    if known is not None:
        return known  # shared, or (0 while it is being measured) a container inside itself, printed as [...]
    if depth >= MAX_NESTING:
        raise LimitReached(f"the template builds lists or mappings nested more than {MAX_NESTING} deep; keep them flat")
    seen[id(value)] = 0
    items = [part for pair in value.items() for part in pair] if isinstance(value, dict) else value
    size = 2 + sum(_measure(item, seen, depth + 1) + 2 for item in items)
    seen[id(value)] = size
    return size


def _nesting(value: Any, depth: int = 0) -> int:
    """How deep lists and mappings are nested in ``value``, up to MAX_NESTING."""
    if depth >= MAX_NESTING or not isinstance(value, (list, tuple, dict)):
        return depth
    items = value.values() if isinstance(value, dict) else value
    return max((_nesting(item, depth + 1) for item in items), default=depth + 1)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _argument(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any = None) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _number(value: Any) -> int:
    """A width or count argument as a number; one that is not a number fails later, in the call itself."""
    return value if _is_int(value) else 0


def _numbers_in(text: str) -> int:
    """The sum of the numbers written in a format string: no width or precision it asks for is larger."""
    return sum(int(run) if len(run) <= 9 else 10**9 for run in re.findall(r"\d+", text))


def _printf_size(template: str | bytes, values: Any) -> int:
    """``template % values``: each placeholder prints at most the largest value, padded to the widths written."""
    text = template.decode("latin-1") if isinstance(template, bytes) else template
    parts = list(values.values()) if isinstance(values, Mapping) else list(values) if isinstance(values, tuple) else [values]
    largest = max((measure(part) for part in parts), default=0)
    widths = sum(_number(part) for part in parts) if "*" in text else 0  # '*' takes a width from the values
    return len(text) + text.count("%") * largest + _numbers_in(text) + widths


def format_size(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """``template.format(...)``: each field prints at most the largest argument, padded to the widths written."""
    parts = [*args, *kwargs.values()]
    largest = max((measure(part) for part in parts), default=0)
    # A field inside a field ("{:{width}}") takes a width from the arguments themselves.
    nested = re.search(r"\{[^{}]*\{", template) is not None
    widths = sum(_number(part) for part in parts) if nested else 0
    return len(template) + template.count("{") * largest + _numbers_in(template) + widths


Estimate = Callable[[Budget, Any, tuple[Any, ...], dict[str, Any]], None]


def _padded(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    budget.would_make(max(measure(text), _number(_argument(args, kwargs, 0, "width", 0))))


def _tabs_expanded(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    budget.would_make(measure(text) * max(_number(_argument(args, kwargs, 0, "tabsize", 8)), 1))


def _replaced(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    old, new = _argument(args, kwargs, 0, "old", ""), _argument(args, kwargs, 1, "new", "")
    if not isinstance(text, bytes):  # the filter replaces in the text of any value
        text, old, new = str(text), str(old), str(new)
    if isinstance(old, type(text)) and isinstance(new, type(text)):
        occurrences = text.count(old) if old else len(text) + 1
        budget.would_make(len(text) + occurrences * len(new))


def _joined(budget: Budget, items: Any, joiner_length: int) -> None:
    parts = list(items) if isinstance(items, (list, tuple, set, frozenset, dict)) else [items]
    budget.would_make(sum(measure(part) for part in parts) + len(parts) * joiner_length)


def _join_method(budget: Budget, separator: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if args:
        _joined(budget, args[0], len(separator))


def _join_filter(budget: Budget, items: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    _joined(budget, items, measure(_argument(args, kwargs, 0, "d", "")))


def _translated(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    table = _argument(args, kwargs, 0, "table")
    longest = max((measure(value) for value in table.values()), default=1) if isinstance(table, Mapping) else 1
    budget.would_make(measure(text) * max(longest, 1))


def _to_bytes(budget: Budget, number: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    budget.would_make(_number(_argument(args, kwargs, 0, "length", 1)))


def _indented(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    width = _argument(args, kwargs, 0, "width", 4)
    lines = text.count("\n") + 1 if isinstance(text, str) else 1
    budget.would_make(measure(text) + lines * (_number(width) if _is_int(width) else measure(width)))


def _wrapped(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    width, wrapstring = _argument(args, kwargs, 0, "width", 79), _argument(args, kwargs, 2, "wrapstring", None)
    size = measure(text)
    # Two wrapped lines together are longer than the width, so there are at most 2 * size / width lines.
    lines = 2 * size // max(_number(width), 1) + (text.count("\n") if isinstance(text, str) else 0) + 1
    budget.would_make(size + lines * measure(wrapstring if wrapstring is not None else "\n"))


def _batched(budget: Budget, items: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    count, fill = _number(_argument(args, kwargs, 0, "linecount")), _argument(args, kwargs, 1, "fill_with")
    budget.would_make(measure(items) + (count * (measure(fill) + 2) if fill is not None else 0))


def _sliced(budget: Budget, items: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    count, fill = _number(_argument(args, kwargs, 0, "slices")), _argument(args, kwargs, 1, "fill_with")
    budget.would_make(measure(items) + count * (measure(fill) + 4))


def _as_json(budget: Budget, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    indent = _argument(args, kwargs, 0, "indent")
    width = _number(indent) if _is_int(indent) else measure(indent) if isinstance(indent, str) else 0
    size = measure(value)
    # Each item goes on a line of its own (there are fewer items than characters), indented once for each
    # level it is nested at.
    budget.would_make(size + size * width * _nesting(value))


def _printf_filter(budget: Budget, template: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    budget.would_make(_printf_size(str(template), kwargs or args))


def _rounded(budget: Budget, number: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    budget.would_compute(abs(_number(_argument(args, kwargs, 0, "precision", 0))))  # rounding computes 10 ** precision


def _summed(budget: Budget, items: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    start = _argument(args, kwargs, 1, "start", 0)
    if isinstance(start, (int, float)) or not isinstance(items, (list, tuple)):
        return
    total = measure(start) + sum(measure(item) for item in items)
    budget.would_make(total)
    budget.would_build_in_all(total * len(items) // 2)  # adding lists one at a time copies the sum so far each time


def _linked(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    extra = sum(measure(_argument(args, kwargs, index, name) or "") for index, name in ((2, "target"), (3, "rel")))
    size = measure(text)
    budget.would_make(3 * size + (size // 4 + 1) * extra)  # each link is written twice, and has the attributes


_METHOD_SIZES: dict[str, Estimate] = {
    "center": _padded,
    "ljust": _padded,
    "rjust": _padded,
    "zfill": _padded,
    "expandtabs": _tabs_expanded,
    "replace": _replaced,
    "join": _join_method,
    "translate": _translated,
    "to_bytes": _to_bytes,
}

_FILTER_SIZES: dict[str, Estimate] = {
    "center": _padded,
    "indent": _indented,
    "wordwrap": _wrapped,
    "replace": _replaced,
    "join": _join_filter,
    "batch": _batched,
    "slice": _sliced,
    "tojson": _as_json,
    "format": _printf_filter,
    "round": _rounded,
    "sum": _summed,
    "urlize": _linked,
}
