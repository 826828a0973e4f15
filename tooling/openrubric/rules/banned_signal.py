"""The ``banned-signal`` rule: no rating, evidence or metric may rest on a signal the policy bans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from .. import language, prose
from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

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
    phrases: language.PhraseMatcher
    patterns: re.Pattern[str] | None  # all of the signal's patterns as one alternation
    # Word beginnings one of which every pattern needs, grouped by length (up to four letters); None when a
    # pattern's required words cannot be read off it.
    pattern_gate: dict[int, frozenset[str]] | None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the signal's phrases and patterns match lowercase ``text``."""
        spans = [(start, end) for _, start, end in self.phrases.finditer(text)]
        return spans + [match.span() for match in self.patterns.finditer(text)] if self.patterns else spans

    def could_appear(self, beginnings: Callable[[int], frozenset[str]], stems: frozenset[str]) -> bool:
        """A cheap test on a text's words before any sentence is read closely."""
        if self.phrases.could_match_stems(stems):
            return True
        if self.patterns is None:
            return False
        if self.pattern_gate is None:
            return True
        return any(not starts.isdisjoint(beginnings(size)) for size, starts in self.pattern_gate.items())


def check(content: Content) -> Iterator[Finding]:
    guardrails = content.single("guardrails")
    if guardrails is None:
        return
    signals = [_signal(entry) for entry in guardrails.data["banned_signals"]]  # type: ignore[index]
    for document in content.documents.values():
        if document.kind in ("guardrails", "schema") or not document.readable:
            continue
        if content.targets is not None and document.path not in content.targets:
            continue
        sentences = prose.sentences(document)
        whole = prose.Sentence(" ".join(sentence.text for sentence in sentences), 0, 0, prose.VISIBLE)
        present = [signal for signal in signals if signal.could_appear(whole.beginnings, whole.stems)]
        for sentence in sentences if present else ():
            signal = banned_signal_in(sentence, present)
            if signal is not None:
                line, column = prose.place(document, sentence)
                message = f"judges by {signal.name.lower()}, which the policy bans ({signal.id}): \"{_short(sentence.text)}\""
                yield BANNED_SIGNAL.finding(document.path, line, column, message)


def _signal(entry: dict) -> Signal:  # type: ignore[type-arg]
    patterns = entry.get("patterns", [])
    combined = re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE) if patterns else None
    gates = [_word_beginnings(pattern) for pattern in patterns]
    gate: dict[int, frozenset[str]] | None = None
    if gates and None not in gates:
        starts = {start[:4] for beginnings in gates for start in beginnings}  # type: ignore[union-attr]
        gate = {size: frozenset(start for start in starts if len(start) == size) for size in {len(start) for start in starts}}
    return Signal(entry["id"], entry["signal"], language.PhraseMatcher(entry.get("phrases", [])), combined, gate)


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


def banned_signal_in(sentence: prose.Sentence | str, signals: list[Signal]) -> Signal | None:
    """The first banned signal ``sentence`` uses and does not negate, quote, or name as a built thing."""
    if isinstance(sentence, str):
        sentence = prose.Sentence(sentence, 0, 0, prose.VISIBLE)
    signals = [signal for signal in signals if signal.could_appear(sentence.beginnings, sentence.stems)]
    signals = [signal for signal in signals if signal.spans(sentence.lowered)]
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
