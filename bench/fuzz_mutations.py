"""The mutations bench/fuzz.py applies to a policy repository: what a careless user or an attacker might commit.

Each mutation takes a Workspace (the repository's working tree, a random generator and a folder outside the
repository) and one repository-relative path, changes the tree, and returns a short description of what it
did, for the failure report. Data mutations parse the file, change one value and write it back; text and byte
mutations work on the raw file; filesystem mutations replace the file with something that is not a file.
"""

from __future__ import annotations

import copy
import json
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

# Written where a huge literal must appear verbatim: no YAML or JSON dumper writes these itself.
_HUGE = "FUZZ_HUGE_INTEGER_{digits}"
_DEEP = "FUZZ_DEEP_NESTING_{depth}"


@dataclass
class Workspace:
    root: Path
    outside: Path  # a folder beside the repository, for links that lead out of it
    rng: random.Random
    skip: frozenset[str] = frozenset()  # features left out: see FEATURES
    touched: list[str] = field(default_factory=list)  # repository-relative paths changed, to restore afterwards

    def touch(self, path: str) -> None:
        """Record ``path`` (or the first of its folders that does not exist yet) before it changes."""
        parts = Path(path).parts
        for depth in range(1, len(parts) + 1):
            prefix = Path(*parts[:depth]).as_posix()
            if not os.path.lexists(self.root / prefix) or depth == len(parts):
                if prefix not in self.touched:
                    self.touched.append(prefix)
                return

    def read(self, path: str) -> bytes | None:
        """The bytes of a regular file at ``path`` (never opening a FIFO, which would block), else None."""
        try:
            return (self.root / path).read_bytes() if (self.root / path).is_file() else None
        except OSError:
            return None

    def write(self, path: str, data: bytes) -> None:
        self.touch(path)
        target = self.root / path
        remove(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def remove(target: Path) -> None:
    """Delete whatever is at ``target``: a file, a link, a FIFO or a folder."""
    if target.is_symlink() or (os.path.lexists(target) and not target.is_dir()):
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


# ----- values -------------------------------------------------------------------------------------------------

STRINGS = [
    "", " ", "L4", "L4\n", " L4", "l4", "L\uff14", "\u216c4", "L4\u200b", "\u202eL4", "Л4", "レベル4", "🙂", "e\u0301",
    "x" * 10_000, "a\x00b", "line one\nline two", "\t", "null", "true", "~", "0x10", "1e3", "2026-02-30", "-", "#",
    "</title><script>alert(1)</script>", "javascript:alert(1)", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
    "{{ 7 * 7 }}", "{% raw %}", "${HOME}", "../../etc/passwd", "%s%s%n", "\\", "'", '"', "`", "|", "*", "&a", "!!int",
]
NUMBERS = [0, -1, 1, 7, 99, 100, 101, -100, 2**31, 2**63, 10**18, 10**300, 0.5, -0.0, 1e-320, 1e308, -1e308, 1e16 + 1]
SPECIAL_NUMBERS = [float("nan"), float("inf"), float("-inf"), _HUGE.format(digits=4301), _HUGE.format(digits=5000), _HUGE.format(digits=309)]
DEPTHS = [31, 33, 40, 200, 990, 5000]


def random_value(rng: random.Random, depth: int = 0) -> object:
    choice = rng.randrange(9)
    if choice == 0:
        return rng.choice(STRINGS)
    if choice == 1:
        return rng.choice(NUMBERS)
    if choice == 2:
        return rng.choice(SPECIAL_NUMBERS)
    if choice == 3:
        return rng.choice([True, False, None])
    if choice == 4:
        return [] if depth > 2 else [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if choice == 5:
        return {} if depth > 2 else {rng.choice(["id", "name", "x", "weights", "", "0", "ratings"]): random_value(rng, depth + 1)}
    if choice == 6:
        return _DEEP.format(depth=rng.choice(DEPTHS))
    if choice == 7:
        return rng.choice([{}, [], "", None])
    return rng.choice(STRINGS) * rng.randrange(1, 3)


# ----- data mutations: parse, change one node, write back ------------------------------------------------------


def _nodes(data: object, path: tuple = ()) -> list[tuple]:  # type: ignore[type-arg]
    """Every (path) to a node below the root, in document order."""
    found = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, child in items:
        found.append((*path, key))
        found += _nodes(child, (*path, key))
    return found


def _parent(data: object, path: tuple) -> object:  # type: ignore[type-arg]
    for key in path[:-1]:
        data = data[key]  # type: ignore[index]
    return data


def _change_value(rng: random.Random, data: object) -> tuple[object, str]:
    """``data`` with one node changed, and what was done."""
    data = copy.deepcopy(data)
    nodes = _nodes(data)
    if not nodes:
        return random_value(rng), "replaced the whole document"
    path = rng.choice(nodes)
    parent = _parent(data, path)
    key = path[-1]
    where = "/".join(map(str, path))
    operation = rng.randrange(10)
    if operation == 0 and isinstance(parent, dict):
        del parent[key]
        return data, f"removed the key {where}"
    if operation == 1 and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
        return data, f"duplicated the entry {where}"
    if operation == 2 and isinstance(parent, list):
        rng.shuffle(parent)
        return data, f"shuffled the list holding {where}"
    if operation == 3 and isinstance(parent, dict):
        parent[rng.choice(["unknown", "wieghts", "id ", "ID", "\u216cevels", ""])] = parent[key]
        return data, f"added a key beside {where}"
    if operation == 4:
        # A shared node: dumped as an anchor and an alias; a node inside itself: a self-referencing alias.
        target = parent[key]  # type: ignore[index]
        if isinstance(target, (list, dict)) and rng.random() < 0.5:
            if isinstance(target, list):
                target.append(target)
            else:
                target["self"] = target
            return data, f"made {where} contain itself"
        other = rng.choice(nodes)
        parent[key] = _parent(data, other)[other[-1]]  # type: ignore[index]
        return data, f"made {where} an alias of {'/'.join(map(str, other))}"
    if operation == 5:
        parent[key] = rng.choice(NUMBERS + SPECIAL_NUMBERS)  # type: ignore[index]
        return data, f"set {where} to the number {parent[key]!r}"[:200]  # type: ignore[index]
    if operation == 6:
        value = parent[key]  # type: ignore[index]
        parent[key] = rng.choice(STRINGS) if not isinstance(value, str) else value + rng.choice(["\n", " ", "\u200b", "é", "\x00", "🙂", "</title><script>alert(1)</script>"])  # type: ignore[index]
        return data, f"changed the text of {where} to {str(parent[key])[:60]!r}"  # type: ignore[index]
    if operation == 7:
        parent[key] = _DEEP.format(depth=rng.choice(DEPTHS))  # type: ignore[index]
        return data, f"nested {where} {parent[key][len('FUZZ_DEEP_NESTING_'):]} levels deep"  # type: ignore[index]
    parent[key] = random_value(rng)  # type: ignore[index]
    return data, f"set {where} to {str(parent[key])[:60]!r}"  # type: ignore[index]


def _expand_markers(text: str, *, json_syntax: bool) -> str:
    for digits in (4301, 5000, 309):
        marker = _HUGE.format(digits=digits)
        text = text.replace(f'"{marker}"' if json_syntax else marker, "9" * digits)
    for depth in DEPTHS:
        marker = _DEEP.format(depth=depth)
        text = text.replace(f'"{marker}"' if json_syntax else marker, "[" * depth + "1" + "]" * depth)
    return text


def _dump_yaml(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def mutate_data(ws: Workspace, path: str) -> str:
    raw = ws.read(path)
    if raw is None:
        return mutate_bytes(ws, path)
    text = raw.decode("utf-8", "replace")
    try:
        if path.endswith(".json"):
            data, what = _change_value(ws.rng, json.loads(text))
            new = _expand_markers(json.dumps(data, indent=2, ensure_ascii=False), json_syntax=True)
        elif path.endswith(".md"):
            _, front, body = text.split("---\n", 2)
            data, what = _change_value(ws.rng, yaml.safe_load(front))
            new = "---\n" + _expand_markers(_dump_yaml(data), json_syntax=False) + "---\n" + body
        else:
            data, what = _change_value(ws.rng, yaml.safe_load(text))
            new = _expand_markers(_dump_yaml(data), json_syntax=False)
    except (ValueError, yaml.YAMLError, RecursionError, TypeError, AttributeError):
        return mutate_text(ws, path)  # already broken by an earlier mutation, or not data at all
    ws.write(path, new.encode("utf-8", "surrogatepass"))
    return f"data: {what}"


# ----- text and byte mutations ------------------------------------------------------------------------------------

JINJA = [
    "{{ 10 ** 10000 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ 'a' * 10 ** 7 }}",
    "{{ 'a' * 10 ** 9 }}",
    "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}",
    "{% for i in range(100000000) %}{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{% include 'other.md' %}",
    "{% extends 'base.md' %}",
    "{% import 'x' as y %}",
    "{{ enginer }}",
    "{{ level.nonexistent.deeper }}",
    "{{ 1 / 0 }}",
    "{{ engineer(",
    "{% if %}",
    "{% for %}",
    "{% raw %}unclosed",
    "{# unclosed comment",
    "{{ categories | map(attribute='id') | join(', ') }}",
    "{% set x = [] %}{% for i in range(50) %}{% set _ = x.append(x) %}{% endfor %}{{ x }}",
    "{{ range(10) | list | sum }}",
    "{{ '%s' % engineer }}",
    "{{ level.weights.items() | list }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ lipsum(100000) }}",
    "{{ dict(a=1).update(b=2) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ engineer | truncate(-1) }}",
    "{{ engineer * 100000 }}",
]


def _insert_at_line(text: str, rng: random.Random, insertion: str) -> str:
    lines = text.split("\n")
    index = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:index], insertion, *lines[index:]])


def mutate_text(ws: Workspace, path: str) -> str:
    raw = ws.read(path)
    if raw is None:
        return mutate_filesystem(ws, path)
    text = raw.decode("utf-8", "replace")
    rng = ws.rng
    lines = text.split("\n")
    keyed = [number for number, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]
    operation = rng.randrange(14)
    if operation == 0 and keyed:
        number = rng.choice(keyed)
        lines.insert(number + 1, lines[number])
        what = f"duplicated the line {number + 1} (a key given twice)"
    elif operation == 1 and keyed:
        number = rng.choice(keyed)
        lines[number] = "\t" + lines[number].lstrip(" ")
        what = f"indented line {number + 1} with a tab"
    elif operation == 2:
        number = rng.randrange(len(lines))
        digits = rng.choice([4301, 5000, 309, 308, 20])
        lines[number] = lines[number] + f"\nhuge_{digits}: {'9' * digits}" if rng.random() < 0.5 else lines[number].replace(": ", f": {'9' * digits} #", 1)
        what = f"wrote a {digits}-digit integer at line {number + 1}"
    elif operation == 3:
        snippet = rng.choice(["loop: &a [*a]", "loop: &a {x: *a}", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]", "x: *undefined", "y: &dup 1\nz: &dup 2"])
        lines.insert(_front_matter_end(lines), snippet)
        what = f"added aliases: {snippet[:40]!r}"
    elif operation == 4:
        snippet = rng.choice(["x: !!int ten", "x: !!float x", "x: !!timestamp 2026-02-30", "x: !!binary AAAA", "x: !!set {a, b}", "x: !!python/object/apply:os.system ['true']", "x: !custom 1", "x: !!omap [a: 1]", "? [a, b]\n: 1", "? {a: 1}\n: 2", "<<: {x: 1}", "x: !!str", "x: !!null 1"])
        lines.insert(_front_matter_end(lines), snippet)
        what = f"added a tagged value: {snippet[:40]!r}"
    elif operation == 5:
        depth = rng.choice([33, 400, 1100])
        lines.insert(_front_matter_end(lines), "\n".join(" " * level + f"k{level}:" for level in range(depth)) + "\n" + " " * depth + "v")
        what = f"added block mappings nested {depth} deep"
    elif operation == 6 and len(lines) > 1:
        number = rng.randrange(len(lines))
        del lines[number]
        what = f"deleted line {number + 1}"
    elif operation == 7 and len(lines) > 1:
        first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[first], lines[second] = lines[second], lines[first]
        what = f"swapped lines {first + 1} and {second + 1}"
    elif operation == 8:
        separator = rng.choice(["\r\n", "\r", "\u2028", "\x85"])
        ws.write(path, separator.join(lines).encode("utf-8"))
        return f"text: line breaks changed to {separator!r}"
    elif operation == 9:
        number = rng.randrange(len(lines))
        lines[number] = lines[number] + rng.choice(["\u202e", "\x1b[31m", "\x7f", "\x0b", "\x0c", "\ufeff", "\uffff", " #", " # openrubric: disable", " # openrubric: disable=schema", " # openrubric: disable-next-line=quota until 2000-01-01"])
        what = f"appended an odd character or comment to line {number + 1}"
    elif operation == 10 and path.startswith("narratives/templates/") and "jinja" not in ws.skip:
        payload = rng.choice(JINJA)
        text = _insert_at_line(text, rng, payload)
        ws.write(path, text.encode("utf-8"))
        return f"text: Jinja payload {payload!r}"
    elif operation == 11 and path.endswith(".md"):
        return _break_front_matter(ws, path, text)
    elif operation == 12:
        number = rng.randrange(len(lines))
        lines[number] = lines[number] + " " + "word " * rng.choice([2_000, 30_000])
        what = f"made line {number + 1} very long"
    else:
        return mutate_bytes(ws, path)
    ws.write(path, "\n".join(lines).encode("utf-8", "surrogatepass"))
    return f"text: {what}"


def _front_matter_end(lines: list[str]) -> int:
    """Where a new top-level YAML line goes: before a Markdown file's closing '---', else at the end."""
    if lines and lines[0] == "---":
        closing = next((number for number, line in enumerate(lines[1:], start=1) if line == "---"), None)
        if closing is not None:
            return closing
    return len(lines)


def _break_front_matter(ws: Workspace, path: str, text: str) -> str:
    variants: dict[str, Callable[[str], str]] = {
        "no opening ---": lambda t: t.split("\n", 1)[1] if "\n" in t else "",
        "no closing ---": lambda t: "---\n" + t.split("---\n", 2)[1] if t.count("---\n") >= 2 else t + "\n",
        "closed with ...": lambda t: t.replace("\n---\n", "\n...\n", 1),
        "front matter only": lambda t: "---\n" + t.split("---\n", 2)[1] + "---\n" if t.count("---\n") >= 2 else "---\n---\n",
        "empty front matter": lambda t: "---\n---\n" + (t.split("---\n", 2)[2] if t.count("---\n") >= 2 else t),
        "a list as front matter": lambda t: "---\n- a\n- b\n---\n# Body\n",
        "a string as front matter": lambda t: "---\njust words\n---\n# Body\n",
        "indented opening": lambda t: " " + t,
        "BOM before ---": lambda t: "\ufeff" + t,
        "two front matters": lambda t: t.replace("---\n", "---\nx: 1\n---\n---\n", 1),
        "--- with trailing text": lambda t: t.replace("---\n", "--- x\n", 1),
        "no body": lambda t: "---\n" + t.split("---\n", 2)[1] + "---" if t.count("---\n") >= 2 else t,
    }
    name = ws.rng.choice(sorted(variants))
    ws.write(path, variants[name](text).encode("utf-8"))
    return f"front matter: {name}"


def mutate_bytes(ws: Workspace, path: str) -> str:
    raw = ws.read(path) or b""
    rng = ws.rng
    operation = rng.randrange(9)
    position = rng.randrange(len(raw) + 1)
    if operation == 0:
        new, what = raw[:position], f"truncated at byte {position}"
    elif operation == 1:
        new, what = rng.choice([b"", b" \n", b"# only a comment\n", b"---\n", b"~\n", b"[]", b"{}", b"null"]), "emptied"
    elif operation == 2:
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000)))
        new, what = (junk if rng.random() < 0.5 else raw[:position] + junk + raw[position:]), f"{len(junk)} bytes of binary junk"
    elif operation == 3:
        bad = rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xc0\xaf"])
        new, what = raw[:position] + bad + raw[position:], f"invalid UTF-8 {bad!r} at byte {position}"
    elif operation == 4:
        new, what = raw[:position] + b"\x00" * rng.choice([1, 3]) + raw[position:], f"NUL at byte {position}"
    elif operation == 5:
        new, what = rng.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]) + raw, "a byte-order mark"
    elif operation == 6 and raw:
        flipped = bytearray(raw)
        for _ in range(rng.randrange(1, 8)):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        new, what = bytes(flipped), "flipped bits"
    elif operation == 7:
        size = rng.choice([1024 * 1024, 1024 * 1024 + 1])
        new, what = (raw + b"\n#" + b"x" * size)[:size], f"padded to {size:,} bytes"
    else:
        new, what = raw.decode("utf-8", "replace").encode("utf-16"), "re-encoded as UTF-16"
    ws.write(path, new)
    return f"bytes: {what}"


# ----- filesystem mutations -----------------------------------------------------------------------------------


def mutate_filesystem(ws: Workspace, path: str) -> str:
    """Replace the file at ``path`` with something that is not a regular file, or delete it."""
    target = ws.root / path
    original = ws.read(path)
    operations = [(name, feature) for name, feature in _FILESYSTEM if feature not in ws.skip]
    name, _ = ws.rng.choice(operations)
    ws.touch(path)
    remove(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if name == "a dangling symlink":
        target.symlink_to(ws.root / "does-not-exist" / Path(path).name)
    elif name == "a symlink to a file outside the repository":
        secret = ws.outside / f"secret-{ws.rng.randrange(1000)}{Path(path).suffix}"
        secret.write_bytes(original or b"secret: outside the repository\n")
        target.symlink_to(secret)
    elif name == "a symlink to itself":
        target.symlink_to(target.name)
    elif name == "a symlink to a folder outside the repository":
        target.symlink_to(ws.outside)
    elif name == "a symlink to another content file":
        target.symlink_to("../" * (len(Path(path).parts) - 1) + "rubrics/rubric.yaml")
    elif name == "a FIFO":
        os.mkfifo(target)
    elif name == "a folder in place of the file":
        target.mkdir()
        (target / "inside.md").write_bytes(original or b"x")
    return f"filesystem: {name}"


# (what the file becomes, the feature it belongs to)
_FILESYSTEM = (
    ("a dangling symlink", "symlink"),
    ("a symlink to a file outside the repository", "symlink"),
    ("a symlink to itself", "symlink"),
    ("a symlink to a folder outside the repository", "symlink"),
    ("a symlink to another content file", "symlink"),
    ("a FIFO", "fifo"),
    ("a folder in place of the file", "folder"),
    ("deleted", "deleted"),
)


NEW_FILES = [
    "narratives/2026-H2/team/new.md",
    "narratives/Зоя Ёлкина.md",
    "narratives/with space/and\nnewline.md",
    "narratives/" + "n" * 250 + ".md",
    "narratives/.hidden/x.md",
    "narratives/README.md",
    "narratives/templates/extra.md",
    "narratives/templates/sub/nested.md",
    "policy/second.md",
    "policy/guardrails.yml",
    "rubrics/rubric.yml",
    "rubrics/metrics.yml",
    "schemas/extra.schema.json",
    "narratives/drafts/2026-H2/ann-lee.md",
]


def add_file(ws: Workspace, path: str) -> str:
    """A new content file at an odd place, holding a copy of ``path`` (possibly mutated afterwards)."""
    new = ws.rng.choice(NEW_FILES)
    try:
        ws.write(new, ws.read(path) or b"x: 1\n")
    except OSError as error:  # a name the filesystem refuses is no test of openrubric
        return f"new file: {new!r} refused by the filesystem ({error.strerror})"
    return f"new file: {new!r} (a copy of {path})"


def swap_folder(ws: Workspace, path: str) -> str:
    """A whole content folder replaced: by a file, a link out of the repository, or an empty folder."""
    folder = ws.rng.choice(["rubrics", "policy", "schemas", "narratives", "narratives/templates", "narratives/examples"])
    ws.touch(folder)
    target = ws.root / folder
    stash = ws.outside / f"stash-{folder.replace('/', '-')}"
    if stash.exists():
        shutil.rmtree(stash)
    shutil.copytree(target, stash, symlinks=True)
    remove(target)
    operation = ws.rng.randrange(3)
    if operation == 0:
        target.write_text("not a folder\n")
        return f"folder: {folder} is a file"
    if operation == 1 and "symlink" not in ws.skip:
        target.symlink_to(stash)
        return f"folder: {folder} is a symlink to a copy outside the repository"
    target.mkdir()
    return f"folder: {folder} is empty"


# Parts of the mutations that --skip can leave out besides whole kinds: "symlink", "fifo", "jinja"; and for
# `narrative new`, "odd-drafts" (unusual names and --out paths).
FEATURES = ("symlink", "fifo", "jinja", "odd-drafts")
# name -> (weight, mutation)
MUTATIONS: dict[str, tuple[int, Callable[[Workspace, str], str]]] = {
    "data": (40, mutate_data),
    "text": (30, mutate_text),
    "bytes": (12, mutate_bytes),
    "filesystem": (10, mutate_filesystem),
    "new-file": (6, add_file),
    "folder": (2, swap_folder),
}


def mutate(ws: Workspace, paths: list[str], *, kinds: list[str]) -> list[str]:
    """Apply one to three random mutations of ``kinds`` to files among ``paths``; return what was done."""
    weights = [MUTATIONS[kind][0] for kind in kinds]
    # The eight schemas would otherwise take half of all mutations; the policy content deserves more.
    path_weights = [1 if path.startswith("schemas/") else 3 for path in paths]
    notes = []
    for _ in range(ws.rng.choices([1, 2, 3], weights=[70, 25, 5])[0]):
        kind = ws.rng.choices(kinds, weights=weights)[0]
        path = ws.rng.choices(paths, weights=path_weights)[0]
        try:
            notes.append(f"{path}: {MUTATIONS[kind][1](ws, path)}")
        except OSError as error:  # an earlier mutation made a file of its folder: nothing to test here
            notes.append(f"{path}: {kind} mutation not possible ({error.strerror})")
    return notes
