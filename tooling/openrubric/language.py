"""Reading policy sentences: clauses, negation, and quoted mentions.

The guardrail rules must tell "we never use forced ranking" from "we use forced ranking". A rule finds a
trigger in a sentence; this module says whether that trigger is negated within its clause, so the
policy's own prohibitions pass. "No more than" and its kin are limits, not negations, and are read as such.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Phrases with a negative word that state a limit; rewritten before negation is looked for.
_LIMITS = (
    (re.compile(r"\bno (?:more|greater|higher) than\b"), "at most"),
    (re.compile(r"\bnot (?:more|greater|higher) than\b"), "at most"),
    (re.compile(r"\bno (?:fewer|less|lower) than\b"), "at least"),
    (re.compile(r"\bnot (?:fewer|less|lower) than\b"), "at least"),
    (re.compile(r"\b(?:must|should|may|can|shall|will|does|do)(?: not|n't) (?:exceed|go (?:above|over)|be (?:above|over|more than))\b"), "stays within"),
    (re.compile(r"\bnot (?:to )?exceed\b"), "stays within"),
    (re.compile(r"\bno (?:one|team|org|manager|group) (?:may|can|should|will) (?:have|give|exceed|go)\b"), "each limited to"),
    (re.compile(r"\bnot everyone\b|\bnot all\b"), "only some"),
    (re.compile(r"\b(?:may|must|can|should|shall)(?: not|n't) be (?:larger|greater|higher|more) than\b"), "at most"),
    (re.compile(r"<=|\u2264|=<"), " at most "),
    (re.compile(r">=|\u2265|=>"), " at least "),
)

NEGATION_BEFORE = re.compile(
    r"\b(?:never|no|not|without|nor|neither|none|nobody|nothing|cannot|unlike|avoid(?:s|ed|ing)?|"
    r"instead of|rather than|free of|free from|no longer|refuse[sd]?|stop(?:ped)? using|"
    r"prohibit(?:s|ed|ing)?|forbid(?:s|den|ding)?|ban(?:s|ned|ning)?|(?<!-)(?:bars|barred)|reject(?:s|ed|ing)?|"
    r"abolish(?:es|ed)?|eliminat(?:e|es|ed)|remov(?:e|es|ed)|switched off|turned off|misread\w*|(?:a )?mistake to|wrong to|end(?:s|ed)|drop(?:s|ped)|retire[sd]?|abandon(?:s|ed)?|"
    r"any number|however many|unlimited|as many as|guard(?:s|ed)? against|protect(?:s|ed)? against|prevent(?:s|ed)?|rule[sd]? out|"
    r"\w+n't)\b"
)
NEGATION_AFTER = re.compile(
    r"\b(?:is|are|was|were|be|been|stay|stays|remain|remains)\s+(?:\w+\s+)?(?:prohibited|forbidden|banned|barred|"
    r"not (?:allowed|permitted|used|part|a|an|the|how|something)|never|off the table|ruled out|rejected|abolished|retired)\b|"
    r"\b(?:has|have) no place\b|\bnot (?:allowed|permitted)\b|\bis(?:n't| not)\b|\baren't\b|\bno longer\b|"
    r"\b(?:have|has|had|we|they)\s+(?:\w+ly\s+)?(?:rejected|abandoned|abolished|retired|dropped|ended|banned|prohibited|forbidden|stopped|"
    r"withdrawn|withdrew|retracted|scrapped|rescinded|revoked)\b|"
    r"\b(?:rejected|dropped|abandoned|scrapped|ruled out) (?:the|that|this) (?:idea|proposal|approach|option|plan)\b|"
    r"\bstrikes? (?:it|them|this|that) out\b|\bstruck out\b|\b(?:earns?|gets?|carr(?:y|ies)) no (?:credit|weight)\b|\bleave (?:\w+ ){0,2}out of\b|"
    r"\b(?:harms?|damages?|warps?|punish(?:es)?|poisons?|corrodes?|erodes?|drives? away|backfires?)\b|"
    r"\b(?:are|was|were) not\b|\b(?:is|are|was|were) neither\b|\b(?:irrelevant|has no bearing|have no bearing|not relevant|does not count|do not count)\b|"
    r"\b(?:was|were|been|is|are) (?:\w+ )?(?:removed|deleted|discontinued|switched off|turned off)\b|"
    r"\bnot (?:a |an )?(?:sign|measure|signal|proof|indicator) of (?:performance|impact|results?)\b|\bnot (?:performance|evidence|results?|impact|outcomes?)\b"
)
_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[-\u2013\u2014]+\s|,?\s+\b(?:but|however|although|though|whereas|yet|except that|while|because|since)\b\s|\.\s"
)
# A quoted term of up to four words is mentioned, not used; a longer quotation (a peer's words) is used.
_QUOTED = re.compile(r"[\"`]((?:[^\"`\s]+\s?){1,4})[\"`]|'((?:[^'\s]+\s?){1,4})'(?!\w)")


@lru_cache(maxsize=1024)  # each rule, and several steps within one, read the same sentence normalised
def normalise(sentence: str) -> str:
    """Lowercase, plain punctuation, and limits rewritten so that only real negations stay negative."""
    text = sentence.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    for pattern, replacement in _LIMITS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def clause_bounds(text: str, position: int) -> tuple[int, int]:
    """Start and end of the clause around ``position``."""
    start, end = 0, len(text)
    for match in _CLAUSE_BREAK.finditer(text):
        if match.group(0).startswith(":") and len(text[start : match.start()].split()) <= 2:
            continue  # a short label such as "cap: ..." or "heads up: ..." belongs to what follows
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end


def negated(text: str, start: int, end: int) -> bool:
    """Whether the phrase at text[start:end] is negated within its clause, or by a clause introducing it
    with a colon ("we never use these: chat responsiveness, ...")."""
    clause_start, clause_end = clause_bounds(text, start)
    if NEGATION_BEFORE.search(text, clause_start, start) or NEGATION_AFTER.search(text, end, clause_end):
        return True
    before = text[:clause_start].rstrip()
    if before.endswith(":"):
        previous_start, _ = clause_bounds(text, len(before) - 1)
        return NEGATION_BEFORE.search(text, previous_start, len(before)) is not None
    return False


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans in quotes or backticks: words quoted are mentioned, not used ("words such as 'abrasive'")."""
    return [match.span() for match in _QUOTED.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(span_start <= start and end <= span_end for span_start, span_end in spans)


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SUFFIXES = ("iness", "ing", "ed", "es", "s", "ly")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude stem so that "responds quickly" and "responded quick" meet; enough for short phrases."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=256)
def _tokens(text: str) -> list[tuple[str, int, int]]:
    # Several matchers read the same sentence in turn; stem it once.
    return [(stem(match.group(0)), match.start(), match.end()) for match in _WORD.finditer(text)]


@lru_cache(maxsize=256)
def _stems(text: str) -> frozenset[str]:
    return frozenset(word for word, _, _ in _tokens(text))


class PhraseMatcher:
    """Finds phrases in text by their stemmed words, allowing one stray word between two of them."""

    def __init__(self, phrases: list[str]) -> None:
        self._by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for phrase in phrases:
            words = tuple(stem(word) for word in _WORD.findall(phrase.lower()))
            if words:
                self._by_first.setdefault(words[0], []).append((phrase, words))
        self.first_stems = frozenset(self._by_first)

    def could_match_stems(self, stems: frozenset[str]) -> bool:
        """False when no phrase has all its stemmed words in ``stems``: a cheap test before matching."""
        return any(
            set(words) <= stems for first in self.first_stems & stems for _, words in self._by_first[first]
        )

    def finditer(self, text: str) -> list[tuple[str, int, int]]:
        """(phrase, start, end) of each phrase found in lowercase ``text``."""
        if _stems(text).isdisjoint(self._by_first):
            return []
        tokens = _tokens(text)
        found = []
        for index, (word, start, _) in enumerate(tokens):
            for phrase, words in self._by_first.get(word, ()):
                end = self._match_rest(tokens, index, words)
                if end is not None:
                    found.append((phrase, start, end))
        return found

    @staticmethod
    def _match_rest(tokens: list[tuple[str, int, int]], index: int, words: tuple[str, ...]) -> int | None:
        position = index
        for word in words[1:]:
            following = [p for p in (position + 1, position + 2) if p < len(tokens) and tokens[p][0] == word]
            if not following:
                return None
            position = following[0]
        return tokens[position][2]
