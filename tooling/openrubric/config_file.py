"""Reading one configuration file (``openrubric.toml``, or ``[tool.openrubric]`` in ``pyproject.toml``): its
TOML, then every key, each problem located at the line of the key at fault. See ``config`` for which file is used.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .config import PYPROJECT, Config, ConfigError
from .findings import Severity

FAIL_ON = ("error", "warning")
KEYS = ("root", "exclude", "select", "ignore", "severity", "fail-on")


def load(path: Path, rules: dict[str, Any]) -> Config:
    """The configuration in ``path``; ``rules`` are every rule by name, which rule ids are checked against.
    Raises ConfigError for a file that cannot be read or holds anything but the keys documented."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        raise ConfigError(path, 1, f"cannot read the configuration: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, 1, "the configuration is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(path, text, error) from None
    if path.name == PYPROJECT:
        tool = data.get("tool")
        table, header = (tool.get("openrubric") if isinstance(tool, dict) else None), "tool.openrubric"
    else:
        table, header = data, ""
    locate = _Locator(path, text, header)
    if not isinstance(table, dict):
        raise ConfigError(path, locate.start + 1, "[tool.openrubric] must be a table of settings")
    return _read(table, locate, rules)


def _syntax_error(path: Path, text: str, error: tomllib.TOMLDecodeError) -> ConfigError:
    place = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
    line, column = (int(place.group(1)), int(place.group(2))) if place else (text.count("\n") + 1, 1)
    return ConfigError(path, line, f"invalid TOML: {message}", column)


class _Locator:
    """The line of a key (or of a quoted value) inside the openrubric table: tomllib keeps no positions."""

    def __init__(self, path: Path, text: str, header: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        table = re.compile(rf"\s*\[\s*{re.escape(header)}\s*[.\]]")
        self.start = next((number for number, line in enumerate(self.lines) if table.match(line)), 0) if header else 0

    def __call__(self, key: str, value: str | None = None) -> int:
        """The line of ``key`` (as a key or a table's name), or of ``value`` (a quoted string or a key) after it."""
        line = self._search(rf"(^|[\s{{,.\[])[\"']?{re.escape(key)}[\"']?\s*(=|\])", self.start) or self.start
        if value is not None:
            line = self._search(rf"[\"']{re.escape(value)}[\"']|(^|[\s{{,])[\"']?{re.escape(value)}[\"']?\s*=", line) or line
        return line + 1

    def _search(self, pattern: str, start: int) -> int | None:
        for number in range(start, len(self.lines)):
            if re.search(pattern, self.lines[number].split("#", 1)[0]):
                return number
        return None

    def error(self, message: str, key: str, value: str | None = None) -> ConfigError:
        return ConfigError(self.path, self(key, value), message)


def _read(table: dict[str, Any], locate: _Locator, rules: dict[str, Any]) -> Config:
    unknown = [key for key in table if key not in KEYS]
    if unknown:
        raise locate.error(f"unknown setting '{unknown[0]}'; the settings are {', '.join(KEYS)}", unknown[0])
    root = table.get("root")
    if root is not None and not isinstance(root, str):
        raise locate.error("'root' must be a string: the folder holding policy/ and rubrics/, relative to this file", "root")
    fail_on = table.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise locate.error(f"'fail-on' must be one of {', '.join(FAIL_ON)}, not {fail_on!r}", "fail-on")
    select = _rule_list(table, "select", locate, rules)
    ignore = _rule_list(table, "ignore", locate, rules)
    always = sorted(name for name in ignore if not rules[name].suppressible)
    if always:
        raise locate.error(f"'{always[0]}' cannot be ignored: it guards the policy itself and is never switched off", "ignore", always[0])
    return Config(
        source=locate.path,
        root=(locate.path.parent / root).resolve() if root is not None else None,
        exclude=tuple(_strings(table, "exclude", locate)),
        select=frozenset(select) if "select" in table else None,
        ignore=frozenset(ignore),
        severity=_severities(table.get("severity", {}), locate, rules),
        fail_on=fail_on,
    )


def _strings(table: dict[str, Any], key: str, locate: _Locator) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise locate.error(f"'{key}' must be a list of strings", key)
    return value


def _rule_list(table: dict[str, Any], key: str, locate: _Locator, rules: dict[str, Any]) -> list[str]:
    names = _strings(table, key, locate)
    for name in names:
        if name not in rules:
            raise locate.error(f"'{key}' names an unknown rule '{name}'; `openrubric rules` lists them", key, name)
    return names


def _severities(value: object, locate: _Locator, rules: dict[str, Any]) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise locate.error("'severity' must be a table of RULE = \"error\" or \"warning\"", "severity")
    severities = {}
    for name, level in value.items():
        if name not in rules:
            raise locate.error(f"'severity' names an unknown rule '{name}'; `openrubric rules` lists them", "severity", name)
        if level not in FAIL_ON:
            raise locate.error(f"the severity of '{name}' must be \"error\" or \"warning\", not {level!r}", "severity", name)
        rule = rules[name]
        if not rule.suppressible and rule.severity is Severity.ERROR and level == "warning":
            raise locate.error(f"'{name}' cannot be lowered to a warning: it guards the policy itself", "severity", name)
        severities[name] = Severity(level)
    return severities
