"""The ``banned-signal`` rule: no rating, evidence or metric may rest on a signal the policy bans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .. import language, prose
from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

BANNED_SIGNAL = Rule(
    name="banned-signal",
    severity=Severity.ERROR,
    summary="A rating, evidence item, metric or narrative rests on a signal the policy bans.",
    doc="""\
## What it does
Reports a sentence that uses one of the banned signals in `policy/guardrails.yaml` (chat responsiveness,
after-hours or weekend activity, presence or online status, hours worked, lines of code, commit, pull-request
and ticket counts, activity monitoring, and whatever else the file lists) as a basis for judging someone.
Each signal is recognised by its `phrases` and `patterns`. Sentences that negate the signal ("we never rate
anyone on Slack responsiveness") and quoted mentions pass. `policy/guardrails.yaml` itself, which defines the
signals, is not checked.

## Why is this bad?
These signals record when, how much or how visibly someone worked, not what changed because of it. Rewarding
them rewards anxiety and overwork, punishes people with caring duties or in other time zones, and invites
gaming. See the policy section *What we never use*.

## Example
```markdown
Always first to reply on Slack, usually within two minutes.
```

## Use instead
```markdown
Coordinated the March checkout incident: service restored in 38 minutes, postmortem actions all closed.
```
""",
)


@dataclass(frozen=True)
class Signal:
    id: str
    name: str
    phrase_list: tuple[str, ...]
    phrases: language.PhraseMatcher
    patterns: re.Pattern[str] | None  # all of the signal's patterns as one alternation
    # Word beginnings one of which every pattern needs, grouped by length (up to four letters); None when a
    # pattern's required words cannot be read off it.
    pattern_gate: dict[int, frozenset[str]] | None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the signal's phrases and patterns match lowercase ``text``."""
        spans = [(start, end) for _, start, end in self.phrases.finditer(text)]
        return spans + [match.span() for match in self.patterns.finditer(text)] if self.patterns else spans



class Gate:
    """Which signals a text could hold. All the signals' phrases are found in one pass over the text's
    words, and a signal's patterns are tried only when a word they require occurs in it."""

    def __init__(self, signals: list[Signal]) -> None:
        self.signals = signals
        self._phrases = language.PhraseMatcher([phrase for signal in signals for phrase in signal.phrase_list])
        self._phrase_owners: dict[str, set[int]] = {}
        self._by_beginning: dict[tuple[int, str], set[int]] = {}
        self._always: set[int] = set()  # signals with a pattern whose required words could not be read off
        for position, signal in enumerate(signals):
            for phrase in signal.phrase_list:
                self._phrase_owners.setdefault(phrase, set()).add(position)
            if signal.patterns is not None and signal.pattern_gate is None:
                self._always.add(position)
            for size, beginnings in (signal.pattern_gate or {}).items():
                for beginning in beginnings:
                    self._by_beginning.setdefault((size, beginning), set()).add(position)
        self._sizes = sorted({size for size, _ in self._by_beginning})
        # One search rules out most texts before any word is looked up.
        self._any_pattern_word = language.prefix_pattern(sorted({key for _, key in self._by_beginning}))

    def present_in(self, text: prose.Sentence) -> Gate:
        """A gate over just the signals ``text`` holds: for most documents none, and then none of their
        sentences needs reading."""
        return Gate([self.signals[position] for position in sorted(self._holding(text))])

    def _holding(self, text: prose.Sentence) -> set[int]:
        found = {owner for phrase, _, _ in self._phrases.finditer(text.lowered) for owner in self._phrase_owners[phrase]}
        for position in self._pattern_candidates(text) - found:
            if self.signals[position].patterns.search(text.lowered):  # type: ignore[union-attr]
                found.add(position)
        return found

    def _pattern_candidates(self, text: prose.Sentence) -> set[int]:
        candidates = set(self._always)
        if not self._any_pattern_word.search(text.lowered):
            return candidates
        for size in self._sizes:
            for beginning in text.beginnings(size):
                candidates.update(self._by_beginning.get((size, beginning), ()))
        return candidates


def reader(content: Content) -> Gate | None:
    """What the rule reads documents with, or None when the guardrails cannot be read."""
    guardrails = content.single("guardrails")
    if guardrails is None:
        return None
    return Gate([_signal(entry) for entry in guardrails.data["banned_signals"]])  # type: ignore[index]


def check_document(document: Document, gate: Gate) -> Iterator[Finding]:
    if document.kind in ("guardrails", "schema"):
        return  # the guardrails define the signals; schemas describe them
    present = gate.present_in(prose.as_one(document))
    for sentence in prose.sentences(document) if present.signals else ():
        signal = banned_signal_in(sentence, present)
        if signal is not None:
            line, column = prose.place(document, sentence)
            message = f"judges by {signal.name.lower()}, which the policy bans ({signal.id}): \"{_short(sentence.text)}\""
            yield BANNED_SIGNAL.finding(document.path, line, column, message)


def _signal(entry: dict) -> Signal:  # type: ignore[type-arg]
    patterns = entry.get("patterns", [])
    # Texts are lowercased before matching (patterns are written in lowercase): case-blind matching would
    # make every search slower.
    combined = re.compile("|".join(f"(?:{pattern})" for pattern in patterns)) if patterns else None
    gates = [_word_beginnings(pattern) for pattern in patterns]
    gate: dict[int, frozenset[str]] | None = None
    if gates and None not in gates:
        starts = {start[:4] for beginnings in gates for start in beginnings}  # type: ignore[union-attr]
        gate = {size: frozenset(start for start in starts if len(start) == size) for size in {len(start) for start in starts}}
    phrases = tuple(entry.get("phrases", []))
    return Signal(entry["id"], entry["signal"], phrases, language.PhraseMatcher(list(phrases)), combined, gate)


def _word_beginnings(pattern: str) -> tuple[str, ...] | None:
    """Beginnings of words one of which any match of ``pattern`` must contain: the first required literal
    word or alternation of words in it. ``\\b\\d+ (?:commits|pushes)`` gives commits, pushes. None when the
    pattern has no such part that can be read off simply; the gate then lets every text through."""
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            position += 2
        elif char == "[":
            position = pattern.index("]", position + 2) + 1
        elif char == "(":
            end = _closing_parenthesis(pattern, position)
            optional = pattern[end + 1 : end + 2] in ("?", "*") or pattern.startswith("{0", end + 1)
            if not optional:
                body = re.sub(r"^\?(?::|i:|[=!])", "", pattern[position + 1 : end])
                beginnings = [re.match(r"[a-z0-9]*", alternative.lower()).group(0) for alternative in _top_level_alternatives(body)]  # type: ignore[union-attr]
                return tuple(beginnings) if all(beginnings) else None
            position = end + 1
        elif char.isalpha():
            word = re.match(r"[a-zA-Z]+", pattern[position:]).group(0)  # type: ignore[union-attr]
            if pattern[position + len(word) : position + len(word) + 1] not in ("?", "*") and len(word) > 1:
                return (word.lower(),)
            position += len(word)
        else:
            position += 1
    return None


def _top_level_alternatives(group: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in group:
        depth += char == "("
        depth -= char == ")"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _closing_parenthesis(pattern: str, opening: int) -> int:
    depth = 0
    position = opening
    while position < len(pattern):
        if pattern[position] == "\\":
            position += 2
            continue
        depth += pattern[position] == "("
        depth -= pattern[position] == ")"
        if depth == 0:
            return position
        position += 1
    return len(pattern) - 1


# Words that make a signal's name part of a thing someone built: "the online-status service",
# "the keystroke-latency benchmark". Building such a thing is work; it says nothing about anyone's activity.
_PRODUCT = re.compile(
    r"^\W*(?:[\w'-]+\W+){0,3}?(?:service|product|feature|report|benchmark|indicators?|api|component|editor|app|library|"
    r"latency|regression|widget|sdk|endpoint|integration)\b"
)


def banned_signal_in(sentence: prose.Sentence, gate: Gate) -> Signal | None:
    """The first banned signal ``sentence`` uses and does not negate, quote, or name as a built thing."""
    signals = gate.present_in(sentence).signals
    if not signals:
        return None
    text = language.normalise(sentence.text)
    quoted = language.quoted_spans(text)
    for signal in signals:
        for start, end in signal.spans(text):
            if language.inside(quoted, start, end) or language.negated(text, start, end) or _PRODUCT.match(text[end:]):
                continue
            return signal
    return None


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:87] + "..."
