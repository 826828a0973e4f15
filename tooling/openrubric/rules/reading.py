"""The guardrail entries of `policy/guardrails.yaml`, and how one sentence is read against them.

An entry belongs to one rule (quota, banned-signal, biased-language) and fires on a clause that holds one of
its ``phrases``, or every part of one of its ``frames`` (each part a named vocabulary, such as *limit*,
*share* and *outcome*). It does not fire when

- one of its ``exceptions`` (what the matched words may be about instead: a "latency curve") stands in the
  clause it fires in, or in one that introduces that clause with a colon; or a phrase of a vocabulary it names
  under ``unless`` (the sentence reports, discusses or argues against the practice) stands in the same statement,
  the clauses between two semicolons. A clause or statement added after them excuses nothing: "Managers must
  rank everyone on a curve; students are not involved." still fires;
- the clause negates what matched: a ``negation.before`` phrase a few words ahead of it ("we never use ..."),
  not past a predicate of its own ("produce nothing and ought to be let go") nor, for a preposition opening the
  clause, past the comma that ends its phrase ("Without formal ratings, sort ..."), and as far as the clause
  runs for a subject opening it ("Nobody will ever tell you ... to stay late"); a ``negation.after`` phrase
  behind it ("... is not allowed"), or a negated clause introducing it with a colon; a negation that closes a
  vocabulary's phrase ("true or not") negates nothing;
  unless the entry says ``negation: false``, as a personality label does: "does not come across as confident"
  still labels the person (``guardrail_rules.terms`` says so, and names shared ``unless`` vocabularies, for
  every ``biased_language`` term);
- every matched word is quoted and the sentence says it is discussing wording (a ``mention`` phrase such as
  "for example" or "avoid phrases like");
- the sentence defines what matched: it opens with the first matched words and a ``definition`` phrase follows
  right after them ("Unregretted attrition means people leaving whom ...", "Stack ranking refers to ...");
- the sentence is a question and the next one a short reply that turns it down (a ``negation.answer`` phrase
  such as "certainly not"): "Should you let your weakest tenth go? Certainly not."

An entry's ``level`` (``error`` or ``warning``) is the level of its findings; without one, its rule's own. Of a
rule's entries that fire on a sentence, the first at level error is reported, else the first at warning: an
entry lowered to a warning never hides the error another entry raises on the same sentence.

Everything here is read from the policy's own file, so an organisation changes what fires by a reviewed pull
request to it; nothing about any organisation's wording lives in this code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import AbstractSet, Iterable, NamedTuple

from ..findings import Severity
from ..phrases import Hit, Phrase, Phrasebook, Token, bare_tokens, clauses, token_texts, tokens

NEGATION_BEFORE, NEGATION_AFTER, MENTION, ANSWER = "negation.before", "negation.after", "mention", "negation.answer"
DEFINITION = "definition"
_ALWAYS_READ = frozenset({NEGATION_BEFORE, NEGATION_AFTER, MENTION, DEFINITION})
# A defined term opens its sentence: at most this many tokens ("The so-called ...") stand before it, and the
# definition phrase comes right after it ("Forced ranking, also known as"), among the sentence's first tokens:
# "Grey status plus slow replies means ..." and "A score below 0.7 is labelled X, meaning ..." define nothing.
_TERM_OPENS_WITHIN, _DEFINITION_FOLLOWS_WITHIN, _DEFINITION_WITHIN = 3, 2, 8
# How many tokens a negation ahead of a matched part reaches, enough for a short list after it: "we never use forced ranking" but not "we
# can't tell who the weakest are, the bottom 10% that we have to weed out".
_NEGATION_REACH = 8
# Nor past a new predicate joined to its own ("produce nothing and ought to be let go"), nor past ", so".
_JOINS = frozenset("and or then so".split())
_PREDICATES = frozenset("ought must should shall will would need needs have has are is get gets".split())
# A negating preposition that opens its clause governs only its own phrase, up to a comma: "Without formal
# ratings, sort people ..." and "Instead of raw line counts, track ..." negate nothing after the comma. A piece
# after a comma this short, or holding "and"/"or", is one more item of the phrase's list.
_PREPOSITIONS = frozenset("without instead rather unlike regardless irrespective".split())
_LIST_ITEM_WORDS, _LISTING = 4, frozenset("and or nor".split())
# A negation that is the subject opening its clause reaches the clause's end: "Nobody will ever tell you outright
# that you have to stay late."
_SUBJECTS = frozenset({"nobody", "none"})
# A reply this short ("Certainly not.", "No, never.") answers the question before it; a longer one says more.
_REPLY_WORDS = 4
_KEPT = 10_000  # sets of owners whose candidate entries are kept, so that memory stays bounded


class ReadingError(ValueError):
    """A guardrails document whose entries cannot be read; ``where`` is the place in its data."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.where = where


@dataclass(frozen=True, eq=False)
class Entry:
    id: str
    rule: str
    says: str
    where: tuple[str | int, ...]  # its place in the guardrails data, to point a reader at it
    frames: tuple[tuple[str, ...], ...]
    kinds: frozenset[str] | None  # the kinds of document it reads; None for every kind
    level: Severity  # its findings' level: its own `level`, else its rule's severity
    unless: tuple[str, ...] = ()  # vocabularies whose presence in the statement keeps it from firing
    negation: bool = True  # whether a negation of what matched keeps it from firing

    @cached_property
    def needs(self) -> tuple[frozenset[str], ...]:
        """The phrase owners each way of firing needs: its own phrases, or every vocabulary of a frame."""
        frames = tuple(frozenset(f"vocabulary:{name}" for name in frame) for frame in self.frames)
        return (frozenset({f"entry:{self.id}"}), *frames)

    @cached_property
    def reads(self) -> frozenset[str]:
        """Every phrase owner the entry's verdict depends on."""
        return frozenset().union(*self.needs, {f"exception:{self.id}"}, (f"vocabulary:{name}" for name in self.unless))
    advice: str = ""  # what to write instead, when the policy says


class Match(NamedTuple):
    """An entry that fired on a sentence, with the words that made it fire, named by what they are."""

    entry: Entry
    parts: tuple[tuple[str, str], ...]  # (what matched: "phrase" or a vocabulary name, the words)

    def explained(self) -> str:
        return " + ".join(f"\u201c{words}\u201d ({name})" for name, words in self.parts)


class Reading:
    """A policy's guardrail entries compiled for reading sentences."""

    def __init__(self, entries: list[Entry], phrases: list[Phrase]) -> None:
        self.entries = entries
        # Whether a sentence is read further depends only on the owners some entry needs: they are looked for first.
        self.book = Phrasebook(phrases, deciding=frozenset().union(*(needs for entry in entries for needs in entry.needs)))
        self._ways = _ways_to_fire(entries)
        self._by_near: dict[frozenset[str], list[Entry]] = {}
        self._holding_negations = _holding_negations(phrases)

    def read(self, sentence: str, kind: str | None = None) -> list[Match]:
        """The first entry of each rule that fires on the sentence, in the order the policy lists them, one at
        level error before one at warning."""
        sentence_tokens = None
        sentence_words = token_texts(sentence)
        if sentence_words is None:
            sentence_tokens = tokens(sentence)
            sentence_words = [token.text for token in sentence_tokens]
        deciding, present = self.book.owners_near(sentence_words, deciding=True)
        candidates = self._candidates(frozenset(deciding))
        if not candidates:
            return []  # most sentences: no entry has all it needs, so no clause is read
        bare = sentence_tokens or bare_tokens(sentence, sentence_words)
        if bare is None:
            bare = sentence_tokens = tokens(sentence)
        firing = self._may_fire(candidates, bare, deciding, present)
        if not firing:
            return []  # most of the rest: the phrases an entry needs are not all there, in any clause
        near = deciding | self.book.others_near(sentence_words, present)
        if sentence_tokens is None:
            sentence_tokens = tokens(sentence)
        found: dict[str, Match] = {}
        parts = clauses(sentence_tokens)
        # And the vocabularies with a negation inside a phrase ("true or not", "does not meet"): it negates nothing.
        wanted = near & _ALWAYS_READ.union(*(entry.reads for entry in candidates), self._holding_negations)
        hits = [self._by_owner(self.book.find(clause, wanted, present)) for clause in parts]
        statements = _statement_owners(parts, hits)
        for entry in firing:
            if not _may_replace(found.get(entry.rule), entry) or (entry.kinds is not None and kind not in entry.kinds):
                continue
            match = self._first_firing(entry, sentence, parts, hits, statements)
            if match is not None:
                found[entry.rule] = match
        return list(found.values())

    def _may_fire(self, candidates: list[Entry], sentence_tokens: list[Token], deciding: set[str], present: set[str]) -> list[Entry]:
        """The candidates whose needs the phrases found in the whole sentence meet. A phrase found in a clause is
        found in the whole sentence too (a clause is a run of its tokens), so an entry left out here would have
        fired in no clause; one pass over the sentence, for only the phrases the candidates need, costs less than
        cutting it into clauses and reading each for everything a verdict depends on."""
        needed = frozenset().union(*(needs for entry in candidates for needs in entry.needs)) & deciding
        found = {hit.phrase.owner for hit in self.book.find(sentence_tokens, needed, present)}
        return [entry for entry in candidates if _could_fire(entry, found)]

    def turns_down(self, question: str, reply: str) -> bool:
        """Whether ``reply`` is a short answer that turns ``question`` down, so that what the question proposes
        is negated: "Should you let your weakest tenth go each year?" "Certainly not."."""
        if not question.rstrip().endswith("?"):
            return False
        words = [token for token in tokens(reply) if token.is_word]
        return 0 < len(words) <= _REPLY_WORDS and any(hit.first == 0 for hit in self.book.find(words, {ANSWER}))

    def _candidates(self, near: frozenset[str]) -> list[Entry]:
        """The entries that have all they need among the owners ``near``, in the policy's order; kept, since
        the same few sets of owners come back sentence after sentence."""
        found = self._by_near.get(near)
        if found is None:
            ways = self._ways.get
            met = {index for owner in near for needs, indexes in ways(owner, ()) if needs <= near for index in indexes}
            found = [self.entries[index] for index in sorted(met)]
            if len(self._by_near) < _KEPT:
                self._by_near[near] = found
        return found

    @staticmethod
    def _by_owner(found: list[Hit]) -> dict[str, list[Hit]]:
        owned: dict[str, list[Hit]] = {}
        for hit in found:
            owned.setdefault(hit.phrase.owner, []).append(hit)
        return owned

    def _first_firing(
        self, entry: Entry, sentence: str, parts: list[list[Token]], hits: list[dict[str, list[Hit]]], statements: list[set[str]]
    ) -> Match | None:
        for index, (clause, owned) in enumerate(zip(parts, hits, strict=True)):
            if _excused(entry, index, parts, hits) or any(f"vocabulary:{name}" in statements[index] for name in entry.unless):
                continue  # the statement reports, discusses or argues against what it names
            for matched in _satisfied(entry, owned):
                negated = entry.negation and _negated(matched, index, parts, hits)
                if not negated and not _mentioned(matched, clause, hits) and not _defined(matched, index, hits):
                    return Match(entry, tuple((name, hit.words(sentence, clause)) for name, hit in matched))
        return None


def _may_replace(kept: Match | None, entry: Entry) -> bool:
    """Whether ``entry`` may still be reported for its rule, after ``kept``: an error only replaces a warning."""
    return kept is None or (kept.entry.level is Severity.WARNING and entry.level is Severity.ERROR)


def _excused(entry: Entry, index: int, parts: list[list[Token]], hits: list[dict[str, list[Hit]]]) -> bool:
    """Whether one of the entry's exceptions (what the matched words may be about instead: a "latency curve")
    stands in the clause at ``index``, or in the clause that introduces it with a colon. Only there: a clause
    added after a semicolon or a "but" excuses nothing ("Managers must rank everyone on a curve; students are not
    involved.")."""
    scope = [hits[index], hits[index - 1]] if index > 0 and parts[index][0].text == ":" else [hits[index]]
    return any(f"exception:{entry.id}" in owned for owned in scope)


def _statement_owners(parts: list[list[Token]], hits: list[dict[str, list[Hit]]]) -> list[set[str]]:
    """For each clause, the owners of the phrases found in its statement: the clauses between two semicolons,
    where an entry's ``unless`` vocabularies are read. A statement added after a semicolon sets nothing aside
    ("Only 10% may be rated Exceeds; research shows curves hurt morale."). One set per statement, shared by its
    clauses, so that the sentence is read once however many clauses and entries it has."""
    found: list[set[str]] = []
    statement: set[str] = set()
    for clause, owned in zip(parts, hits, strict=True):
        if clause[0].text == ";":
            statement = set()
        statement.update(owned)
        found.append(statement)
    return found


def _ways_to_fire(entries: list[Entry]) -> dict[str, list[tuple[frozenset[str], tuple[int, ...]]]]:
    """Each way of firing (the owners an entry needs, ``Entry.needs``) with the entries that have it (by index),
    by the one of its owners that the fewest ways share: it can be met only where that owner is near, so a sentence
    tests only the ways anchored on the owners near it, each once, however many entries share it."""
    having: dict[frozenset[str], list[int]] = {}
    for index, entry in enumerate(entries):
        for needs in entry.needs:
            having.setdefault(needs, []).append(index)
    shared = Counter(owner for needs in having for owner in needs)
    found: dict[str, list[tuple[frozenset[str], tuple[int, ...]]]] = {}
    for needs, indexes in having.items():
        anchor = min(sorted(needs), key=shared.__getitem__)  # a frame names at least one vocabulary (the schema)
        found.setdefault(anchor, []).append((needs, tuple(dict.fromkeys(indexes))))
    return found


def _holding_negations(phrases: list[Phrase]) -> frozenset[str]:
    """The vocabularies with a phrase in which a negation can start after the first word: only a hit of one of
    them can hold a negation that `_idiom` passes over."""
    negating = {phrase.parts[0] for phrase in phrases if phrase.owner in (NEGATION_BEFORE, NEGATION_AFTER)}
    return frozenset(
        phrase.owner
        for phrase in phrases
        if phrase.owner.startswith("vocabulary:") and any(_may_be(part, negating) for part in phrase.parts[1:])
    )


def _may_be(part: str, words: set[str]) -> bool:
    """Whether a phrase part (a stem, or a prefix ending in "*") can match one of ``words``."""
    if part.endswith("*"):
        return any(word.startswith(part[:-1]) for word in words)
    return part in words


def _could_fire(entry: Entry, near: AbstractSet[str]) -> bool:
    """Whether the sentence holds at least the rarest word of one of the entry's phrases, or of a phrase of
    every part of one of its frames."""
    return any(needs <= near for needs in entry.needs)


def _satisfied(entry: Entry, owned: dict[str, list[Hit]]) -> Iterable[list[tuple[str, Hit]]]:
    """Each way the entry is met in one clause: a phrase of its own, or every part of one of its frames, each
    part on words of its own (one word cannot be both the count and the rating); a frame of one part, by each hit."""
    yield from ([("phrase", hit)] for hit in owned.get(f"entry:{entry.id}", ())[:1])
    for frame in entry.frames:
        if len(frame) == 1:  # each hit alone: a negated one ("Instead of raw line counts, ...") leaves the others
            yield from ([(frame[0], hit)] for hit in owned.get(f"vocabulary:{frame[0]}", ()))
            continue
        found = _disjoint([], [(name, owned.get(f"vocabulary:{name}", [])) for name in frame])
        if found is not None:
            yield found


def _disjoint(chosen: list[tuple[str, Hit]], wanted: list[tuple[str, list[Hit]]]) -> list[tuple[str, Hit]] | None:
    """``chosen`` extended by one hit of each wanted vocabulary, no two sharing a word; None if there is none."""
    if not wanted:
        return chosen
    (name, hits), rest = wanted[0], wanted[1:]
    for hit in hits:
        if all(hit.last < other.first or other.last < hit.first for _, other in chosen):
            found = _disjoint([*chosen, (name, hit)], rest)
            if found is not None:
                return found
    return None


def _negated(matched: list[tuple[str, Hit]], index: int, parts: list[list[Token]], hits: list[dict[str, list[Hit]]]) -> bool:
    """A negation shortly ahead of any matched part ("rewarding ... should not be sacrificed for extra hours"),
    or one behind the first, that is not itself part of what matched ("never leaves early") nor of another phrase
    of the same vocabularies ("no less than" in "requiring that no less than 15% ...", a limit either way)."""
    first = min(hit.first for _, hit in matched)
    inside = {position for _, hit in matched for position in range(hit.first, hit.last + 1)}
    for owner in {hit.phrase.owner for _, hit in matched}:
        inside.update(position for hit in hits[index].get(owner, ()) for position in range(hit.first, hit.last + 1))
    clause, owned = parts[index], hits[index]
    for negation in owned.get(NEGATION_BEFORE, ()):
        opening = _opens_phrase(clause, negation)
        reach = len(clause) if _is_subject(clause, negation) else _NEGATION_REACH
        governs = any(0 < hit.first - negation.last <= reach and _reaches(clause, negation.last, hit.first, opening) for _, hit in matched)
        if governs and inside.isdisjoint(range(negation.first, negation.last + 1)) and not _idiom(negation, owned):
            return True
    if any(negation.first > first and negation.first not in inside and not _idiom(negation, owned) for negation in owned.get(NEGATION_AFTER, ())):
        return True
    # "We never use these: chat responsiveness, ..." - the clause before a colon introduces this one.
    return parts[index][0].text == ":" and index > 0 and NEGATION_BEFORE in hits[index - 1]


def _reaches(clause: list[Token], negation: int, start: int, opening: bool = False) -> bool:
    """Whether a negation ending at ``negation`` reaches the words from ``start``: not past "and" or "or" that
    opens a predicate of its own ("The rest produce nothing and ought to be let go"), nor past ", so"; and
    when ``opening`` (a preposition such as "without" that opens its clause), not past the comma that ends
    its phrase ("Without formal ratings, sort people into ...")."""
    if opening and _phrase_end(clause, negation) < start:
        return False
    return not any(
        (clause[position].text in _JOINS and clause[position + 1].text in _PREDICATES)
        or (clause[position].text == "," and clause[position + 1].text == "so")
        for position in range(negation + 1, start)
    )


def _is_subject(clause: list[Token], negation: Hit) -> bool:
    """Whether the negation is the subject that opens its clause ("Nobody will ever tell you ... to stay late",
    "No one, for instance, would ..."), which negates the whole clause however far its words run."""
    first = clause[negation.first].text
    following = clause[negation.first + 1].text if negation.first + 1 < len(clause) else ""
    return not any(token.is_word for token in clause[: negation.first]) and (first in _SUBJECTS or (first == "no" and following == "one"))


def _opens_phrase(clause: list[Token], negation: Hit) -> bool:
    """Whether the negation is a preposition ("without", "instead of") with no word of the clause before it."""
    return clause[negation.first].text in _PREPOSITIONS and not any(token.is_word for token in clause[: negation.first])


def _phrase_end(clause: list[Token], negation: int) -> int:
    """Where the phrase a negating preposition opens ends: the first comma after it that no list item follows
    ("Without hours, commits or chat status, we ..." runs to the second comma); the clause's end if none."""
    commas = [position for position in range(negation + 1, len(clause)) if clause[position].text == ","]
    for number, comma in enumerate(commas):
        following = clause[comma + 1 : commas[number + 1] if number + 1 < len(commas) else len(clause)]
        words = [token.text for token in following if token.is_word]
        listed = len(words) <= _LIST_ITEM_WORDS or not _LISTING.isdisjoint(words)
        if comma > negation + 1 and not listed:
            return comma
    return len(clause)


def _idiom(negation: Hit, owned: dict[str, list[Hit]]) -> bool:
    """Whether the negation closes a phrase of a vocabulary that opens before it, and so negates nothing around
    it: "true or not", "whether they deserve it or not". One that opens a phrase ("no natural ...") still negates,
    and so does one inside words that are themselves a negation ("are never" in "ratings are never adjusted")."""
    negations = {(hit.first, hit.last) for side in (NEGATION_BEFORE, NEGATION_AFTER) for hit in owned.get(side, ())}
    return any(
        hit.first < negation.first and negation.last <= hit.last and (hit.first, hit.last) not in negations
        for owner, found in owned.items() if owner.startswith("vocabulary:") for hit in found
    )


def _mentioned(matched: list[tuple[str, Hit]], clause: list[Token], hits: list[dict[str, list[Hit]]]) -> bool:
    quoted = all(clause[position].quoted for _, hit in matched for position in range(hit.first, hit.last + 1))
    return quoted and any(MENTION in owned for owned in hits)


def _defined(matched: list[tuple[str, Hit]], index: int, hits: list[dict[str, list[Hit]]]) -> bool:
    """Whether the sentence defines the matched words: the first of them opens it ("Unregretted attrition"), and a
    definition phrase follows that one ("means"). A definition that itself sets a share ("Stack ranking means
    you fix a percentage of people who must be labelled low performers") still fires by those later words."""
    term = min((hit for _, hit in matched), key=lambda hit: hit.first)
    if index != 0 or term.first > _TERM_OPENS_WITHIN:
        return False
    return any(0 < phrase.first - term.last <= _DEFINITION_FOLLOWS_WITHIN and phrase.first <= _DEFINITION_WITHIN for phrase in hits[0].get(DEFINITION, ()))
