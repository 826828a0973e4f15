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

    def could_appear_in(self, lowered: str) -> bool:
        """A cheap test on lowercase text before any sentence is read closely."""
        return self.phrases.could_match(lowered) or bool(self.patterns and self.patterns.search(lowered))


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
        present = [signal for signal in signals if signal.could_appear_in((document.text or "").lower())]
        if not present:
            continue
        for sentence in prose.sentences(document):
            signal = banned_signal_in(sentence.text, present)
            if signal is not None:
                line, column = prose.place(document, sentence)
                message = f"judges by {signal.name.lower()}, which the policy bans ({signal.id}): \"{_short(sentence.text)}\""
                yield BANNED_SIGNAL.finding(document.path, line, column, message)


def _signal(entry: dict) -> Signal:  # type: ignore[type-arg]
    patterns = entry.get("patterns", [])
    combined = re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE) if patterns else None
    return Signal(entry["id"], entry["signal"], language.PhraseMatcher(entry.get("phrases", [])), combined)


# Words that make a signal's name part of a thing someone built: "the online-status service",
# "the keystroke-latency benchmark". Building such a thing is work; it says nothing about anyone's activity.
_PRODUCT = re.compile(
    r"^\W*(?:[\w'-]+\W+){0,3}?(?:service|product|feature|report|benchmark|indicators?|api|component|editor|app|library|"
    r"latency|regression|widget|sdk|endpoint|integration)\b"
)


def banned_signal_in(sentence: str, signals: list[Signal]) -> Signal | None:
    """The first banned signal ``sentence`` uses and does not negate, quote, or name as a built thing."""
    lowered = sentence.lower()
    signals = [signal for signal in signals if signal.could_appear_in(lowered)]
    if not signals:
        return None
    text = language.normalise(sentence)
    quoted = language.quoted_spans(text)
    for signal in signals:
        spans = [(start, end) for _, start, end in signal.phrases.finditer(text)]
        spans += [match.span() for match in signal.patterns.finditer(text)] if signal.patterns else []
        for start, end in spans:
            if language.inside(quoted, start, end) or language.negated(text, start, end) or _PRODUCT.match(text[end:]):
                continue
            return signal
    return None


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:87] + "..."
