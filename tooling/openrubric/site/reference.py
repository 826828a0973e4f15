"""Reference pages for the JSON Schemas in `schemas/`, as plain functions from schemas to Markdown.

Each schema gets a page with a table of every field reachable from its root. References to the
schema's own `$defs` are inlined under the field that uses them; references to another file are
links to that file's page. A schema that only holds `$defs` (such as `common.schema.json`) gets one
section per definition, so links like `common.md#semver` land on it.

Every string taken from a schema goes through `escaping.text`: a `<script>` in a description shows as text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .escaping import code, text

Schema = dict[str, Any]
HEADER = ["| Field | Type | Required | Description | Constraints |", "| --- | --- | --- | --- | --- |"]


def reference_pages(schemas: dict[str, Schema]) -> dict[str, str]:
    """File name (`rubric.schema.json`) -> schema in; page path (`reference/rubric.md`) -> Markdown out,
    with `reference/index.md` listing every schema."""
    pages = {f"reference/{stem(name)}.md": schema_page(name, schemas) for name in sorted(schemas)}
    pages["reference/index.md"] = index_page(schemas)
    return pages


def stem(name: str) -> str:
    return name.removesuffix(".json").removesuffix(".schema")


def link(label: object, href: str) -> str:
    return f"[{text(label)}]({href})"


def slug(value: str) -> str:
    """The anchor MkDocs' toc extension gives a heading, so links to definitions resolve."""
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def is_library(schema: Schema) -> bool:
    """A schema of shared `$defs` only: its page has a section per definition."""
    return "$defs" in schema and not any(key in schema for key in ("type", "properties", "$ref", "items"))


@dataclass(frozen=True)
class Context:
    name: str
    root: Schema
    schemas: dict[str, Schema]


@dataclass(frozen=True)
class Row:
    path: str
    schema: Schema
    required: bool


# Resolving local references


def local_target(root: Schema, ref: str) -> Schema | None:
    """The schema a `#/...` JSON pointer names in root, or None if it names nothing."""
    node: Any = root
    for part in ref.removeprefix("#").split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, dict) else None


def resolve(node: Schema, root: Schema, seen: frozenset[str]) -> tuple[Schema, frozenset[str]]:
    """Merge local `$ref`s into node, its own keywords winning; stop at one already on this branch."""
    while isinstance(ref := node.get("$ref"), str) and ref.startswith("#") and ref not in seen:
        target = local_target(root, ref)
        if target is None:
            break
        seen |= {ref}
        node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return node, seen


# Describing one schema


def external(ref: str, ctx: Context) -> str:
    """A reference to another file as a link to its page (and the definition's section if it has one)."""
    target, _, pointer = ref.partition("#")
    name = target.rsplit("/", 1)[-1]
    schema = ctx.schemas.get(name)
    if schema is None:
        return code(ref)
    page = f"{quote(stem(name))}.md" if name != ctx.name else ""
    definition = pointer.removeprefix("/$defs/")
    if pointer.startswith("/$defs/") and "/" not in definition and is_library(schema) and definition in schema["$defs"]:
        return link(definition, f"{page}#{slug(definition)}")
    return link(schema.get("title", stem(name)), page or "#")


def type_of(node: Schema, ctx: Context, seen: frozenset[str]) -> str:
    node, seen = resolve(node, ctx.root, seen)
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref.startswith("#"):
            return f"{code(ref.rsplit('/', 1)[-1])} (recursive)"
        return external(ref, ctx)
    for keyword, word in (("oneOf", "one of"), ("anyOf", "any of")):
        if isinstance(node.get(keyword), list):
            return f"{word}: " + ", ".join(type_of(option, ctx, seen) for option in node[keyword])
    kind = node.get("type")
    if kind is None and "const" in node:
        kind = json_type(node["const"])
    elif kind is None and node.get("enum"):
        kind = sorted({json_type(value) for value in node["enum"]})
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    words = [f"array of {type_of(node['items'], ctx, seen)}" if k == "array" and isinstance(node.get("items"), dict) else text(k) for k in kinds]
    return " or ".join(words) or "any"


def json_type(value: object) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object", type(None): "null"}
    return names.get(type(value), "any")


def literal(value: object) -> str:
    return code(value if isinstance(value, str) else json.dumps(value))


def plural(count: object, word: str) -> str:
    return f"{text(count)} {word}" + ("" if count == 1 else "s")


def constraints(node: Schema, ctx: Context, seen: frozenset[str]) -> list[str]:
    node, seen = resolve(node, ctx.root, seen)
    found = []
    if "pattern" in node:
        found.append(f"pattern {code(node['pattern'])}")
    if "format" in node:
        found.append(f"format {code(node['format'])}")
    for keyword, word in (("minimum", "minimum"), ("exclusiveMinimum", "more than"), ("maximum", "maximum"), ("exclusiveMaximum", "less than")):
        if keyword in node:
            found.append(f"{word} {text(node[keyword])}")
    for keyword, word, unit in (
        ("minLength", "at least", "character"), ("maxLength", "at most", "character"),
        ("minItems", "at least", "item"), ("maxItems", "at most", "item"),
        ("minProperties", "at least", "key"), ("maxProperties", "at most", "key"),
    ):  # fmt: skip
        if keyword in node:
            found.append(f"{word} {plural(node[keyword], unit)}")
    if node.get("uniqueItems"):
        found.append("unique items")
    if isinstance(node.get("enum"), list):
        found.append("one of " + ", ".join(literal(value) for value in node["enum"]))
    if "const" in node:
        found.append(f"always {literal(node['const'])}")
    if node.get("additionalProperties") is False:
        found.append("no other keys")
    if isinstance(names := node.get("propertyNames"), dict):
        found.append("keys: " + "; ".join([type_of(names, ctx, seen), *constraints(names, ctx, seen)]))
    found += [f"keys matching {code(pattern)}" for pattern in node.get("patternProperties", {})]
    # Items get no row of their own (their fields do), so their constraints show on the array.
    if isinstance(node.get("items"), dict) and (inner := constraints(node["items"], ctx, seen)):
        found.append("items: " + "; ".join(inner))
    return found


def about(node: Schema, ctx: Context, seen: frozenset[str]) -> str:
    node, _ = resolve(node, ctx.root, seen)
    parts = [node.get("title"), node.get("description")]
    return ": ".join(text(part) for part in parts if part)


# Walking the fields


def children(node: Schema, ctx: Context, seen: frozenset[str], path: str = "") -> list[tuple[str, Schema, bool]]:
    """The fields directly under node, with their dotted paths; array items are looked through."""
    node, seen = resolve(node, ctx.root, seen)
    if isinstance(node.get("$ref"), str):  # another file, or recursion: linked, not inlined
        return []
    prefix = f"{path}." if path else ""
    required = set(node.get("required", []))
    found = [(prefix + name, sub, name in required) for name, sub in node.get("properties", {}).items() if isinstance(sub, dict)]
    found += [(f"{prefix}<key>", sub, False) for sub in node.get("patternProperties", {}).values() if isinstance(sub, dict)]
    if isinstance(node.get("additionalProperties"), dict):
        found.append((f"{prefix}<key>", node["additionalProperties"], False))
    if isinstance(node.get("items"), dict):
        found += children(node["items"], ctx, seen, f"{path}[]")
    return found


def rows(node: Schema, ctx: Context, seen: frozenset[str], path: str = "") -> list[tuple[Row, frozenset[str]]]:
    """Every field under node, depth first; `seen` holds the local references on the way down."""
    node, seen = resolve(node, ctx.root, seen)
    found = []
    for child_path, child, required in children(node, ctx, seen, path):
        found.append((Row(child_path, child, required), seen))
        found += rows(child, ctx, seen, child_path)
    return found


def table(node: Schema, ctx: Context, seen: frozenset[str]) -> list[str]:
    lines = [
        f"| {code(row.path)} | {type_of(row.schema, ctx, seen)} | {'yes' if row.required else 'no'} "
        f"| {about(row.schema, ctx, seen)} | {'; '.join(constraints(row.schema, ctx, seen))} |"
        for row, seen in rows(node, ctx, seen)
    ]
    return HEADER + lines if lines else []


# Pages


def schema_page(name: str, schemas: dict[str, Schema]) -> str:
    schema = schemas[name]
    ctx = Context(name, schema, schemas)
    seen = frozenset({"#"})  # a `$ref: "#"` below the root is recursion too
    lines = [f"# {text(schema.get('title', stem(name)))}", "", text(schema.get("description", "")), ""]
    if "$id" in schema:
        lines += [f"Schema id: {code(schema['$id'])}", ""]
    if is_library(schema):
        for key, definition in schema["$defs"].items():
            if isinstance(definition, dict):
                lines += definition_section(key, definition, ctx, seen | {f"#/$defs/{key}"})
        return "\n".join(lines) + "\n"
    lines += [f"Document: {type_of(schema, ctx, seen)}" + "".join(f", {c}" for c in constraints(schema, ctx, seen)), ""]
    lines += ["## Fields", "", *table(schema, ctx, seen)]
    return "\n".join(lines) + "\n"


def definition_section(key: str, definition: Schema, ctx: Context, seen: frozenset[str]) -> list[str]:
    lines = [f"## {text(key)}", "", about(definition, ctx, seen), "", f"- **Type:** {type_of(definition, ctx, seen)}"]
    lines += [f"- **Constraints:** {'; '.join(found)}" for found in [constraints(definition, ctx, seen)] if found]
    base = str(definition.get("$ref", ""))
    if base.startswith("#/$defs/") and base.count("/") == 2:
        lines.append(f"- **Same as:** {link(base[8:], '#' + slug(base[8:]))}")
    # Examples are the definition's own: those of the definition it refers to may not fit it.
    if examples := definition.get("examples"):
        lines.append(f"- **Examples:** {', '.join(literal(example) for example in examples)}")
    fields = table(definition, ctx, seen)
    return lines + (["", *fields] if fields else []) + [""]


def described_files(schema: Schema) -> list[str]:
    """Paths the description names in backticks, such as `rubrics/rubric.yaml`; not commands or refs."""
    spans = re.findall(r"`([^`\s#$]+/[^`\s#$]*)`", str(schema.get("description", "")))
    return list(dict.fromkeys(spans))


def index_page(schemas: dict[str, Schema]) -> str:
    lines = ["# Schema reference", "", "The JSON Schemas that content files are validated against, one page each.", ""]
    lines += ["| Schema | Describes | Description |", "| --- | --- | --- |"]
    for name in sorted(schemas):
        schema = schemas[name]
        title = link(schema.get("title", stem(name)), f"{quote(stem(name))}.md")
        files = ", ".join(code(path) for path in described_files(schema))
        lines.append(f"| {title} ({code(name)}) | {files} | {text(schema.get('description', ''))} |")
    return "\n".join(lines) + "\n"
