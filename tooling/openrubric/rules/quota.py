"""The ``quota`` rule: no statement may impose or steer toward a distribution of ratings or outcomes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from .. import language, prose
from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

QUOTA = Rule(
    name="quota",
    severity=Severity.ERROR,
    summary="A statement imposes or steers toward a distribution of ratings or outcomes.",
    doc="""\
## What it does
Reads every sentence that can influence a review (Markdown text, front matter, YAML values, and YAML, HTML
and Jinja comments that the published site never shows) and reports one that sets a share or count per
rating, a curve, a forced or stack ranking, an attrition target, a rating or promotion budget, pool or
slots, or a rule that moves ratings until a share is met. A YAML key that encodes a distribution
(`distribution`, `quota`, `target_share`, `curve`, `max_percent`, ...) is reported too. Negated statements
("we never use forced ranking", "there is no cap on Exceeds"), category weights, SLO, DORA and error-budget
figures, statistics inside evidence and audits of distributions for bias pass. The vocabulary lives in
`policy/guardrails.yaml` under `quota_language`. This rule cannot be suppressed.

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

_SHARE = (
    r"\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b)"
    r"|\b(?:one|two|three|four|five|\d+)\s+(?:in|out of)\s+(?:every\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|\d+)\b"
    r"|\b(?:a|one|the)\s+(?:half|third|quarter|fifth|sixth|eighth|tenth|twentieth)\b|\b(?:two|three)[- ](?:thirds|quarters|fifths|tenths)\b"
    r"|\b(?:half|majority|minority)\s+of\b|\b(?:tenth|fifth|quartile|decile|tercile)s?\b"
    r"|\b(?:at most|at least|up to|exactly|only|just|maximum of|minimum of|max(?:imum)?|min(?:imum)?|stays within|each limited to)\s+"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple|a handful|\d+)\b"
    r"|\b(?:one|two|three|a|an|\d+)\s+(?:per|each|in each|for each|a)\s+(?:team|org|organi[sz]ation|group|manager|squad|pod|department|unit|level|cycle|half|quarter)\b"
    r"|\b(?:one|two|three|four|five|\d+|limited|fixed|few)\s+(?:slots?|spots?|seats?|places?)\b"
    r"|\b\d+\s+(?:engineers|people|employees|reports|ics|names)\b"
    r"|\b(?:quota|cap|limit|maximum|minimum|allowance|allocation) of (?:one|two|three|four|five|\d+)\b"
)
# A count of evidence is a requirement on evidence, not a share of people.
_COUNTED_EVIDENCE = re.compile(r"\W*(?:\w+\W+){0,3}?(?:pieces? of evidence|evidence|examples?|artifacts?|items?|links?|sources?|references?|samples?)\b")
_CONSTRAINT = (
    r"\b(?:at most|at least|stays within|each limited to|only some|cap(?:s|ped)?|ceiling|limit(?:s|ed)?|max(?:imum)?|min(?:imum)?|up to|only|just|"
    r"must|should|shall|need(?:s)? to|will need|ha(?:s|ve) to|(?:is|are) expected|expect(?:s|ed)?|target(?:s|ed)?|aim(?:s|ing)? (?:for|at)|"
    r"reserv\w*|allocat\w*|budget\w*|quota\w*|fit(?:s|ting)?|land(?:s|ing)?|keep|kept|hold|surface|identify|nominate|designate|assign|"
    r"required?|requires|(?:is|are) to be|per team|per org|each team|every team|each org|every org|each manager|every manager|"
    r"roughly|around|approximately|guideline|guidance|typically|normally|in line with)\b"
)
_NORMALISE = (
    r"\b(?:normali[sz]\w*|calibrat\w*|adjust\w*|moderat\w*|bring|brought|forc\w*|fit|fits|fitting|align\w*|match\w*|conform\w*|"
    r"shap\w*|land\w*|true[- ]?up|map\w*|bucket\w*|slot\w*|sort\w*)\b.{0,80}?"
    r"\b(?:distribution|curve|guidelines?|quotas?|budget|shape|bands?|allocation|split|percentages?|ratio|mix|targets?)\b"
)
_STRONG_TARGET = re.compile(r"\b(?:distribution|curve|guidelines?|quotas?|shape)\b")
_LOWER_UNTIL = (
    r"\b(?:lower\w*|downgrad\w*|reduc\w*|mov\w* (?:\w+ )?down|bump\w* down|adjust\w* down\w*|shift\w*|drop\w*|demot\w*|trim\w*|push\w* down)\b"
    r".{0,80}?\b(?:until|so that|to meet|to hit|to reach|to fit|to match|to get|to stay)\b"
)
_RANK_PEOPLE = (
    r"\b(?:stack[- ]?)?rank(?:s|ed|ing)?\b(?: (?:\w+ ){0,4})(?:all |every |each )?(?:engineers|people|everyone|employees|staff|individuals|"
    r"reports|direct reports|ics|team members|members|colleagues|peers|each other|one another|the team|your team|the org|headcount)\b"
    r"|\b(?:engineers|people|everyone|employees|staff|individuals|reports|ics|team members)\b (?:\w+ ){0,3}(?:are|is|get|gets|will be|be|being)"
    r" (?:stack[- ])?(?:ranked|ordered|sorted|rated against each other|compared against each other)\b"
    r"|\b(?:rank[- ]order|ranking|ordering|league table) of (?:all |every |each )?(?:engineers|people|employees|staff|individuals|reports|ics)\b"
    r"|\b(?:lowest|bottom|top|highest)[- ]ranked\b|\bfrom (?:best|strongest) to (?:worst|weakest)\b"
)
_EDGE_OF_POPULATION = (
    r"\b(?:bottom|lowest|weakest|worst|top|highest|strongest|best)[- ](?:\d+\s*(?:%|percent)|tenth|fifth|quarter|third|quartile|decile|slice|bucket|"
    r"performers|tier|band|\d+)\b(?! (?:slowest|fastest|endpoints?|requests?|quer(?:y|ies)|services?|tests?|pages?|routes?|jobs?|alerts?|"
    r"incidents?|tickets?|bugs?|customers?|accounts?|regions?|hosts?|dependencies|items?|issues?|risks?|priorities|latenc))"
)
_BUDGET = (
    r"\b(?:rating|ratings|promotion|promotions|promo|exceeds|top[- ]rating|high[- ]rating|level[- ]up|outstanding)\s+"
    r"(?:budgets?|pools?|slots?|allocations?|allowances?|quotas?|caps?|headcount|buckets?|spots?|places?)\b"
    r"|\b(?:slots?|spots?|seats?)\s+(?:for|of)\s+(?:promotion|exceeds|top ratings?|high ratings?)"
)
# Three shares of a whole, like 20/70/10; four or more parts are category weights, not a rating split.
_TRIPLE_SPLIT = r"(?<![\d/])\b(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{1,2})\b(?!\s*[/-]\s*\d)"
_WEIGHT = re.compile(r"\b(?:weigh\w*|carr(?:y|ies)|counts? for|worth|accounts? for|makes? up|composite|contribution)\b")
_METRIC = re.compile(
    r"\b(?:slos?|slis?|slas?|error budgets?|availability|uptime|latenc\w*|p\d{2}|percentiles?|deploy\w*|change failure|lead time|"
    r"recovery time|mttr|incidents?|defects?|escape rate|throughput|coverage|error rates?|success rate|requests?|builds?|pipelines?|"
    r"tests?|flak\w*|cpu|memory|costs?|spend|revenue|conversion|churn|pages?|alerts?|queries|endpoints?|on-call load|toil)\b"
)
_AUDIT = re.compile(
    r"\b(?:audit\w*|monitor\w*|review\w*|track\w*|analy[sz]\w*|examin\w*|inspect\w*|look(?:s|ed)? at|compar\w*|check\w*|report\w* on|publish\w*)\b"
    r".*\b(?:bias\w*|drift|disparit\w*|equit\w*|fair\w*|skew\w*|gaps?|inconsisten\w*|discriminat\w*|anomal\w*)\b"
)
_MONEY = re.compile(r"\b(?:compensation|salary|salaries|pay|payroll|merit increase|raises?|bonus(?:es)?|equity|dollars?|euros?|pounds?)\b|[$\u20ac\u00a3]")
_PROHIBITION_VALUES = {"forbidden", "none", "never", "no", "false", "prohibited", "banned", "not allowed", "disallowed"}


@dataclass(frozen=True)
class Vocabulary:
    distribution_terms: re.Pattern[str]
    outcome_terms: re.Pattern[str]
    weight_context: re.Pattern[str]
    keys: frozenset[str]
    scale_words: frozenset[str]  # single-word rating ids, which count only when written as ratings


def check(content: Content) -> Iterator[Finding]:
    vocabulary = _vocabulary(content)
    if vocabulary is None:
        return
    for document in content.documents.values():
        if document.data is None or document.findings or (content.targets is not None and document.path not in content.targets):
            continue
        yield from _check_document(document, vocabulary)


def _vocabulary(content: Content) -> Vocabulary | None:
    guardrails, rubric = content.single("guardrails"), content.single("rubric")
    if guardrails is None or "quota_language" not in guardrails.data:  # type: ignore[operator]
        return None
    words = guardrails.data["quota_language"]  # type: ignore[index]
    scale = rubric.data["scale"] if rubric else []  # type: ignore[index]
    categories = [category["name"] for category in rubric.data["categories"]] if rubric else []  # type: ignore[index]
    labels = [entry["label"] for entry in scale]
    return Vocabulary(
        distribution_terms=_phrases(words["distribution_terms"]),
        outcome_terms=_phrases([*words["outcome_terms"], *labels]),
        weight_context=_phrases(categories or ["weight"]),
        keys=frozenset(_key_name(key) for key in words["keys"]),
        scale_words=frozenset(entry["id"] for entry in scale if re.fullmatch(r"[a-z]+", entry["id"])),
    )


def _phrases(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted({re.sub(r"[\s-]+", r"[\\s-]+", re.escape(phrase.lower()).replace(r"\ ", " ")) for phrase in phrases}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def _check_document(document: Document, vocabulary: Vocabulary) -> Iterator[Finding]:
    for sentence in prose.sentences(document):
        if document.kind == "guardrails" and sentence.key_path and sentence.key_path[0] == "quota_language":
            continue  # the rule's own vocabulary
        reason = quota_reason(sentence.text, vocabulary)
        if reason:
            line, column = prose.place(document, sentence)
            yield QUOTA.finding(document.path, line, column, _message(document, sentence, reason))
    if isinstance(document.data, dict) and document.syntax != "json":
        yield from _distribution_keys(document, document.data, (), vocabulary)


def _message(document: Document, sentence: prose.Sentence, reason: str) -> str:
    quoted = sentence.text if len(sentence.text) <= 90 else sentence.text[:87] + "..."
    message = f"{reason}: \"{quoted}\""
    if sentence.hidden:
        return f"{message} (hidden in {sentence.where}, which the published site does not show)"
    if document.kind == "narrative":
        return f"{message} (in a narrative, which the site never publishes)"
    return message


def quota_reason(sentence: str, vocabulary: Vocabulary) -> str | None:
    """Why ``sentence`` imposes a distribution, or None when it does not."""
    text = language.normalise(sentence)
    quoted = language.quoted_spans(text)
    outcome_words = _outcome_pattern(sentence, vocabulary)
    checks = (
        (vocabulary.distribution_terms, "names a forced distribution"),
        (re.compile(_TRIPLE_SPLIT), "sets a fixed split of ratings"),
        (re.compile(_BUDGET), "sets a rating or promotion budget"),
        (re.compile(_RANK_PEOPLE), "ranks people against each other"),
        (re.compile(_EDGE_OF_POPULATION), "singles out a fixed slice of people"),
    )
    for pattern, reason in checks:
        for match in pattern.finditer(text):
            if not language.inside(quoted, *match.span()) and not language.negated(text, *match.span()) and not _excused(text, match, reason, outcome_words):
                return reason
    for match in re.finditer(_NORMALISE, text):
        start, end = language.clause_bounds(text, match.start())
        if match.end() > end or language.inside(quoted, match.end() - 1, match.end()):
            continue  # the verb and its target stand in one clause, and the target is used, not quoted
        clause = text[start:end]
        strong = _STRONG_TARGET.search(match.group(0))
        if (strong or outcome_words.search(clause)) and not language.negated(text, *match.span()) and not _AUDIT.search(clause):
            if strong or not _MONEY.search(clause) or re.search(r"\b(?:ratings?|rated)\b", clause):
                return "fits ratings to a distribution or budget"
    for match in re.finditer(_LOWER_UNTIL, text):
        clause = text[slice(*language.clause_bounds(text, match.start()))]
        if (outcome_words.search(clause) or re.search(_SHARE, clause)) and not language.negated(text, *match.span()):
            return "moves ratings until a share is met"
    return _share_limit(text, outcome_words, vocabulary)


def _excused(text: str, match: re.Match[str], reason: str, outcome_words: re.Pattern[str]) -> bool:
    clause = text[slice(*language.clause_bounds(text, match.start()))]
    if reason == "sets a fixed split of ratings":
        return sum(int(part) for part in match.groups()) != 100 or bool(_WEIGHT.search(clause))
    if reason == "singles out a fixed slice of people":
        return bool(_METRIC.search(clause) and not outcome_words.search(clause)) or bool(_AUDIT.search(clause))
    return False


def _share_limit(text: str, outcome_words: re.Pattern[str], vocabulary: Vocabulary) -> str | None:
    """A share or count of people per rating or outcome, turned into a rule by a limit or expectation."""
    for share in re.finditer(_SHARE, text):
        start, end = language.clause_bounds(text, share.start())
        clause = text[start:end]
        outcome = outcome_words.search(clause)
        constraint = re.search(_CONSTRAINT, clause)
        if not (outcome and constraint) or _counts_evidence(text, share):
            continue
        if _AUDIT.search(clause) or _WEIGHT.search(clause) or vocabulary.weight_context.search(clause):
            continue
        if _METRIC.search(clause) and not re.search(r"\b(?:ratings?|rated|performers?|engineers|people|promotions?)\b", clause):
            continue
        first = min(share.start(), start + outcome.start(), start + constraint.start())
        last = max(share.end(), start + outcome.end(), start + constraint.end())
        if not language.negated(text, first, last):
            return "limits how many people may get a rating or outcome"
    return None


def _counts_evidence(text: str, share: re.Match[str]) -> bool:
    """A count of evidence items: "at least two pieces of evidence", or an elided "... need at least three"."""
    if _COUNTED_EVIDENCE.match(text, share.end()):
        return True
    elided = re.match(r"\s*(?:[.,;)]|$)", text[share.end() :]) is not None
    return elided and _COUNTED_EVIDENCE.search(text) is not None


@lru_cache(maxsize=64)
def _capitalised_scale_words(sentence: str, scale_words: frozenset[str]) -> tuple[str, ...]:
    return tuple(word for word in scale_words if re.search(rf"\b{word.capitalize()}\b|\b{word.upper()}\b", sentence))


def _outcome_pattern(sentence: str, vocabulary: Vocabulary) -> re.Pattern[str]:
    """Outcome terms, plus rating ids such as "Exceeds" where written as ratings: capitalised, or next to a share."""
    words = _capitalised_scale_words(sentence, vocabulary.scale_words)
    extra = [rf"\b{word}\b" for word in words]
    if vocabulary.scale_words:
        ids = "|".join(sorted(vocabulary.scale_words))
        extra.append(rf"(?:%|percent|\b\d+)\s*(?:of\s+\w+\s+)?(?:as\s+|at\s+|rated\s+)?\b(?:{ids})\b|\b(?:{ids})\b\s*[:=]?\s*\d")
    return re.compile("|".join([vocabulary.outcome_terms.pattern, *extra]))


def _distribution_keys(document: Document, node: dict, path: tuple, vocabulary: Vocabulary) -> Iterator[Finding]:  # type: ignore[type-arg]
    for key, value in node.items():
        here = (*path, key)
        if isinstance(key, str) and _key_name(key) in vocabulary.keys and not _prohibits(value):
            message = f"the key '{key}' encodes a distribution of ratings; ratings follow evidence, never a target share"
            yield QUOTA.at(document, here, message, key=True)
        if isinstance(value, dict):
            yield from _distribution_keys(document, value, here, vocabulary)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _distribution_keys(document, item, (*here, index), vocabulary)


def _key_name(key: str) -> str:
    return re.sub(r"[\s-]+", "_", key.strip().lower())


def _prohibits(value: object) -> bool:
    return value is False or value == 0 or (isinstance(value, str) and value.strip().lower() in _PROHIBITION_VALUES)
