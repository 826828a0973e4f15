"""What changed in meaning between two snapshots of the content, and whether it loosens a guardrail.

A line diff of YAML hides what matters to engineers: which weights moved, which categories or levels came
and went, and above all which guardrail got weaker. Each change says what it touched, its old and new value,
and its effect: ``loosens`` (a guardrail got weaker), ``tightens`` or ``neutral``.

The files compared need not match their schemas (a diff is often asked for because a change is broken), so
every value is read for the type it should have, and anything else counts as absent: see ``_mapping``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Iterator

from .repository import REQUIRED_FILES, kind_of
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
    unreadable = set(base.unreadable) | set(head.unreadable)
    found = [Change("unreadable", path, path, base.unreadable.get(path), head.unreadable.get(path)) for path in sorted(unreadable)]
    # An unreadable file is reported as such, not as every entry in it removed.
    broken = {known.name for path in unreadable if (known := kind_of(path)) is not None}
    comparisons = (("rubric", _rubric), ("metrics", _metrics), ("guardrails", _guardrails))
    for kind, compare in comparisons:
        old, new = base.get(kind) or {}, head.get(kind) or {}
        # A file whose parsed data is the very same object (the same blob, parsed once) has not changed.
        if kind not in broken and old is not new:
            found += compare(old, new)
    found += _policy_sections(base, head, unreadable)
    found += _files("schema", "schemas/", base, head, unreadable)
    found += _files("template", "narratives/templates/", base, head, unreadable)
    return found


def _mapping(value: object) -> dict:  # type: ignore[type-arg]
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:  # type: ignore[type-arg]
    return value if isinstance(value, list) else []


def _key(value: object) -> bool:
    """Whether ``value`` can name an entry (an id, a term): the types YAML scalars have."""
    return isinstance(value, (str, int, float)) or value is None


def _sorted(values: Iterable[Any]) -> list[Any]:
    """Keys of any scalar type in a stable order (YAML keys may mix strings, numbers and null)."""
    return sorted(values, key=lambda value: (type(value).__name__, str(value)))


def _metrics(old: dict, new: dict) -> Iterator[Change]:  # type: ignore[type-arg]
    yield from _entries(METRICS, "metric", _list(old.get("metrics")), _list(new.get("metrics")))


def _rubric(old: dict, new: dict) -> Iterator[Change]:  # type: ignore[type-arg]
    if old.get("version") != new.get("version"):
        yield Change("version", RUBRIC, "version", old.get("version"), new.get("version"))
    if old.get("effective") != new.get("effective"):
        yield Change("effective", RUBRIC, "effective", old.get("effective"), new.get("effective"))
    yield from _entries(RUBRIC, "category", _list(old.get("categories")), _list(new.get("categories")))
    yield from _entries(RUBRIC, "level", _list(old.get("levels")), _list(new.get("levels")))
    yield from _entries(RUBRIC, "scale", _list(old.get("scale")), _list(new.get("scale")))
    yield from _entries(RUBRIC, "purpose", _list(old.get("purposes")), _list(new.get("purposes")))
    old_periods, new_periods = _mapping(old.get("periods")), _mapping(new.get("periods"))
    for key in _sorted(set(old_periods) | set(new_periods)):
        if old_periods.get(key) != new_periods.get(key):
            yield Change("periods", RUBRIC, f"periods/{key}", old_periods.get(key), new_periods.get(key))
    old_levels = _by_id(_list(old.get("levels")))
    for level_id, level in _by_id(_list(new.get("levels"))).items():
        before = old_levels.get(level_id)
        if before is None:
            continue
        for field, kind in (("weights", "weight"), ("expectations", "expectation")):
            old_values, new_values = _mapping(before.get(field)), _mapping(level.get(field))
            for category in _sorted(set(old_values) | set(new_values)):
                if old_values.get(category) != new_values.get(category):
                    yield Change(kind, RUBRIC, f"{level_id}/{category}", old_values.get(category), new_values.get(category))


def _by_id(entries: list, key: str = "id") -> dict[Any, dict]:  # type: ignore[type-arg]
    return {entry[key]: entry for entry in entries if isinstance(entry, dict) and _key(entry.get(key, []))}


def _entries(path: str, kind: str, old: list, new: list) -> Iterator[Change]:  # type: ignore[type-arg]
    """Added, removed, renamed (same name, new id) and edited entries of an id list."""
    before, after = _by_id(old), _by_id(new)
    removed, added = set(before) - set(after), set(after) - set(before)
    renames = {old_id: new_id for old_id in removed for new_id in added if _name(before[old_id]) and _name(before[old_id]) == _name(after[new_id])}
    for old_id, new_id in _sorted(renames.items()):
        yield Change(f"{kind}-renamed", path, new_id, old_id, new_id)
    for entry_id in _sorted(removed - set(renames)):
        yield Change(f"{kind}-removed", path, entry_id, _name(before[entry_id]) or entry_id, None)
    for entry_id in _sorted(added - set(renames.values())):
        yield Change(f"{kind}-added", path, entry_id, None, _name(after[entry_id]) or entry_id)
    for entry_id in _sorted(set(before) & set(after)):
        for key in _sorted(set(before[entry_id]) | set(after[entry_id])):
            if key in ("id", "weights", "expectations"):
                continue  # weights and expectations are reported one by one
            if before[entry_id].get(key) != after[entry_id].get(key):
                yield Change(f"{kind}-changed", path, f"{entry_id}/{key}", before[entry_id].get(key), after[entry_id].get(key))


def _name(entry: dict) -> object:  # type: ignore[type-arg]
    return entry.get("name") or entry.get("label") or entry.get("signal") or entry.get("term")


def _guardrails(old: dict, new: dict) -> Iterator[Change]:  # type: ignore[type-arg]
    yield from _set_change("banned-signal", "id", _list(old.get("banned_signals")), _list(new.get("banned_signals")))
    yield from _set_change("bias-term", "term", _list(old.get("biased_language")), _list(new.get("biased_language")))
    old_evidence, new_evidence = _mapping(old.get("evidence")), _mapping(new.get("evidence"))
    yield from _number("evidence-minimum", "minimum_items", old_evidence.get("minimum_items"), new_evidence.get("minimum_items"), higher_is_tighter=True)
    old_by, new_by = _mapping(old_evidence.get("by_rating")), _mapping(new_evidence.get("by_rating"))
    for rating in _sorted(set(old_by) | set(new_by)):
        yield from _number("evidence-minimum", f"by_rating/{rating}", old_by.get(rating), new_by.get(rating), higher_is_tighter=True)
    old_appeal, new_appeal = _mapping(old.get("appeal")), _mapping(new.get("appeal"))
    yield from _number("appeal", "window_days", old_appeal.get("window_days"), new_appeal.get("window_days"), higher_is_tighter=True)
    for key in ("contact", "policy_section", "steps"):
        if old_appeal.get(key) != new_appeal.get(key):
            fewer_steps = key == "steps" and len(_list(new_appeal.get(key))) < len(_list(old_appeal.get(key)))
            effect = LOOSENS if not new_appeal.get(key) or fewer_steps else NEUTRAL
            yield Change("appeal", GUARDRAILS, key, old_appeal.get(key), new_appeal.get(key), effect)
    yield from _reading(_mapping(old.get("guardrail_rules")), _mapping(new.get("guardrail_rules")))
    old_quotas, new_quotas = _mapping(old.get("calibration")).get("quotas"), _mapping(new.get("calibration")).get("quotas")
    if old_quotas != new_quotas:
        yield Change("calibration", GUARDRAILS, "quotas", old_quotas, new_quotas, LOOSENS if old_quotas == "forbidden" else TIGHTENS)


def _reading(old: dict, new: dict) -> Iterator[Change]:  # type: ignore[type-arg]
    """Changes to what the guardrail rules catch: an entry or a phrase added tightens, an exception or a
    negation added loosens."""
    old_listed, new_listed = _list(old.get("entries")), _list(new.get("entries"))
    yield from _set_change("guardrail-entry", "id", old_listed, new_listed)
    old_entries = _by_id(old_listed)
    for entry_id, entry in _by_id(new_listed).items():
        if entry_id in old_entries:
            yield from _entry_reading(entry_id, old_entries[entry_id], entry)
    old_words, new_words = _mapping(old.get("vocabulary")), _mapping(new.get("vocabulary"))
    for name in sorted(set(old_words) | set(new_words), key=str):
        yield from _list_change("guardrail-vocabulary", str(name), _list(old_words.get(name)), _list(new_words.get(name)))
    old_negation, new_negation = _mapping(old.get("negation")), _mapping(new.get("negation"))
    for side in ("before", "after"):
        yield from _list_change("guardrail-negation", side, _list(old_negation.get(side)), _list(new_negation.get(side)), adding_loosens=True)
    yield from _list_change("guardrail-answer", "answer", _list(old_negation.get("answer")), _list(new_negation.get("answer")), adding_loosens=True)
    yield from _list_change("guardrail-mention", "mention", _list(old.get("mention")), _list(new.get("mention")), adding_loosens=True)
    yield from _list_change("guardrail-definition", "definition", _list(old.get("definition")), _list(new.get("definition")), adding_loosens=True)
    yield from _list_change("guardrail-distribution-key", "distribution_keys", _list(old.get("distribution_keys")), _list(new.get("distribution_keys")))
    # `terms` holds the settings every biased-language term is read with: one edit there moves them all.
    old_terms, new_terms = _mapping(old.get("terms")), _mapping(new.get("terms"))
    yield from _list_change("guardrail-unless", "terms", _list(old_terms.get("unless")), _list(new_terms.get("unless")), adding_loosens=True)
    yield from _negation_read("terms", old_terms.get("negation"), new_terms.get("negation"))


def _entry_reading(entry_id: Any, before: dict, after: dict) -> Iterator[Change]:  # type: ignore[type-arg]
    yield from _list_change("guardrail-phrase", entry_id, _list(before.get("phrases")), _list(after.get("phrases")))
    yield from _list_change("guardrail-frame", entry_id, _list(before.get("frames")), _list(after.get("frames")))
    yield from _list_change("guardrail-exception", entry_id, _list(before.get("exceptions")), _list(after.get("exceptions")), adding_loosens=True)
    yield from _list_change("guardrail-unless", entry_id, _list(before.get("unless")), _list(after.get("unless")), adding_loosens=True)
    yield from _negation_read(entry_id, before.get("negation"), after.get("negation"))
    if before.get("documents") != after.get("documents"):
        yield Change("guardrail-documents", GUARDRAILS, entry_id, before.get("documents"), after.get("documents"), _documents_effect(before.get("documents"), after.get("documents")))
    for key in ("rule", "signal", "says", "suggestion"):
        if before.get(key) != after.get(key):
            yield Change("guardrail-setting", GUARDRAILS, f"{entry_id}/{key}", before.get(key), after.get(key))


def _negation_read(subject: Any, old: object, new: object) -> Iterator[Change]:
    """`negation: false` makes a negated match fire too (absent means true): turning it off tightens."""
    before, after = old is not False, new is not False
    if before != after:
        yield Change("guardrail-reads-negation", GUARDRAILS, subject, old, new, LOOSENS if after else TIGHTENS)


def _documents_effect(old: object, new: object) -> str:
    """Absent `documents` reads every kind of file: reading fewer kinds loosens, reading more tightens."""
    before, after = (set(_list(value)) if value is not None else None for value in (old, new))
    if after is None or (before is not None and after > before):
        return TIGHTENS
    if before is None or after < before:
        return LOOSENS
    return NEUTRAL


def _set_change(kind: str, key: str, old: list, new: list) -> Iterator[Change]:  # type: ignore[type-arg]
    before, after = set(_by_id(old, key)), set(_by_id(new, key))
    for value in _sorted(before - after):
        yield Change(f"{kind}-removed", GUARDRAILS, value, value, None, LOOSENS)
    for value in _sorted(after - before):
        yield Change(f"{kind}-added", GUARDRAILS, value, None, value, TIGHTENS)


def _list_change(kind: str, subject: str, old: list, new: list, *, adding_loosens: bool = False) -> Iterator[Change]:  # type: ignore[type-arg]
    """Values removed from and added to a list; ``adding_loosens`` for lists that let sentences through."""
    if old == new:  # most lists are unchanged, and comparing them whole is cheap
        return
    removed, added = _missing(old, new), _missing(new, old)
    if removed:
        yield Change(f"{kind}-removed", GUARDRAILS, subject, removed, None, TIGHTENS if adding_loosens else LOOSENS)
    if added:
        yield Change(f"{kind}-added", GUARDRAILS, subject, None, added, LOOSENS if adding_loosens else TIGHTENS)


def _missing(values: list, others: list) -> list:  # type: ignore[type-arg]
    """The values not among ``others``, in order; by a set when the values allow one (phrase lists are long)."""
    try:
        present = set(others)
        return [value for value in values if value not in present]
    except TypeError:  # lists, such as frames, are not hashable
        return [value for value in values if value not in others]


def _number(kind: str, subject: str, old: Any, new: Any, *, higher_is_tighter: bool) -> Iterator[Change]:
    if old == new:
        return
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and not isinstance(old, bool) and not isinstance(new, bool):
        effect = TIGHTENS if (new > old) == higher_is_tighter else LOOSENS
    else:
        effect = LOOSENS if new is None else TIGHTENS if old is None else NEUTRAL
    yield Change(kind, GUARDRAILS, subject, old, new, effect)


def _policy_sections(base: Snapshot, head: Snapshot, unreadable: set[str]) -> Iterator[Change]:
    for path in sorted(set(base.bodies) | set(head.bodies)):
        if not path.startswith("policy/") or path in unreadable or base.bodies.get(path) == head.bodies.get(path):
            continue
        old, new = _sections(base.bodies.get(path, "")), _sections(head.bodies.get(path, ""))
        for title in sorted(set(old) | set(new)):
            if old.get(title) != new.get(title):
                yield Change("policy-section", path, title, "present" if title in old else None, "changed" if title in new else None)


def _sections(body: str) -> dict[str, str]:
    return {title: " ".join(text.split()) for title, text in policy_sections(body).items()}


def policy_sections(body: str) -> dict[str, str]:
    """A policy body's `## ` sections: title -> its text as written (the text before the first is not one)."""
    parts = re.split(r"^## +(.+?)\s*$", body, flags=re.M)
    return {parts[index]: parts[index + 1] for index in range(1, len(parts) - 1, 2)}


def _files(kind: str, prefix: str, base: Snapshot, head: Snapshot, unreadable: set[str]) -> Iterator[Change]:
    for path in sorted(set(base.data) | set(head.data)):
        if not path.startswith(prefix) or path in unreadable:
            continue
        old, new = base.data.get(path), head.data.get(path)
        body_changed = base.bodies.get(path) != head.bodies.get(path)
        if old is None:
            yield Change(f"{kind}-added", path, path, None, path)
        elif new is None:
            yield Change(f"{kind}-removed", path, path, path, None)
        elif old != new or body_changed:
            yield Change(f"{kind}-changed", path, path, None, None)
