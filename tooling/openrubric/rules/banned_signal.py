"""The ``banned-signal`` rule: no rating, evidence or metric may rest on a signal the policy bans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from .. import language, prose
from ..findings import Finding, Severity
from . import learned
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
Each signal is recognised by its `phrases` and `patterns`, and by its `measures` (a count of diffs, a time of
day, an online status, hours) in a sentence that also judges a person by one of the `judgement_cues` (a
rating, "a sign of", a growth goal, a per-engineer metric): "96 diffs landed" alone is a fact, "96 diffs
landed, top of the team, so Exceeds" is a judgement. Sentences that negate the signal or the judgement ("we
never rate anyone on Slack responsiveness"), quoted mentions, incident handling and billing pass.
`policy/guardrails.yaml` itself, which defines the signals, is not checked.

As for `quota`, a model learned from labelled statements (`tests/corpus`) must agree with what the signal's
words found, and reports on its own a judgement it is sure of that no phrase or pattern covers ("nobody
really sees her, so I would keep her at Meets"). Retrain it with `python bench/train_models.py banned-signal`.

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


# What a pattern needs before it can match: groups of word beginnings (four letters, shorter words whole),
# a word from each group present.
Requirement = tuple[frozenset[str], ...]


@dataclass(frozen=True, eq=False)
class Gate:
    """The words each signal's regular expressions need: a cheap test that rules out most documents and
    sentences before any matching."""

    # (signal index, requirement) per top-level alternative of each expression; the requirement is None when
    # its words cannot be read off it.
    requirements: tuple[tuple[int, Requirement | None], ...]

    @classmethod
    def of(cls, patterns_by_signal: list[list[str]]) -> Gate:
        # A pattern "a b|c d" needs (a, b) or (c, d), not nothing.
        return cls(
            tuple(
                (index, _required_words(part))
                for index, patterns in enumerate(patterns_by_signal)
                for pattern in patterns
                for part in _top_level_alternatives(pattern)
            )
        )

    @cached_property
    def _by_key(self) -> dict[str, list[tuple[int, Requirement]]]:
        """Each readable requirement filed under the words of its smallest group: a text lacking all of them
        cannot satisfy it, so only requirements whose key word the text has are checked in full."""
        index: dict[str, list[tuple[int, Requirement]]] = {}
        for owner, requirement in self.requirements:
            if requirement:
                for word in min(requirement, key=len):
                    index.setdefault(word, []).append((owner, requirement))
        return index

    @cached_property
    def _always(self) -> frozenset[int]:
        return frozenset(owner for owner, requirement in self.requirements if requirement is None)

    def admitted(self, text: prose.Sentence) -> set[int]:
        """The signals whose expressions could match ``text``."""
        found = set(self._always)
        for word in text.beginnings & self._by_key.keys():  # one set intersection settles most texts
            found.update(owner for owner, requirement in self._by_key[word] if owner not in found and _satisfied(requirement, text))
        return found


@dataclass(frozen=True, eq=False)
class Signal:
    id: str
    name: str
    phrases: language.PhraseMatcher
    patterns: tuple[re.Pattern[str], ...]
    # Measures of the signal ("96 diffs landed", "after 10 p.m."), banned only where the sentence judges someone.
    measures: tuple[re.Pattern[str], ...]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the signal's phrases and patterns match lowercase ``text``."""
        spans = [(start, end) for _, start, end in self.phrases.finditer(text)]
        return spans + [match.span() for pattern in self.patterns for match in pattern.finditer(text)]

    def measure_spans(self, text: str) -> list[tuple[int, int]]:
        return [match.span() for pattern in self.measures for match in pattern.finditer(text)]


class Signals:
    """The banned signals, the gates in front of their expressions, and the cues that make a sentence a
    judgement of a person, each built on first use: most files have no sentence the learned model's gate
    lets through, and compiling and reading ~100 expressions would then be a pre-commit run's largest cost."""

    def __init__(self, entries: list[dict], judgement_cues: list[str]) -> None:  # type: ignore[type-arg]
        self._entries = entries
        self._judgement_cues = judgement_cues

    @cached_property
    def signals(self) -> list[Signal]:
        return [_signal(entry) for entry in self._entries]

    @cached_property
    def judgement(self) -> re.Pattern[str] | None:
        return _alternation(self._judgement_cues)

    @cached_property
    def pattern_gate(self) -> Gate:
        return Gate.of([entry.get("patterns", []) for entry in self._entries])

    @cached_property
    def measure_gate(self) -> Gate:
        return Gate.of([entry.get("measures", []) for entry in self._entries])

    def by_pattern(self, text: prose.Sentence) -> list[Signal]:
        """Signals whose phrases or patterns could match ``text``."""
        return self._pick(self._by_phrase(text) | self.pattern_gate.admitted(text))

    def by_measure(self, text: prose.Sentence) -> list[Signal]:
        return self._pick(self.measure_gate.admitted(text))

    def _by_phrase(self, text: prose.Sentence) -> set[int]:
        return {index for index, signal in enumerate(self.signals) if signal.phrases.could_match_stems(text.stems)}

    def _pick(self, indexes: set[int]) -> list[Signal]:
        return [self.signals[index] for index in sorted(indexes)]

    def judges_someone(self, text: str) -> bool:
        """``text`` (normalised) judges a person, with a cue that is not negated, outside incident handling."""
        if self.judgement is None or _INCIDENT.search(text):
            return False
        return any(not language.negated(text, *cue.span()) for cue in self.judgement.finditer(text))


def _satisfied(requirement: Requirement | None, text: prose.Sentence) -> bool:
    return requirement is None or all(not group.isdisjoint(text.beginnings) for group in requirement)


def reader(content: Content) -> Signals | None:
    """What the rule reads documents with, or None when the guardrails cannot be read."""
    guardrails = content.single("guardrails")
    if guardrails is None:
        return None
    return Signals(guardrails.data["banned_signals"], guardrails.data.get("judgement_cues", []))  # type: ignore[index, attr-defined]


def check_document(document: Document, vocabulary: Signals) -> Iterator[Finding]:
    if document.kind in ("guardrails", "schema"):
        return  # the guardrails define the signals; schemas describe them
    for sentence in prose.sentences(document):
        message = banned_reason(sentence, vocabulary)
        if message is not None:
            line, column = prose.place(document, sentence)
            yield BANNED_SIGNAL.finding(document.path, line, column, f"{message}: \"{_short(sentence.text)}\"")


def banned_reason(sentence: prose.Sentence, vocabulary: Signals) -> str | None:
    """Why ``sentence`` judges someone by a banned signal, or None. As for ``quota``, the learned model must
    agree with what the signal's words found, and a sentence the model is sure of is reported on its word."""
    def detector() -> str | None:
        signal = banned_signal_in(sentence, vocabulary)
        return None if signal is None else f"judges by {signal.name.lower()}, which the policy bans ({signal.id})"

    return learned.decide(
        learned.load("banned_signal"),
        sentence.words,
        features=lambda: model_features(sentence.text),
        detector=detector,
        refuses=lambda: refuses(sentence, vocabulary),
        kind="a judgement by a banned signal",
    )


def refuses(sentence: prose.Sentence, vocabulary: Signals) -> bool:
    """Every judgement in the sentence is negated ("nobody is rated on ..."), or every mention of a signal
    is ("we never use hours worked"): the model may not overrule that."""
    text = language.normalise(sentence.text)
    if vocabulary.judgement is not None and vocabulary.judgement.search(text) and not vocabulary.judges_someone(text):
        return True
    spans = [span for signal in vocabulary.by_pattern(sentence) for span in signal.spans(text)]
    quoted = language.quoted_spans(text)
    return bool(spans) and all(language.negated(text, *span) or language.inside(quoted, *span) for span in spans)


def model_features(sentence: str) -> list[str]:
    """The sentence's words as the learned model reads them (see ``quota.model_features``)."""
    return learned.wording(language.normalise(sentence))


def _signal(entry: dict) -> Signal:  # type: ignore[type-arg]
    phrases = language.PhraseMatcher(entry.get("phrases", []))
    # Each pattern on its own rather than one alternation: where the schema check's `format: regex` has
    # compiled them (the guardrails were among the files checked), re's cache hands them back.
    patterns, measures = (tuple(_compiled(pattern, entry["id"]) for pattern in entry.get(key, [])) for key in ("patterns", "measures"))
    return Signal(entry["id"], entry["signal"], phrases, patterns, measures)


def _compiled(pattern: str, signal_id: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as error:
        # Only possible when the guardrails were not among the files checked, so their schema check (which
        # compiles every pattern) was skipped: say which file to check for the line.
        message = f"the banned signal {signal_id} has a pattern that is not a regular expression ({error}): {pattern!r}"
        raise ValueError(f"{message}; `openrubric check policy/guardrails.yaml` shows where") from None


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    # Texts are lowercased before matching (patterns are written in lowercase): case-blind matching would
    # make every search slower.
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns)) if patterns else None


def _required_words(pattern: str) -> Requirement | None:
    """The words any match of ``pattern`` must contain, as groups of word beginnings: for
    ``\\b(?:hours|time) (?:logged|tracked)\\b``, (hours, time) and (logged, tracked). A part of the pattern
    that cannot be read off this simply adds no requirement; None when nothing can be read off."""
    try:
        if "|" in _outside_groups(pattern):
            return None  # alternatives at the top level: no word is required by all of them
        return _required_groups(pattern)
    except ValueError:  # a character class this reader does not follow: no requirement
        return None


def _required_groups(pattern: str) -> Requirement | None:
    groups: list[frozenset[str]] = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            position += 2
        elif char == "[":
            position = pattern.index("]", position + 2) + 1
        elif char == "(":
            end = _closing_parenthesis(pattern, position)
            if not _optional(pattern, end + 1):
                body = re.sub(r"^\?(?::|i:)", "", pattern[position + 1 : end])
                beginnings = tuple(re.match(r"[a-z0-9]*", part).group(0) for part in _top_level_alternatives(body))  # type: ignore[union-attr]
                if all(beginnings):
                    groups.append(frozenset(beginning[:4] for beginning in beginnings))
            position = end + 1
        elif char.isalpha():
            word = re.match(r"[a-z]+", pattern[position:]).group(0)  # type: ignore[union-attr]
            if len(word) > 1 and not _optional(pattern, position + len(word)):
                groups.append(frozenset({word[:4]}))
            position += len(word)
        else:
            position += 1
    return tuple(groups) or None


def _optional(pattern: str, position: int) -> bool:
    return pattern[position : position + 1] in ("?", "*") or pattern.startswith("{0", position)


def _outside_groups(pattern: str) -> str:
    """The characters of ``pattern`` that stand outside any group or character class."""
    outside, depth, position = [], 0, 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            position += 2
            continue
        if char == "[" and depth == 0:
            position = pattern.index("]", position + 2) + 1
            continue
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and char not in "()":
            outside.append(char)
        position += 1
    return "".join(outside)


def _top_level_alternatives(group: str) -> list[str]:
    """``group`` split at the ``|`` that stand outside any group, escape or character class."""
    parts, depth, start, position = [], 0, 0, 0
    while position < len(group):
        char = group[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":
            position = group.index("]", position + 2) + 1
            continue
        depth += char == "("
        depth -= char == ")"
        if char == "|" and depth == 0:
            parts.append(group[start:position])
            start = position + 1
        position += 1
    return [*parts, group[start:]]


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


# Words that make a signal's name part of a thing someone built: "the online-status service", "the green dot
# in our chat product", but not "30,000 lines in the new service". Building such a thing is work; it says
# nothing about anyone's activity.
_PRODUCT = re.compile(
    r"^\W*(?:(?!(?:in|on|at|for|from|of|to|with|by)\b(?! our\b))[\w'-]+\W+){0,3}?(?:service|product|feature|report|benchmark|indicators?|api|component|editor|app|library|"
    r"latency|regression|widget|sdk|endpoint|integration|limits?|batching|lag|handling|parser|support|export|import|accuracy|updates?|delivery)\b"
)


# Incident handling is judged by its outcome, whatever the hour or the channel: measures do not count there.
# Hours kept for billing or scheduling are bookkeeping, not a judgement of the person who logged them.
_BOOKKEEPING = re.compile(r"\b(?:bill(?:s|ed|ing)?|invoic\w+|payroll|contracts? require|scheduling|planning only)\b")
_INCIDENT = re.compile(r"\b(?:incidents?|outages?|on-?call|paged|pager|rota|sev-?\d|postmortems?|post-mortems?|restor\w+|mitigat\w+)\b")


def banned_signal_in(sentence: prose.Sentence, vocabulary: Signals) -> Signal | None:
    """The first banned signal ``sentence`` uses and does not negate, quote, or name as a built thing: by
    a phrase or pattern, or by a measure in a sentence that judges someone."""
    by_pattern = [signal for signal in vocabulary.by_pattern(sentence) if signal.spans(sentence.lowered)]
    by_measure = vocabulary.by_measure(sentence)
    if by_measure and (vocabulary.judgement is None or not vocabulary.judgement.search(sentence.lowered)):
        by_measure = []  # no judgement cue at all: measures are facts here
    if not (by_pattern or by_measure):
        return None
    text = language.normalise(sentence.text)
    judged = vocabulary.judges_someone(text)
    if _BOOKKEEPING.search(text) and not judged:
        return None
    quoted = language.quoted_spans(text)
    candidates = [(signal, signal.spans) for signal in by_pattern]
    candidates += [(signal, signal.measure_spans) for signal in by_measure] if judged else []
    for signal, spans in candidates:
        for start, end in spans(text):
            if language.inside(quoted, start, end) or language.negated(text, start, end) or _PRODUCT.match(text[end:]):
                continue
            return signal
    return None


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:87] + "..."
