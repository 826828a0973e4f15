"""The guardrail rules, which read prose with the entries of `policy/guardrails.yaml`.

Each document's sentences are read once for all three rules and let go before the next document, so a large
repository is checked in bounded memory; a sentence met before (template text repeats across narratives) is
not read again.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from .. import cache, prose
from ..findings import Finding, Severity
from .reading import Match, Reading, ReadingError
from .rule import Rule
from .schema import SCHEMA

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

_HOW_TO_CHANGE = """\
Every finding names the entry of `policy/guardrails.yaml` that fired and the words it matched. To change what
the rule catches, change that entry by pull request: its `phrases`, its `frames` (the named vocabularies that
must all appear in one clause), its `exceptions` (read in the clause it fires in), or the vocabularies under its `unless` (contexts
such as `reporting` or `third_party` in which a statement reports on a practice instead of setting it; read up to a
semicolon, so that an excuse tacked on after one excuses nothing); `negation`,
`mention` and `definition` say which sentences discuss a practice instead of using it. An entry's `level: warning`
makes its findings warnings, which do not fail the check, and `level: error` makes them errors; without it they
take the rule's own severity. `openrubric explain` lists the entries with their levels."""

QUOTA = Rule(
    name="quota",
    severity=Severity.ERROR,
    suppressible=False,
    summary="A statement imposes or steers toward a distribution of ratings or outcomes.",
    doc=f"""\
## What it does
Reads every sentence that can influence a review (Markdown text, front matter, YAML values, and YAML, HTML
and Jinja comments that the published site never shows) with the `quota` entries of `policy/guardrails.yaml`,
and reports one that sets a share or count per rating, a curve, a forced or stack ranking, an attrition
target, a rating or promotion budget, or a rule that moves ratings until a share is met. Negated statements
("we never use forced ranking", "there is no cap on Exceeds") pass. A YAML key that names a distribution
(`guardrail_rules.distribution_keys`) is reported too. This rule cannot be suppressed in the file; an
organisation changes it in `policy/guardrails.yaml`, where a reviewer sees the change.

{_HOW_TO_CHANGE}

## Why is this bad?
A quota decides ratings before the evidence is read: a strong team must still produce its low ratings and a
struggling one can hide behind the curve. Hidden in a comment, it steers calibration where nobody reviewing
the published rubric can see it. See the policy section *Calibration without forced ranking*.

## Example
```yaml
# Calibration note: keep Exceeds to at most 15% of each org.
```

## Use instead
```yaml
# Calibration compares evidence across teams; there is no cap on any rating.
```
""",
)

BANNED_SIGNAL = Rule(
    name="banned-signal",
    severity=Severity.ERROR,
    summary="A rating, evidence item, metric or narrative rests on a signal the policy bans.",
    doc=f"""\
## What it does
Reports a sentence that judges someone by one of the `banned_signals` of `policy/guardrails.yaml` (chat
responsiveness, after-hours activity, presence or online status, hours, lines of code, commit, pull-request
and ticket counts, activity monitoring), as its `banned-signal` entries recognise them. A sentence that
negates the signal ("we never rate anyone on Slack responsiveness"), argues against it (the `critique`
vocabulary: "hours logged seldom say anything real about output"), or quotes it as an example passes. In a
review of one person, a count of their activity or their hours needs no judging word.
`policy/guardrails.yaml` itself, which defines the signals, is not checked.

{_HOW_TO_CHANGE}

## Why is this bad?
These signals record when, how much or how visibly someone worked, not what changed because of it. Rewarding
them rewards overwork, punishes people with caring duties or in other time zones, and invites gaming. See the
policy section *What we never use*.

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

BIASED_LANGUAGE = Rule(
    name="biased-language",
    severity=Severity.WARNING,
    summary="A personality word stands in for evidence of behaviour and its impact.",
    doc=f"""\
## What it does
Warns about the terms listed under `biased_language` in `policy/guardrails.yaml` (and their `variants`), with
the suggestion the file gives for what to write instead, and about personality words said of someone ("comes
across as intense", "could be warmer with the team"), as its `biased-language` entries recognise them. A
negated label still labels ("does not come across as confident"). A quoted mention in a sentence that
discusses wording ("avoid words such as 'abrasive'"), and a sentence that talks about such words (research,
advice: `guardrail_rules.terms.unless`), pass. `policy/guardrails.yaml` and the schemas are not checked.

{_HOW_TO_CHANGE}

## Why is this bad?
Studies of real reviews found these words used far more often for women than for men, for the same
behaviour, and personality feedback leaves nothing to act on. See the policy section *The written narrative*.

## Example
```markdown
She can be abrasive in design reviews.
```

## Use instead
```markdown
In the March design review, two objections were dismissed without discussion; the load concern they raised
reached production.
```
""",
)

RULES = {rule.name: rule for rule in (QUOTA, BANNED_SIGNAL, BIASED_LANGUAGE)}
# The guardrails file defines the vocabulary; its own statements of policy are still read by `quota`.
_NOT_READ_IN_GUARDRAILS = frozenset({"guardrail_rules", "banned_signals", "biased_language"})
_CACHE_LIMIT = 20_000
_READINGS_KEPT = 4
_DIRECTIVE = "openrubric:"


class _CachedReading:
    """Verdicts by sentence text and kind of document: drafts repeat their template's sentences.

    Kept in two generations of at most ``_CACHE_LIMIT`` each: when the newer fills, the older is let go and the
    newer takes its place, and a verdict found in the older moves to the newer. So the sentences every draft
    repeats stay kept however many distinct ones come between them, and memory stays bounded.

    A verdict is kept as a tuple: almost every one is empty, and the empty tuple is one object, where tens of
    thousands of empty lists would each be walked by every full pass of the garbage collector."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.verdicts: dict[tuple[str, str], tuple[Match, ...]] = {}
        self.older: dict[tuple[str, str], tuple[Match, ...]] = {}

    def turns_down(self, question: str, reply: str) -> bool:
        return self.reading.turns_down(question, reply)

    def read(self, text: str, kind: str) -> tuple[Match, ...]:
        key = (text, kind)
        found = self.verdicts.get(key)
        if found is None:
            found = self.older.get(key)
            if found is None:
                found = tuple(self.reading.read(text, kind))
            if len(self.verdicts) >= _CACHE_LIMIT:
                self.older, self.verdicts = self.verdicts, {}
            self.verdicts[key] = found
        return found


_READINGS: dict[tuple[str | None, tuple[str, ...]], _CachedReading] = {}


def reading_of(content: Content) -> Reading | None:
    """The guardrail entries of the repository, or None when its guardrails file did not pass its schema."""
    cached = _cached_reading(content)
    return cached.reading if cached is not None else None


def _cached_reading(content: Content) -> _CachedReading | None:
    guardrails, rubric = content.single("guardrails"), content.single("rubric")
    if guardrails is None:
        return None
    scale = rubric.data["scale"] if rubric is not None else []  # type: ignore[index]
    scale_words = tuple(word for entry in scale for word in (entry["id"], entry["label"]))
    # Keyed by the text the rules were compiled from: a process that checks again (the site server, a fuzz
    # run, the tests) compiles an unchanged rule file once and keeps its verdicts.
    key = (guardrails.text, scale_words)
    cached = _READINGS.get(key) if guardrails.text is not None else None
    if cached is None:
        if len(_READINGS) >= _READINGS_KEPT:
            _READINGS.clear()
        cached = _READINGS[key] = _CachedReading(_compiled(guardrails, scale_words))
    return cached


def _compiled(guardrails: Document, scale_words: tuple[str, ...]) -> Reading:
    """The rules compiled, or as an earlier run compiled the same texts: a new process (a pre-commit run) would
    otherwise spend most of its time compiling thousands of phrases."""
    entry_key = cache.key(guardrails.text, *scale_words) if guardrails.text is not None else None
    kept = cache.fetch("readings", entry_key)
    if isinstance(kept, Reading):
        return kept
    from .entries import compile_reading  # only when no earlier run kept the rules: most pre-commit runs do not compile

    reading = compile_reading(guardrails.data, scale_words)  # type: ignore[arg-type]
    cache.keep("readings", entry_key, reading)
    return reading


def check(content: Content) -> Iterator[Finding]:
    try:
        cached = _cached_reading(content)
    except ReadingError as error:
        guardrails = content.single("guardrails")
        yield SCHEMA.at(guardrails, error.where, f"{'.'.join(map(str, error.where))}: {error}; the guardrail rules cannot read until it is fixed")  # type: ignore[arg-type]
        return
    if cached is None:
        return
    keys = _distribution_keys(content)
    for document in content.documents.values():
        if not document.readable or (content.targets is not None and document.path not in content.targets):
            continue
        yield from _check_document(document, cached)
        if keys and isinstance(document.data, dict) and document.syntax != "json":
            yield from _keys(document, document.data, (), keys)
        prose.forget(document)


def _check_document(document: Document, reading: _CachedReading) -> Iterator[Finding]:
    found = prose.sentences(document)
    kind = document.kind
    for index, sentence in enumerate(found):
        if _not_judged(document, sentence):
            continue
        # The verdict next: almost every sentence has none, and it is kept by text, so most cost a look-up.
        matches = reading.read(sentence.text, kind)
        if not matches or _turned_down(found, index, reading):
            continue
        for match in matches:
            if match.entry.rule != "quota" and kind in ("guardrails", "schema"):
                continue
            line, column = prose.place(document, sentence)
            message = _message(document, sentence, match)
            yield RULES[match.entry.rule].finding(document.path, line, column, message, severity=match.entry.level)


def _not_judged(document: Document, sentence: prose.Sentence) -> bool:
    """Whether the sentence is not judged whatever it says: the guardrails file's own vocabulary, or a directive."""
    if document.kind == "guardrails" and not _NOT_READ_IN_GUARDRAILS.isdisjoint(sentence.key_path or ()):
        return True
    return sentence.hidden and sentence.text.startswith(_DIRECTIVE)  # a suppression names rules; its own check judges it


def _turned_down(found: list[prose.Sentence], index: int, reading: _CachedReading) -> bool:
    """Whether a short answer after the question at ``index`` turns it down ("Certainly not."): it proposes nothing."""
    return index + 1 < len(found) and reading.turns_down(found[index].text, found[index + 1].text)


def _message(document: Document, sentence: prose.Sentence, match: Match) -> str:
    quoted = sentence.text if len(sentence.text) <= 90 else sentence.text[:87] + "..."
    where = ".".join(str(part) for part in match.entry.where)
    message = f"{match.entry.says}: \"{quoted}\" - entry '{match.entry.id}' ({where} in policy/guardrails.yaml) matched {match.explained()}"
    if sentence.hidden:
        message += f"; hidden in {sentence.where}, which the published site does not show"
    return f"{message}. {match.entry.advice}" if match.entry.advice else message


def _distribution_keys(content: Content) -> frozenset[str]:
    guardrails = content.single("guardrails")
    data: dict[str, Any] = guardrails.data if guardrails is not None and isinstance(guardrails.data, dict) else {}
    return frozenset(_key_name(key) for key in (data.get("guardrail_rules") or {}).get("distribution_keys", ()))


def _keys(document: Document, node: dict, path: tuple, keys: frozenset[str]) -> Iterator[Finding]:  # type: ignore[type-arg]
    if document.kind == "guardrails":
        return
    for key, value in node.items():
        here = (*path, key)
        if isinstance(key, str) and _key_name(key) in keys and value not in (False, 0, None, "forbidden", "none"):
            message = f"the key '{key}' names a distribution of ratings (guardrail_rules.distribution_keys in policy/guardrails.yaml); ratings follow evidence, never a target share"
            yield QUOTA.at(document, here, message, key=True)
        if isinstance(value, dict):
            yield from _keys(document, value, here, keys)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                if isinstance(child, dict):
                    yield from _keys(document, child, (*here, index), keys)


@lru_cache(maxsize=4096)  # every narrative repeats the same few keys
def _key_name(key: str) -> str:
    return re.sub(r"[\s-]+", "_", key.strip().lower())
