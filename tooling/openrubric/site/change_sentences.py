"""What a change means, in the words and labels a reader of the rubric knows.

`semantic_diff` names what changed by ids and keys (`L4/operational-outcomes`, `guardrail-phrase-added`). A
reader knows a level and a category by their names, a rating by its label, a banned signal as the guardrails
word it; so each change becomes one sentence of Markdown, every value escaped, and a changed text its word
diff. A file published whole is one sentence, not one per entry in it. Schemas are the tooling's contract and
have no sentence: the history is about the policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from ..repository import kind_of
from ..semantic_diff import Change
from ..snapshots import Snapshot
from .escaping import code, text
from .wording import changed_paragraphs, word_diff

# Kinds with no sentence: the version and its date head the history's sections, an unreadable file is skipped
# by the replay, and schemas are tooling.
UNSAID = ("version", "unreadable", "schema-")
_ENUM = re.compile(r"[a-z]+(?:-[a-z]+)+")  # a value such as `context-only`, shown as words


@dataclass(frozen=True)
class Sentence:
    change: Change
    text: str  # Markdown on one line
    wording: list[str] = field(default_factory=list)  # changed paragraphs as word diffs, Markdown on one line each


def sentences(found: list[Change], before: Snapshot, after: Snapshot) -> list[Sentence]:
    """Every change a reader would want told, in their words; a file added or removed whole as one sentence."""
    labels = Labels(before, after)
    whole = _whole_files(before, after)
    said = [Sentence(Change("file", path, path, None, None), line) for path, line in whole.items()]
    for change in found:
        if change.path in whole or change.kind.startswith(UNSAID):
            continue
        said.append(_sentence(change, labels, before, after))
    return said


class Labels:
    """Names for ids, from the content after a change and, for what it removed, before it; gathered when first
    asked for, as most commits in a long history need none."""

    def __init__(self, before: Snapshot, after: Snapshot) -> None:
        self._snapshots = (before, after)  # after last, so its names win

    @cached_property
    def _names(self) -> dict[tuple[str, str], str]:
        """(kind, id as text: the diff's subjects are text) -> name."""
        names: dict[tuple[str, str], str] = {}
        for snapshot in self._snapshots:
            rubric, metrics, guardrails = (_dict(snapshot.get(kind)) for kind in ("rubric", "metrics", "guardrails"))
            for kind, entries, name_key in (
                ("category", rubric.get("categories"), "name"), ("level", rubric.get("levels"), "name"), ("rating", rubric.get("scale"), "label"),
                ("metric", metrics.get("metrics"), "name"), ("signal", guardrails.get("banned_signals"), "signal"),
                ("says", _dict(guardrails.get("guardrail_rules")).get("entries"), "says"),
            ):  # fmt: skip
                names.update({(kind, str(entry["id"])): entry[name_key] for entry in _entries(entries) if isinstance(entry.get(name_key), str) and _is_key(entry.get("id"))})
        return names

    def says(self, entry_id: Any) -> str | None:
        """What a guardrail entry catches, in its own words."""
        return self._names.get(("says", str(entry_id)))

    def name(self, kind: str, entry_id: Any) -> str:
        """``entry_id``'s name in italics; the id itself when the content never named it."""
        return f"*{text(self._names.get((kind, str(entry_id)), entry_id))}*"

    def level(self, level_id: Any) -> str:
        """A level by its name with its id, which is how engineers refer to it: *Engineer II* (L4)."""
        name = self._names.get(("level", str(level_id)))
        return f"*{text(name)}* ({text(level_id)})" if name and name != level_id else f"*{text(level_id)}*"


def _sentence(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    for prefix, describe in _BY_KIND:
        if change.kind.startswith(prefix):
            return describe(change, labels, before, after)
    return Sentence(change, f"Changed {text(change.kind.replace('-', ' '))} {code(change.subject)}")


# --- The rubric and the metric catalogue: entries with ids -------------------------------------------------

_ENTRY_WORDS = {"category": "the category", "level": "the level", "scale": "the rating", "metric": "the metric"}
_LABEL_KIND = {"category": "category", "level": "level", "scale": "rating", "metric": "metric"}


def _entry(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    family, _, action = change.kind.rpartition("-")
    words = _ENTRY_WORDS[family]
    if action == "added":
        return Sentence(change, f"Added {words} {_entry_name(family, change.subject, labels)}")
    if action == "removed":
        return Sentence(change, f"Removed {words} {_entry_name(family, change.subject, labels)}")
    if action == "renamed":
        named = _entry_name(family, change.new, labels)
        return Sentence(change, f"{words.capitalize()} {named} is now identified as {code(change.new)} instead of {code(change.old)}")
    entry_id, _, key = str(change.subject).rpartition("/")
    old, new = change.old, change.new
    if key in ("name", "label") and isinstance(old, str) and isinstance(new, str):
        return Sentence(change, f"Renamed {words} *{text(old)}* to *{text(new)}*")
    return _field(change, f"{words} {_entry_name(family, entry_id, labels)}", key, labels)


def _entry_name(family: str, entry_id: Any, labels: Labels) -> str:
    return labels.level(entry_id) if family == "level" else labels.name(_LABEL_KIND[family], entry_id)


def _field(change: Change, what: str, key: str, labels: Labels) -> Sentence:
    """One field of an entry: a changed text (as a word diff), a list or a value."""
    field_words = text(key.replace("_", " "))
    old, new = change.old, change.new
    if isinstance(old, list) or isinstance(new, list):
        shown = (lambda value: labels.name("metric", value)) if key == "metrics" else _quoted
        return Sentence(change, f"{_capital(what)}: {_list_change(field_words, old, new, shown)}")
    if _is_prose(old) or _is_prose(new):
        return Sentence(change, f"Changed the {field_words} of {what}:", [word_diff(_as_text(old), _as_text(new))])
    return Sentence(change, f"{_capital(what)}: {field_words} {_value(old)} → {_value(new)}")


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _weight(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    level_id, _, category_id = str(change.subject).partition("/")
    where = f"{labels.level(level_id)}: {labels.name('category', category_id)}"
    if change.old is None:
        return Sentence(change, f"{where} now weighs {_value(change.new)}%")
    if change.new is None:
        return Sentence(change, f"{where} no longer has a weight (was {_value(change.old)}%)")
    return Sentence(change, f"{where} weight {_value(change.old)}% → {_value(change.new)}%")


def _expectation(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    level_id, _, category_id = str(change.subject).partition("/")
    where = f"{labels.level(level_id)} in {labels.name('category', category_id)}"
    return Sentence(change, f"Changed what is expected of {where}:", [word_diff(_as_text(change.old), _as_text(change.new))])


def _effective(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    return Sentence(change, f"The date this version takes effect moved from {_value(change.old)} to {_value(change.new)}")


# --- The guardrails -------------------------------------------------------------------------------------------


def _banned_signal(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    name = labels.name("signal", change.subject)
    if change.kind.endswith("-added"):
        return Sentence(change, f"Added {name} to the signals that never drive a rating")
    return Sentence(change, f"Removed {name} from the signals that never drive a rating")


def _bias_term(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    if change.kind.endswith("-added"):
        return Sentence(change, f"Added {_quoted(change.subject)} to the words that carry bias and no evidence")
    return Sentence(change, f"Removed {_quoted(change.subject)} from the words that carry bias and no evidence")


def _evidence_minimum(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    old, new = change.old, change.new
    if change.subject == "minimum_items":
        if new is None:
            return Sentence(change, f"Ratings no longer need a minimum number of evidence items (was {_value(old)})")
        return Sentence(change, f"Every rating needs at least {_value(new)} evidence items" + (f" (was {_value(old)})" if old is not None else ""))
    rating = labels.name("rating", str(change.subject).partition("/")[2])
    if new is None:
        return Sentence(change, f"A rating of {rating} no longer needs more evidence than the others (was {_value(old)} items)")
    was = f" (was {_value(old)})" if old is not None else " (before, the general minimum applied)"
    return Sentence(change, f"A rating of {rating} needs at least {_value(new)} evidence items{was}")


def _appeal(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    old, new = change.old, change.new
    if change.subject == "window_days":
        return Sentence(change, f"Appeals can be made within {_value(new)} days (was {_value(old)})")
    if change.subject == "steps":
        return Sentence(change, f"Appeals: {_list_change('steps', old, new, _quoted)}")
    return Sentence(change, f"Appeals: the {text(str(change.subject).replace('_', ' '))} is now {_quoted_or_none(new)} (was {_quoted_or_none(old)})")


def _calibration(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    return Sentence(change, f"Rating quotas: {_value(change.old)} → {_value(change.new)}")


def _guardrail_entry(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    entry, says = _entry_label(change.subject), labels.says(change.subject)
    catches = f", which catches a sentence that {text(says)}" if says else ""
    verb = "Added the guardrail" if change.kind.endswith("-added") else "Removed the guardrail"
    return Sentence(change, f"{verb} {entry}{catches}")


@dataclass(frozen=True)
class _RuleList:
    """A list under `guardrail_rules` in words: "Added 3 phrases to *hours and presence*"."""

    one: str
    many: str
    added: str  # where, with {entry} for the entry's label and {name} for the subject as written
    removed: str


_RULE_LISTS = {
    "guardrail-phrase": _RuleList("phrase", "phrases", " to {entry}", " from {entry}"),
    "guardrail-frame": _RuleList("combination of word lists", "combinations of word lists", " to {entry}", " from {entry}"),
    "guardrail-exception": _RuleList(
        "exception", "exceptions", " to {entry}, so a clause holding one is not caught", " from {entry}, so a clause holding one is caught again"
    ),
    "guardrail-vocabulary": _RuleList("word", "words", " to the word list *{name}*", " from the word list *{name}*"),
    "guardrail-negation": _RuleList("negating word", "negating words", " read {name} what they negate", " read {name} what they negate"),
    "guardrail-answer": _RuleList("short reply that turns down the question before it", "short replies that turn down the question before them", "", ""),
    "guardrail-mention": _RuleList("word that marks a sentence as discussing wording", "words that mark a sentence as discussing wording", "", ""),
    "guardrail-definition": _RuleList("word that marks a sentence as defining a term", "words that mark a sentence as defining a term", "", ""),
    "guardrail-distribution-key": _RuleList("YAML key read as a distribution of ratings", "YAML keys read as a distribution of ratings", "", ""),
    "guardrail-unless": _RuleList(
        "word list that keeps", "word lists that keep", " {entry} from firing when a sentence holds one of its words", " {entry} from firing"
    ),
}


def _guardrail_list(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    family, _, action = change.kind.rpartition("-")
    words = _RULE_LISTS[family]
    added = action == "added"
    values = _as_list(change.new if added else change.old)
    place = (words.added if added else words.removed).format(entry=_rule_target(change.subject), name=text(change.subject))
    count = f"{len(values)} {words.one if len(values) == 1 else words.many}"
    shown = _frames(values) if family == "guardrail-frame" else _quoted_list(values)
    return Sentence(change, f"{'Added' if added else 'Removed'} {count}{place}: {shown}")


def _reads_negation(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    target = _rule_target(change.subject)
    if change.new is False:
        return Sentence(change, f"{target[0].upper()}{target[1:]} now also fires where its words are negated")
    return Sentence(change, f"{target[0].upper()}{target[1:]} no longer fires where its words are negated")


def _documents(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    def kinds(value: Any) -> str:
        return "every kind of file" if value is None else ", ".join(text(kind) for kind in _as_list(value)) or "no file"

    return Sentence(change, f"{_entry_label(change.subject)} now reads {kinds(change.new)} (was {kinds(change.old)})")


def _setting(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    entry, _, key = str(change.subject).rpartition("/")
    return Sentence(change, f"Changed the {text(key)} of {_entry_label(entry)} from {_quoted_or_none(change.old)} to {_quoted_or_none(change.new)}")


def _rule_target(subject: Any) -> str:
    """`terms` is the settings every biased-language term is read with; any other subject is an entry's id."""
    return "every biased-language term" if subject == "terms" else _entry_label(subject)


def _frames(frames: list[Any]) -> str:
    return "; ".join(" + ".join(f"*{text(name)}*" for name in _as_list(frame)) for frame in frames)


def _entry_label(entry_id: Any) -> str:
    """A guardrail entry by its id in words: `hours-and-presence` -> *hours and presence*."""
    return f"*{text(str(entry_id).replace('-', ' ').replace('_', ' '))}*"


# --- Prose: the policy and the narrative templates ---------------------------------------------------------


def _policy_section(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    from ..semantic_diff import policy_sections

    page = _title(after, change.path) or _title(before, change.path)
    old = policy_sections(before.bodies.get(change.path, "")).get(change.subject)
    new = policy_sections(after.bodies.get(change.path, "")).get(change.subject)
    section = f"*{text(change.subject)}*"
    if old is None:
        return Sentence(change, f"Added the section {section} to {page}:", changed_paragraphs("", new or ""))
    if new is None:
        return Sentence(change, f"Removed the section {section} from {page}:", changed_paragraphs(old, ""))
    return Sentence(change, f"Changed the wording of {section} in {page}:", changed_paragraphs(old, new))


def _template(change: Change, labels: Labels, before: Snapshot, after: Snapshot) -> Sentence:
    name = _title(after, change.path) or _title(before, change.path)
    if change.kind.endswith("-added"):
        return Sentence(change, f"Added the narrative template {name}")
    if change.kind.endswith("-removed"):
        return Sentence(change, f"Removed the narrative template {name}")
    return Sentence(change, f"Changed the narrative template {name}:", changed_paragraphs(before.bodies.get(change.path, ""), after.bodies.get(change.path, "")))


def _title(snapshot: Snapshot, path: str) -> str:
    front = snapshot.data.get(path)
    title = front.get("title") if isinstance(front, dict) else None
    return f"*{text(title)}*" if isinstance(title, str) and title.strip() else ""


def _whole_files(before: Snapshot, after: Snapshot) -> dict[str, str]:
    """A sentence for each file published or withdrawn whole, rather than one for every entry in it."""
    said = {}
    for path in sorted(set(after.data) - set(before.data), key=_reader_order):
        if (published := _published(path, after)) is not None:
            said[path] = published
    for path in sorted(set(before.data) - set(after.data)):
        if (kind := _reader_kind(path)) is not None:
            said[path] = f"Withdrew {kind} {_title(before, path) or code(path)}".rstrip()
    return said


def _published(path: str, after: Snapshot) -> str | None:
    kind = _reader_kind(path)
    if kind is None:
        return None
    data = _dict(after.data.get(path))
    counts = {
        "the rubric": [(len(_entries(data.get("categories"))), "category"), (len(_entries(data.get("levels"))), "level"), (len(_entries(data.get("scale"))), "rating")],
        "the metric catalogue": [(len(_entries(data.get("metrics"))), "metric")],
        "the guardrails": [(len(_entries(data.get("banned_signals"))), "banned signal"), (len(_entries(_dict(data.get("guardrail_rules")).get("entries"))), "guardrail")],
    }.get(kind, [])
    what = [f"{count} {noun if count == 1 else _plural(noun)}" for count, noun in counts if count]
    named = f"Published {kind} {_title(after, path)}".rstrip()
    return named + (f" with {', '.join(what[:-1])} and {what[-1]}" if len(what) > 1 else f" with {what[0]}" if what else "")


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


_READER_KINDS = {"rubric": "the rubric", "metrics": "the metric catalogue", "guardrails": "the guardrails", "policy": "the policy", "template": "the narrative template"}


def _reader_order(path: str) -> tuple[int, str]:
    kind = kind_of(path)
    names = list(_READER_KINDS)
    return (names.index(kind.name) if kind is not None and kind.name in names else len(names)), path


def _reader_kind(path: str) -> str | None:
    kind = kind_of(path)
    return _READER_KINDS.get(kind.name) if kind is not None else None


# --- Values -----------------------------------------------------------------------------------------------


def _list_change(what: str, old: Any, new: Any, shown: Callable[[Any], str]) -> str:
    before, after = _as_list(old), _as_list(new)
    added, removed = [v for v in after if v not in before], [v for v in before if v not in after]
    parts = [f"added to its {what} {', '.join(shown(v) for v in added)}"] if added else []
    parts += [f"removed from its {what} {', '.join(shown(v) for v in removed)}"] if removed else []
    return "; ".join(parts) or f"reordered its {what}"


def _quoted(value: Any) -> str:
    return f"“{text(value)}”"


def _quoted_or_none(value: Any) -> str:
    return "none" if value in (None, "", []) else _quoted(value)


def _quoted_list(values: list[Any]) -> str:
    return ", ".join(_quoted(value) for value in values)


def _value(value: Any) -> str:
    """A short value in words: enum values such as `context-only` with spaces, nothing as "none"."""
    if value is None:
        return "none"
    if isinstance(value, str) and _ENUM.fullmatch(value):
        return f"*{text(value.replace('-', ' '))}*"
    return text(value)


def _is_prose(value: Any) -> bool:
    return isinstance(value, str) and len(value.split()) > 3


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _entries(value: Any) -> list[dict[str, Any]]:
    return [entry for entry in _as_list(value) if isinstance(entry, dict)]


def _is_key(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


_BY_KIND: list[tuple[str, Callable[..., Sentence]]] = [
    ("category-", _entry), ("level-", _entry), ("scale-", _entry), ("metric-", _entry),
    ("weight", _weight), ("expectation", _expectation), ("effective", _effective),
    ("banned-signal-", _banned_signal), ("bias-term-", _bias_term), ("evidence-minimum", _evidence_minimum),
    ("appeal", _appeal), ("calibration", _calibration), ("guardrail-entry-", _guardrail_entry),
    ("guardrail-reads-negation", _reads_negation), ("guardrail-documents", _documents), ("guardrail-setting", _setting),
    *((family, _guardrail_list) for family in _RULE_LISTS),
    ("policy-section", _policy_section), ("template-", _template),
]  # fmt: skip
