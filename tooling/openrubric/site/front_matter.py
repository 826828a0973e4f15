"""The front matter keys of a hand-written page that MkDocs and the theme act on, checked before they are used.

A value of another kind fails deep inside the theme's templates (`"toc" in page.meta.hide` on a number), far
from the page that holds it, so the site build names the page, the line and what the key expects instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Protocol

import jinja2


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list with an item that is not text"
    names = {bool: "true or false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}
    return "empty" if value is None else names.get(type(value), "a date" if hasattr(value, "year") else "something else")


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# key: (is the value usable, what the key expects)
_EXPECTED: dict[str, tuple[Callable[[Any], bool], str]] = {
    "hide": (_strings, "a list of the parts of the page to hide, such as [navigation, toc]"),
    "search": (lambda value: isinstance(value, dict), "a mapping, such as {exclude: true}"),
    "template": (lambda value: isinstance(value, str), "the file name of one of the theme's templates"),
    "icon": (lambda value: isinstance(value, str), "the name of one of the theme's icons, such as material/home"),
}


class Theme(Protocol):
    def get_env(self) -> jinja2.Environment: ...


def problems(meta: Mapping[str, Any], source: Path, theme: Theme) -> Iterator[str]:
    """`LINE: message` for each key of ``meta`` the build could not use. The theme's template environment is
    made only for a page that names a template or an icon: most pages name neither."""
    for key, (usable, expected) in _EXPECTED.items():
        if key in meta and not usable(meta[key]):
            yield f"{_line_of(source, key)}: `{key}` is {_kind(meta[key])}; the theme expects {expected}"
    # Both name a file the theme loads: one it does not have stops the build with no page named.
    for key, path in (("template", "{}"), ("icon", ".icons/{}.svg")):
        if isinstance(meta.get(key), str) and not _has(theme.get_env(), path.format(meta[key])):
            yield f"{_line_of(source, key)}: `{key}: {meta[key]}` names no {key} the theme has"


def _has(theme: jinja2.Environment, name: str) -> bool:
    try:
        theme.get_template(name)
    except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
        return False
    return True


def _line_of(source: Path, key: str) -> int:
    """The line of ``key`` in the page's front matter block, or the page's first line."""
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return 1
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        if line.startswith((f"{key}:", f'"{key}":', f"'{key}':")):
            return number
    return 1
