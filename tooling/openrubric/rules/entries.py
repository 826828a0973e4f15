"""The guardrail entries as `policy/guardrails.yaml` writes them, and the reading compiled from them
(``reading.Reading``; the module ``reading`` says how a sentence is read against them).

A run compiles them only when the cache keeps no reading of the same texts (see ``guardrails``), and ``explain``
and the site list the entries as written; checking a sentence needs none of this.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..findings import Severity
from ..phrases import MAX_PHRASE_WORDS, Phrase, parse_phrase
from .guardrails import RULES
from .reading import DEFINITION, MENTION, Entry, Reading, ReadingError


def compile_reading(data: dict[str, Any], scale_words: Iterable[str] = ()) -> Reading:
    """The reading of a guardrails document that passed its schema. ``scale_words``, the ids and labels of the
    organisation's own rating scale, join the ``outcome`` vocabulary.

    Raises ReadingError at a phrase that cannot match anything, a frame naming no vocabulary, or an entry
    naming no banned signal."""
    section = data.get("guardrail_rules") or {}
    phrases: list[Phrase] = []

    def add(owner: str, texts: Iterable[str], where: tuple[str | int, ...], *, listed: bool = True) -> None:
        for index, text in enumerate(texts):
            try:
                phrases.append(parse_phrase(text, owner))
            except ValueError as error:
                raise ReadingError((*where, index) if listed else where, str(error)) from None

    for name, words in (section.get("vocabulary") or {}).items():
        add(f"vocabulary:{name}", words, ("guardrail_rules", "vocabulary", name))
    # A scale label longer than any phrase may be (a payload, not a label) is left out rather than refused: the
    # rubric's own schema and rules judge its labels.
    add("vocabulary:outcome", [word.lower() for word in scale_words if len(word.split()) <= MAX_PHRASE_WORDS], ("rubric", "scale"))
    for side in ("before", "after", "answer"):
        add(f"negation.{side}", (section.get("negation") or {}).get(side, ()), ("guardrail_rules", "negation", side))
    add(MENTION, section.get("mention") or (), ("guardrail_rules", "mention"))
    add(DEFINITION, section.get("definition") or (), ("guardrail_rules", "definition"))
    vocabularies = set(section.get("vocabulary") or {})
    for number, name in enumerate((section.get("terms") or {}).get("unless", ())):
        if name not in vocabularies:  # checked here, so that the error points where the name is written
            raise ReadingError(("guardrail_rules", "terms", "unless", number), f"no vocabulary is named '{name}'")
    signals = {signal["id"]: signal for signal in data.get("banned_signals") or []}
    entries = []
    for raw, where in raw_entries(data):
        entries.append(_entry(raw, where, vocabularies, signals))
        if "term" in raw:  # a biased-language term: the term, then its variants
            add(f"entry:{raw['id']}", [raw["term"]], (*where, "term"), listed=False)
            add(f"entry:{raw['id']}", raw.get("variants", ()), (*where, "variants"))
        add(f"entry:{raw['id']}", raw.get("phrases", ()), (*where, "phrases"))
        add(f"exception:{raw['id']}", raw.get("exceptions", ()), (*where, "exceptions"))
    return Reading(entries, phrases)


def raw_entries(data: dict[str, Any]) -> list[tuple[dict[str, Any], tuple[str | int, ...]]]:
    """Every entry as written, with its place: those under `guardrail_rules`, with one per biased-language term
    ahead of the `biased-language` entries there, so that a listed term, with its own suggestion, fires first."""
    section = data.get("guardrail_rules") or {}
    listed = section.get("entries") or []
    found: list[tuple[dict[str, Any], tuple[str | int, ...]]] = []
    later: list[tuple[dict[str, Any], tuple[str | int, ...]]] = []
    for index, raw in enumerate(listed):
        (later if raw.get("rule") == "biased-language" else found).append((raw, ("guardrail_rules", "entries", index)))
    shared = section.get("terms") or {}  # how every term is read: shared `unless` vocabularies, `negation`
    for index, term in enumerate(data.get("biased_language") or []):
        says = f"labels a person \u201c{term['term']}\u201d"
        entry = {**shared, **term, "id": f"biased-{term['term']}".replace(" ", "-"), "rule": "biased-language", "says": says}
        found.append((entry, ("biased_language", index)))
    return found + later


def entry_level(raw: dict[str, Any]) -> Severity:
    """The level of an entry's findings, as written: its own `level`, else its rule's severity."""
    return Severity(raw["level"]) if "level" in raw else RULES[raw["rule"]].severity


def _entry(raw: dict[str, Any], where: tuple[str | int, ...], vocabularies: set[str], signals: dict[str, Any]) -> Entry:
    named = [((*where, "frames", number, part), name) for number, frame in enumerate(raw.get("frames", ())) for part, name in enumerate(frame)]
    named += [((*where, "unless", number), name) for number, name in enumerate(raw.get("unless", ()))]
    for place, name in named:
        if name not in vocabularies:
            known = ", ".join(sorted(vocabularies))
            raise ReadingError(place, f"no vocabulary is named '{name}'; guardrail_rules.vocabulary has {known}")
    if "signal" in raw and raw["signal"] not in signals:
        raise ReadingError((*where, "signal"), f"no banned signal has the id '{raw['signal']}'")
    kinds = raw.get("documents")
    advice = raw.get("suggestion") or (signals[raw["signal"]].get("reason", "") if "signal" in raw else "")
    return Entry(
        id=raw["id"],
        rule=raw["rule"],
        says=raw["says"],
        where=where,
        frames=tuple(tuple(frame) for frame in raw.get("frames", ())),
        kinds=frozenset(kinds) if kinds else None,
        level=entry_level(raw),
        unless=tuple(raw.get("unless", ())),
        negation=raw.get("negation", True),
        advice=_first_sentence(advice),
    )


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
