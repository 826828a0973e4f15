"""What changed in meaning between two snapshots of the content, and whether it loosens a guardrail.

A line diff of YAML hides what matters to engineers: which weights moved, which categories or levels came
and went, and above all which guardrail got weaker. Each change says what it touched, its old and new value,
and its effect: ``loosens`` (a guardrail got weaker), ``tightens`` or ``neutral``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Iterator

from .repository import REQUIRED_FILES
from .snapshots import Snapshot

LOOSENS, TIGHTENS, NEUTRAL = "loosens", "tightens", "neutral"
RUBRIC, METRICS, GUARDRAILS = REQUIRED_FILES["rubric"], REQUIRED_FILES["metrics"], REQUIRED_FILES["guardrails"]


@dataclass(frozen=True)
class Change:
    kind: str
    path: str
    subject: str
    old: Any
    new: Any
    effect: str = NEUTRAL

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def changes(base: Snapshot, head: Snapshot) -> list[Change]:
    found: list[Change] = []
    for path in sorted(set(base.unreadable) | set(head.unreadable)):
        found.append(Change("unreadable", path, path, base.unreadable.get(path), head.unreadable.get(path)))
    # A file whose parsed data is the very same object (the same blob, parsed once) has not changed.
    old_rubric, new_rubric = base.get("rubric") or {}, head.get("rubric") or {}
    if old_rubric is not new_rubric:
        found += _rubric(old_rubric, new_rubric)
    old_metrics, new_metrics = base.get("metrics") or {}, head.get("metrics") or {}
    if old_metrics is not new_metrics:
        found += _entries(METRICS, "metric", old_metrics.get("metrics", []), new_metrics.get("metrics", []))
    old_guardrails, new_guardrails = base.get("guardrails") or {}, head.get("guardrails") or {}
    if old_guardrails is not new_guardrails:
        found += _guardrails(old_guardrails, new_guardrails)
    found += _policy_sections(base, head)
    found += _files("schema", "schemas/", base, head)
    found += _files("template", "narratives/templates/", base, head)
    return found


def _rubric(old: dict, new: dict) -> Iterator[Change]:  # type: ignore[type-arg]
    if old.get("version") != new.get("version"):
        yield Change("version", RUBRIC, "version", old.get("version"), new.get("version"))
    if old.get("effective") != new.get("effective"):
        yield Change("effective", RUBRIC, "effective", old.get("effective"), new.get("effective"))
    yield from _entries(RUBRIC, "category", old.get("categories", []), new.get("categories", []))
    yield from _entries(RUBRIC, "level", old.get("levels", []), new.get("levels", []))
    yield from _entries(RUBRIC, "scale", old.get("scale", []), new.get("scale", []))
    old_levels = {level["id"]: level for level in old.get("levels", []) if isinstance(level, dict)}
    for level in new.get("levels", []):
        before = old_levels.get(level.get("id")) if isinstance(level, dict) else None
        if before is None:
            continue
        old_weights, new_weights = before.get("weights", {}), level.get("weights", {})
        for category in sorted(set(old_weights) | set(new_weights), key=str):
            if old_weights.get(category) != new_weights.get(category):
                yield Change("weight", RUBRIC, f"{level['id']}/{category}", old_weights.get(category), new_weights.get(category))
        for category in sorted(set(before.get("expectations", {})) | set(level.get("expectations", {})), key=str):
            if before.get("expectations", {}).get(category) != level.get("expectations", {}).get(category):
                yield Change("expectation", RUBRIC, f"{level['id']}/{category}", before.get("expectations", {}).get(category), level.get("expectations", {}).get(category))


def _entries(path: str, kind: str, old: list, new: list) -> Iterator[Change]:  # type: ignore[type-arg]
    """Added, removed, renamed (same name, new id) and edited entries of an id list."""
    before = {entry["id"]: entry for entry in old if isinstance(entry, dict) and "id" in entry}
    after = {entry["id"]: entry for entry in new if isinstance(entry, dict) and "id" in entry}
    removed, added = set(before) - set(after), set(after) - set(before)
    renames = {old_id: new_id for old_id in removed for new_id in added if _name(before[old_id]) and _name(before[old_id]) == _name(after[new_id])}
    for old_id, new_id in sorted(renames.items()):
        yield Change(f"{kind}-renamed", path, new_id, old_id, new_id)
    for entry_id in sorted(removed - set(renames)):
        yield Change(f"{kind}-removed", path, entry_id, _name(before[entry_id]) or entry_id, None)
    for entry_id in sorted(added - set(renames.values())):
        yield Change(f"{kind}-added", path, entry_id, None, _name(after[entry_id]) or entry_id)
    for entry_id in sorted(set(before) & set(after)):
        for key in sorted(set(before[entry_id]) | set(after[entry_id])):
            if key in ("id", "weights", "expectations"):
                continue  # weights and expectations are reported one by one
            if before[entry_id].get(key) != after[entry_id].get(key):
                yield Change(f"{kind}-changed", path, f"{entry_id}/{key}", before[entry_id].get(key), after[entry_id].get(key))


def _name(entry: dict) -> str | None:  # type: ignore[type-arg]
    return entry.get("name") or entry.get("label") or entry.get("signal") or entry.get("term")


def _guardrails(old: dict, new: dict) -> Iterator[Change]:  # type: ignore[type-arg]
    yield from _set_change("banned-signal", "id", old.get("banned_signals", []), new.get("banned_signals", []))
    yield from _set_change("bias-term", "term", old.get("biased_language", []), new.get("biased_language", []))
    old_evidence, new_evidence = old.get("evidence", {}), new.get("evidence", {})
    yield from _number("evidence-minimum", "minimum_items", old_evidence.get("minimum_items"), new_evidence.get("minimum_items"), higher_is_tighter=True)
    old_by, new_by = old_evidence.get("by_rating", {}), new_evidence.get("by_rating", {})
    for rating in sorted(set(old_by) | set(new_by)):
        yield from _number("evidence-minimum", f"by_rating/{rating}", old_by.get(rating), new_by.get(rating), higher_is_tighter=True)
    old_appeal, new_appeal = old.get("appeal") or {}, new.get("appeal") or {}
    yield from _number("appeal", "window_days", old_appeal.get("window_days"), new_appeal.get("window_days"), higher_is_tighter=True)
    for key in ("contact", "policy_section", "steps"):
        if old_appeal.get(key) != new_appeal.get(key):
            effect = LOOSENS if not new_appeal.get(key) or (key == "steps" and len(new_appeal.get(key) or []) < len(old_appeal.get(key) or [])) else NEUTRAL
            yield Change("appeal", GUARDRAILS, key, old_appeal.get(key), new_appeal.get(key), effect)
    yield from _reading(old.get("guardrail_rules") or {}, new.get("guardrail_rules") or {})
    old_quotas, new_quotas = (old.get("calibration") or {}).get("quotas"), (new.get("calibration") or {}).get("quotas")
    if old_quotas != new_quotas:
        yield Change("calibration", GUARDRAILS, "quotas", old_quotas, new_quotas, LOOSENS if old_quotas == "forbidden" else TIGHTENS)


def _reading(old: dict, new: dict) -> Iterator[Change]:  # type: ignore[type-arg]
    """Changes to what the guardrail rules catch: an entry or a phrase added tightens, an exception or a
    negation added loosens."""
    yield from _set_change("guardrail-entry", "id", old.get("entries", []), new.get("entries", []))
    old_entries = {entry["id"]: entry for entry in old.get("entries", []) if isinstance(entry, dict) and "id" in entry}
    for entry in new.get("entries", []):
        if isinstance(entry, dict) and entry.get("id") in old_entries:
            before = old_entries[entry["id"]]
            yield from _list_change("guardrail-phrase", entry["id"], before.get("phrases", []), entry.get("phrases", []))
            yield from _list_change("guardrail-frame", entry["id"], before.get("frames", []), entry.get("frames", []))
            yield from _list_change("guardrail-exception", entry["id"], entry.get("exceptions", []), before.get("exceptions", []))
    old_words, new_words = old.get("vocabulary") or {}, new.get("vocabulary") or {}
    for name in sorted(set(old_words) | set(new_words)):
        yield from _list_change("guardrail-vocabulary", name, old_words.get(name, []), new_words.get(name, []))
    for side in ("before", "after"):
        old_negation, new_negation = (old.get("negation") or {}).get(side, []), (new.get("negation") or {}).get(side, [])
        yield from _list_change("guardrail-negation", side, new_negation, old_negation)
    yield from _list_change("guardrail-mention", "mention", new.get("mention", []), old.get("mention", []))


def _set_change(kind: str, key: str, old: list, new: list) -> Iterator[Change]:  # type: ignore[type-arg]
    before = {entry[key] for entry in old if isinstance(entry, dict) and key in entry}
    after = {entry[key] for entry in new if isinstance(entry, dict) and key in entry}
    for value in sorted(before - after):
        yield Change(f"{kind}-removed", GUARDRAILS, value, value, None, LOOSENS)
    for value in sorted(after - before):
        yield Change(f"{kind}-added", GUARDRAILS, value, None, value, TIGHTENS)


def _list_change(kind: str, subject: str, old: list, new: list) -> Iterator[Change]:  # type: ignore[type-arg]
    removed, added = [v for v in old if v not in new], [v for v in new if v not in old]
    if removed:
        yield Change(f"{kind}-removed", GUARDRAILS, subject, removed, None, LOOSENS)
    if added:
        yield Change(f"{kind}-added", GUARDRAILS, subject, None, added, TIGHTENS)


def _number(kind: str, subject: str, old: Any, new: Any, *, higher_is_tighter: bool) -> Iterator[Change]:
    if old == new:
        return
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        effect = TIGHTENS if (new > old) == higher_is_tighter else LOOSENS
    else:
        effect = LOOSENS if new is None else TIGHTENS if old is None else NEUTRAL
    yield Change(kind, GUARDRAILS, subject, old, new, effect)


def _policy_sections(base: Snapshot, head: Snapshot) -> Iterator[Change]:
    for path in sorted(set(base.bodies) | set(head.bodies)):
        if not path.startswith("policy/") or base.bodies.get(path) == head.bodies.get(path):
            continue
        old, new = _sections(base.bodies.get(path, "")), _sections(head.bodies.get(path, ""))
        for title in sorted(set(old) | set(new)):
            if old.get(title) != new.get(title):
                yield Change("policy-section", path, title, "present" if title in old else None, "changed" if title in new else None)


def _sections(body: str) -> dict[str, str]:
    parts = re.split(r"^## +(.+?)\s*$", body, flags=re.M)
    return {parts[index]: " ".join(parts[index + 1].split()) for index in range(1, len(parts) - 1, 2)}


def _files(kind: str, prefix: str, base: Snapshot, head: Snapshot) -> Iterator[Change]:
    for path in sorted(set(base.data) | set(head.data)):
        if not path.startswith(prefix):
            continue
        old, new = base.data.get(path), head.data.get(path)
        body_changed = base.bodies.get(path) != head.bodies.get(path)
        if old is None:
            yield Change(f"{kind}-added", path, path, None, path)
        elif new is None:
            yield Change(f"{kind}-removed", path, path, path, None)
        elif old != new or body_changed:
            yield Change(f"{kind}-changed", path, path, None, None)
