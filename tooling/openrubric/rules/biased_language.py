"""The ``biased-language`` rule: personality words that carry no evidence and fall unequally."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .. import language, prose
from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

BIASED_LANGUAGE = Rule(
    name="biased-language",
    severity=Severity.WARNING,
    summary="A personality word stands in for evidence of behaviour and its impact.",
    doc="""\
## What it does
Warns about the words and phrases listed under `biased_language` in `policy/guardrails.yaml` (abrasive,
aggressive, bossy, strident, shrill, emotional, "not a culture fit", "lacks executive presence" and the like),
with the reason the file gives and its suggestion for what to write instead. Quoted mentions pass, so a
policy can name the words it discourages. `policy/guardrails.yaml` itself is not checked.

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


@dataclass(frozen=True)
class Terms:
    entries: dict[str, dict]  # type: ignore[type-arg]
    matcher: language.PhraseMatcher


def reader(content: Content) -> Terms | None:
    """What the rule reads documents with, or None when the guardrails cannot be read."""
    guardrails = content.single("guardrails")
    if guardrails is None:
        return None
    entries = {entry["term"]: entry for entry in guardrails.data["biased_language"]}  # type: ignore[index]
    return Terms(entries, language.PhraseMatcher(list(entries)))


def check_document(document: Document, terms: Terms) -> Iterator[Finding]:
    if document.kind in ("guardrails", "schema"):
        return  # the guardrails list the terms with their reasons
    if not terms.matcher.could_match_stems(prose.as_one(document).stems):
        return
    for sentence in prose.sentences(document):
        if not terms.matcher.could_match_stems(sentence.stems):
            continue
        text = language.normalise(sentence.text)
        quoted = language.quoted_spans(text)
        for term, start, end in terms.matcher.finditer(text):
            if not language.inside(quoted, start, end):
                line, column = prose.place(document, sentence)
                message = f"'{term}' describes a personality, not behaviour: {_first_sentence(terms.entries[term]['suggestion'])}"
                yield BIASED_LANGUAGE.finding(document.path, line, column, message)
                break


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
