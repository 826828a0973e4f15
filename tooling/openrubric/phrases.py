"""Phrases found in a sentence by their words, whatever their endings, with the sentence cut into clauses.

This module knows nothing of any policy: it turns text into tokens and finds the phrases it is given. A
phrase is written the way a policy owner would write it, in lowercase words, with two marks:

- ``#`` stands for any number, in figures or in words ("no more than # %", "one in #");
- a word ending in ``*`` matches any word that begins so ("confiden*");
- ``'s`` stands for a name's possessive ("'s attitude" finds "Kate's attitude");
- a word after ``=`` matches only as written: "=received" finds "received", never "receive" (a past tense,
  where the ending is what matters).

Other words match whatever their ending ("rank" finds "ranked" and "rankings"), but not as an adverb: "quiet"
does not find "quietly", while "annually" finds "annual" too. One stray word may stand between two words of a phrase ("forced ranking" finds
"forced performance ranking"). Words written with a hyphen follow each other: "strong-willed" finds
"strong-willed" and "strong willed", never "strong work will".
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import AbstractSet, Any, Iterable, NamedTuple

NUMBER = "#"
POSSESSIVE = "'s"
EXACT = "="
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen".split()
)
# A hyphen inside a word or a range ("stack-ranked", "5-8%") is no token; a dash between words is.
_PUNCTUATION = r"[%/$\u20ac\u00a3<>=+,;:()!?.\u2013\u2014\"\u201c\u201d\u2018\u2019']"


def _token_pattern(letter: str) -> re.Pattern[str]:
    return re.compile(rf"{letter}+(?:[.,][0-9]+)*(?:'{letter}+)?|(?<!{letter})-|-(?!{letter})|{_PUNCTUATION}")


# A word is letters and digits of any script, with the combining accents that a decomposed "Zoe\u0308" carries:
# "Zoë's attitude" is read as "Zoe's attitude" is. Plain ASCII text, most of it, takes the faster pattern.
_ASCII_TOKEN = _token_pattern("[A-Za-z0-9]")
_ACCENTS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # combining marks
_TOKEN = _token_pattern(f"(?:[^\\W_]|[{_ACCENTS}])")
# Punctuation that ends a clause, and words that start a new one.
_CLAUSE_MARKS = frozenset(";:")
_CLAUSE_WORDS = frozenset("but however although though whereas yet while because since unless".split())
# Before a preposition these start a phrase, not a clause: "reply to emails while on holiday", "marked down because
# of the hours she keeps" belong to the clause they stand in.
_PHRASE_OPENERS, _PREPOSITIONS = frozenset({"while", "since", "because"}), frozenset("of on at in off away during".split())
# "since" before a point in time starts a phrase too: "Top committer since last Sunday: ...".
_SINCE_TIMES = frozenset(
    "last then yesterday monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december spring summer autumn fall winter".split()
)
# A label this short before a colon belongs to what follows: "Heads-up: ...", "Does Not Meet Expectations: ...".
_LABEL_WORDS = 4
_CODE = re.compile(r"`[^`]*`")
_CONTRACTIONS = {"won't": "will", "can't": "can", "shan't": "shall"}
# "you're" is "you are" and "she's" is "she is", so that "you are too" finds both; after another word, "'s" is a
# possessive, dropped ("the team's health" is "team health") but kept as a token of its own after a name, which is
# written with a capital or in a script without capitals ("Kate's attitude"), so that a phrase can ask for a possessive
# where it would say "her".
_CLITICS = {"'re": "are", "'m": "am", "'ve": "have", "'ll": "will", "'d": "would"}
_IS_AFTER = frozenset("he she it that there what who where here".split())
_NOT_POSSESSIVE = frozenset({"let"})  # "Let's" is "let us"
_QUOTES = {'"': '"', "\u201c": "\u201d", "\u2018": "\u2019", "'": "'"}  # opening quote -> its closing one
# A typographic apostrophe inside a word ("don\u2019t") is an apostrophe, not a closing quote.
_CURLY_APOSTROPHE = re.compile(f"(?:(?<=[^\\W\\d_])|(?<=[{_ACCENTS}]))\u2019(?=[^\\W\\d_])")
# "one" after these is a pronoun ("the one the system calculated"), not a count; so is "one" of "one another".
_PRONOUN_ONE_AFTER = frozenset("the that this which each every any no someone anyone everyone no-one".split())
_PRONOUN_ONE_BEFORE = "another"
# A stray word may stand inside a phrase, but not one that turns it around ("should not be"), nor an article,
# which makes a different phrase of it ("on call" is not "on a call").
_NOT_STRAY = frozenset({"not", "no", "never", "a", "an"})
_PREFIX_KEY = 3
_NONE_JOINED: frozenset[int] = frozenset()  # one for the phrases without a hyphen, most of them: kept and loaded once
# A phrase is tried at every word of a sentence that can start it, so its length bounds the cost of reading one.
MAX_PHRASE_WORDS = 16
_SEEN_LIMIT = 20_000  # words kept by text; past it the kept ones are let go, so memory stays bounded
_SUFFIXES = ("iness", "ing", "ed", "es", "s", "ly", "e")
# An adverb says how something was done ("spoke quietly"), not what someone is ("quiet"), so a word matches its
# adverb only when the phrase writes the adverb ("respond* quickly" finds "quick response"); the adverb's stem is
# then marked so. Words in "-ly" of these say how often, and are adjectives ("quarterly review"); those of these
# nouns are adjectives of their own ("friendly" is not "friend").
ADVERB = "~"
_HOW_OFTEN = frozenset("hour night week fortnight month quarter year".split())
_NOUN_LY = frozenset("friend love cost time order world coward like".split())


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude stem so that "responds quickly" and "responded quick", "manage" and "managed" meet; enough for
    short phrases."""
    for suffix in _SUFFIXES:
        # A final "e" goes only from longer words, so that "note" does not become "not".
        if word.endswith(suffix) and len(word) - len(suffix) >= (4 if suffix == "e" else 3):
            if suffix == "ly" and word[:-2] in _NOUN_LY:
                return word
            return word[: -len(suffix)]
    return word


def _adverb(word: str) -> bool:
    """Whether the word is an adverb in "-ly", which only a phrase written as an adverb finds."""
    return word.endswith("ly") and stem(word) == word[:-2] and word[:-2] not in _HOW_OFTEN


def phrase_part(word: str) -> str:
    """What a word of a phrase matches: its stem, marked when the phrase writes an adverb."""
    return ADVERB + stem(word) if _adverb(word) else stem(word)


class Token(NamedTuple):  # a tuple: a sentence read in full makes dozens, and a tuple is the cheapest to make
    text: str  # lowercase, as written ("ranked"), or the expansion of a contraction ("not")
    start: int  # character offsets in the sentence
    end: int
    quoted: bool = False
    pronoun: bool = False  # "one" standing for a thing, which matches no ``#``

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def forms(self) -> tuple[str, ...]:
        """What a phrase word can match this token by: its stem, and ``#`` when it is a number."""
        return _forms(self.text)[:1] if self.pronoun else _forms(self.text)


@lru_cache(maxsize=16384)
def _forms(text: str) -> tuple[str, ...]:
    number = text[0].isdigit() or text in _NUMBER_WORDS
    form = text if _adverb(text) else stem(text)  # an adverb's own form; a phrase written as one finds it by its stem
    return (form, NUMBER) if number else (form,)


def token_texts(sentence: str) -> list[str] | None:
    """The text of each of ``tokens(sentence)``, found without building them (most sentences are only looked
    up word by word); None for a sentence with code or a quotation mark, which only ``tokens`` reads right."""
    if "`" in sentence:
        return None
    if sentence.isascii():  # lowered as a whole, it keeps its length and its tokens
        lowered = sentence.lower()
        if "'" not in lowered and '"' not in lowered and "cannot" not in lowered:
            return _ASCII_TOKEN.findall(lowered)  # nothing to expand or to take off
    elif "\u2019" in sentence:
        sentence = _CURLY_APOSTROPHE.sub("'", sentence)  # as ``tokens`` reads it: "don\u2019t" is "do not"
    found: list[str] = []
    for written in _TOKEN.findall(sentence):
        text = written.lower()
        if text in _QUOTES:
            return None
        if text.endswith("n't"):
            found += (_CONTRACTIONS.get(text, text[:-3]), "not")
        elif text == "cannot":
            found += ("can", "not")
        else:
            found += _expanded(text, _capital(written))
    return found


def _capital(written: str) -> bool:
    """Whether a word is written as a name is: with a capital, or in a script that has no capitals ("李娜's")."""
    return written[0].isupper() or (written[0].isalpha() and not written[0].islower())


def _expanded(text: str, capital: bool = False) -> tuple[str, ...]:
    """A word with its clitic as two words ("you're": "you", "are"), a name's possessive as the name and "'s",
    another possessive without its "'s"."""
    base, mark, tail = text.partition("'")
    if not mark:
        return (text,)
    clitic = _CLITICS.get(mark + tail)
    if clitic is not None:
        return (base, clitic)
    if tail == "s":
        if base in _IS_AFTER:
            return (base, "is")
        return (base, POSSESSIVE) if capital and base not in _NOT_POSSESSIVE else (base,)
    return (text,)


def tokens(sentence: str) -> list[Token]:
    """The sentence's words and punctuation; "don't" gives "do" and "not", both spanning the word. Code in
    backticks names something (a rule, a key) and is left out."""
    found: list[Token] = []
    quote_close: str | None = None
    code = [match.span() for match in _CODE.finditer(sentence)] if "`" in sentence else []
    if "\u2019" in sentence:
        sentence = _CURLY_APOSTROPHE.sub("'", sentence)  # same length, so offsets still point into the original
    for match in (_ASCII_TOKEN if sentence.isascii() else _TOKEN).finditer(sentence):
        start, end = match.span()
        if code and any(left <= start < right for left, right in code):
            continue
        text = match.group(0).lower()
        if (text in _QUOTES and quote_close is None) or text == quote_close:
            opening = quote_close is None and not (text == "'" and start > 0 and sentence[start - 1].isalnum())
            quote_close = _QUOTES[text] if opening else None
            continue
        quoted = quote_close is not None
        if text.endswith("n't"):
            base = _CONTRACTIONS.get(text, text[:-3])
            found += [Token(base, start, end, quoted), Token("not", start, end, quoted)]
        elif text == "cannot":
            found += [Token("can", start, end, quoted), Token("not", start, end, quoted)]
        else:
            pronoun = text == "one" and bool(found) and found[-1].text in _PRONOUN_ONE_AFTER
            word, *clitic = _expanded(text, "'" in text and _capital(match.group(0)))
            found.append(Token(word, start, end, quoted, pronoun))
            found += [Token(part, start, end, quoted) for part in clitic]
    if _PRONOUN_ONE_BEFORE[1:] in sentence:  # "another" or "Another": rare, so most sentences skip the pass
        _mark_one_another(found)
    return found


def _mark_one_another(found: list[Token]) -> None:
    """Mark "one" in "one another" as a pronoun: it counts nobody."""
    for index, token in enumerate(found[1:], start=1):
        if token.text == _PRONOUN_ONE_BEFORE and found[index - 1].text == "one":
            found[index - 1] = found[index - 1]._replace(pronoun=True)


def bare_tokens(sentence: str, words: list[str]) -> list[Token] | None:
    """Tokens of ``words``, the texts ``token_texts(sentence)`` gives, with no place in the sentence and none
    quoted: what phrases are found by, as in ``tokens``, for less; not enough to quote the words found or to tell
    a mention. None where an apostrophe may join words ("no one's"): only ``tokens`` reads those right."""
    if "'" in sentence or "\u2019" in sentence:
        return None
    found = [Token(text, 0, 0, False, text == "one" and index > 0 and words[index - 1] in _PRONOUN_ONE_AFTER) for index, text in enumerate(words)]
    if _PRONOUN_ONE_BEFORE in words:
        _mark_one_another(found)
    return found


def clauses(sentence_tokens: list[Token]) -> list[list[Token]]:
    """The tokens cut where a clause ends: ``;``, a colon after more than ``_LABEL_WORDS`` words and before no
    figure (a short label such as "heads-up:", or labels that figures follow, belong to what follows), and
    before words such as "but" and "because". Dashes and brackets add to a clause ("25% - 65% - 10%",
    "75/15/10 (ME/EE/Outstanding)"), so they do not cut it."""
    found: list[list[Token]] = [[]]
    for index, token in enumerate(sentence_tokens):
        if token.text in _CLAUSE_MARKS and not (token.text == ":" and _labels(found[-1], sentence_tokens[index + 1 : index + 2])):
            found.append([token])  # the mark opens the next clause, so "...: x" can look back at it
        elif token.text in _CLAUSE_WORDS and _words(found[-1]) > 0 and not _opens_phrase(sentence_tokens, index):
            found.append([token])
        else:
            found[-1].append(token)
    return [clause for clause in found if clause]


def _opens_phrase(sentence_tokens: list[Token], index: int) -> bool:
    following = sentence_tokens[index + 1] if index + 1 < len(sentence_tokens) else None
    if following is None or sentence_tokens[index].text not in _PHRASE_OPENERS:
        return False
    if sentence_tokens[index].text == "since" and (following.text in _SINCE_TIMES or following.text[0].isdigit()):
        return True
    return following.text in _PREPOSITIONS


def _labels(before: list[Token], after: list[Token]) -> bool:
    """Whether the words before a colon label what follows it (``after``: the token after the colon, if any): a
    short label, or labels that figures follow ("Exceeds / Meets / Does not meet: 25/65/10")."""
    return _words(before) <= _LABEL_WORDS or any(NUMBER in token.forms for token in after)


def _words(clause: list[Token]) -> int:
    return sum(token.is_word for token in clause)


class Phrase(NamedTuple):
    """One phrase, as ``parse_phrase`` reads it, and who it belongs to (a vocabulary or a guardrail entry). A
    tuple, and without the text it was read from, which nothing needs: a policy has thousands, which every new
    process loads from the entry that ``cache`` keeps, and a tuple is the cheapest object to load."""

    owner: str
    parts: tuple[str, ...]  # stems, NUMBER, POSSESSIVE, or "prefix*"
    joined: frozenset[int]  # parts written after a hyphen, which follow the part before directly
    needs: frozenset[str]  # the parts as a set: a phrase can match only where all are present

    def __reduce__(self) -> tuple[Any, ...]:
        # Loaded by tuple.__new__ itself, not by the named tuple's own __new__, which is written in Python.
        return (tuple.__new__, (Phrase, tuple(self)))


class Hit(NamedTuple):  # a tuple, as a Token is: reading a clause in full makes one for each phrase found there
    phrase: Phrase
    first: int  # token indexes within the clause, inclusive
    last: int

    def words(self, sentence: str, clause: list[Token]) -> str:
        return sentence[clause[self.first].start : clause[self.last].end]


def parse_phrase(text: str, owner: str) -> Phrase:
    """A phrase as a policy owner writes it; raises ValueError when it has no word to match or too many."""
    parts: list[str] = []
    joined: set[int] = set()
    words = text.lower().split()
    if len(words) > MAX_PHRASE_WORDS:
        raise ValueError(f"the phrase has {len(words)} words; a phrase has at most {MAX_PHRASE_WORDS}: split it, or use a frame of vocabularies")
    for word in words:
        for index, piece in enumerate(word.split("-")):
            before = len(parts)
            if piece in (NUMBER, POSSESSIVE) or (piece.endswith("*") and len(piece) > 1):
                parts.append(piece)
            elif piece.startswith(EXACT) and len(piece) > 1:
                parts.append(piece)  # matched against the token's own text
            else:
                parts += _word_parts(piece)
            if index > 0 and 0 < before < len(parts):
                joined.add(before)  # "strong-willed": "willed" follows "strong" directly
    if not parts:
        raise ValueError(f"the phrase {text!r} has no word to match")
    written, needs = _shared_parts(tuple(parts))
    return Phrase(owner, written, frozenset(joined) if joined else _NONE_JOINED, needs)


@lru_cache(maxsize=16384)
def _shared_parts(parts: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The parts, and the parts as a set, shared by the phrases that have the same (one phrase in six: a policy
    repeats phrases across vocabularies and entries), so the kept rules hold and load each once."""
    return parts, frozenset(parts)


@lru_cache(maxsize=8192)
def _word_parts(word: str) -> tuple[str, ...]:
    """The parts one written word of a phrase adds; kept, as a policy's phrases repeat most of their words."""
    return tuple(phrase_part(token.text) for token in tokens(word) if token.text not in _QUOTES)


class _Word(NamedTuple):
    """What one word of a sentence tells ``Phrasebook.owners_near``."""

    parts: frozenset[str]  # the parts of phrases it matches
    sure: frozenset[str]  # deciding owners with a phrase anchored on it that it matches alone
    pending: tuple[tuple[str, frozenset[str]], ...]  # other deciding owners anchored on it, and the parts still needed
    others: tuple[Phrase, ...]  # the phrases of the other owners anchored on it


class Phrasebook:
    """Every phrase of a policy, looked up by its first word, so one pass over a clause finds them all."""

    def __init__(self, phrases: Iterable[Phrase], deciding: Iterable[str] = ()) -> None:
        """``deciding``: the owners whose phrases decide whether a sentence is read further, which
        ``owners_near(..., deciding=True)`` looks for alone."""
        phrases = list(phrases)
        self._deciding = frozenset(deciding)
        self._by_first = _PartIndex()
        for phrase in phrases:
            self._by_first.add(phrase.parts[0], phrase)
        # The cheap test: each phrase by the part it is anchored on, the one least likely to be in any sentence; the
        # deciding owners' phrases apart from the others (see ``_Word``).
        self._deciding_at: dict[str, tuple[Phrase, ...]] = {}
        self._others_at: dict[str, tuple[Phrase, ...]] = {}
        for anchor, anchored in _anchored(phrases).items():
            for chosen, wanted in ((self._deciding_at, True), (self._others_at, False)):
                kept = tuple(phrase for phrase in anchored if (phrase.owner in self._deciding) == wanted)
                if kept:
                    chosen[anchor] = kept
        self._prefixes: dict[str, list[str]] = {}  # "prefix*" parts by their first letters, as _PartIndex keeps them
        for part in {part for phrase in phrases for part in phrase.parts if part.endswith("*")}:
            self._prefixes.setdefault(part[:-1][:_PREFIX_KEY], []).append(part)
        self._adverbs = {part for phrase in phrases for part in phrase.parts if part.startswith(ADVERB)}
        # By word, since the same words come back in every sentence (see ``_Word``); and by the parts of phrases a
        # word matches, which alone decide what it finds: "ranked" finds what "ranking" found, and a word that no
        # phrase has, or a new figure ("44938"), what the last such word found.
        self._words: dict[str, _Word] = {}
        self._by_parts: dict[frozenset[str], _Word] = {}
        self._parts = frozenset(part for phrase in phrases for part in phrase.parts)

    def owners_near(self, sentence_words: Iterable[str], *, deciding: bool = False) -> tuple[set[str], set[str]]:
        """Who owns a phrase whose every part matches one of the sentence's words (the texts of its tokens), in
        any order: a cheap superset of who will match, since a phrase matches only where all its parts do; and
        the parts the words match, which ``find`` takes to pass over the other phrases. With ``deciding``, only
        the deciding owners among them (exactly those), for less work: ``others_near`` gives the rest to a
        sentence that turns out to need them."""
        kept = self._words.get
        known = [kept(word) or self._word(word) for word in set(sentence_words)]
        present = set().union(*[word.parts for word in known])
        near = set().union(*[word.sure for word in known])
        for word in known:
            for owner, rest in word.pending:
                if rest <= present:
                    near.add(owner)
        if not deciding:
            near |= self.others_near(sentence_words, present)
        return near, present

    def others_near(self, sentence_words: Iterable[str], present: AbstractSet[str]) -> set[str]:
        """The owners near (see ``owners_near``) that are not deciding; ``present``: the parts ``owners_near``
        found the same words match."""
        kept = self._words.get
        known = [kept(word) or self._word(word) for word in set(sentence_words)]
        return {phrase.owner for word in known for phrase in word.others if phrase.needs <= present}

    def _word(self, word: str) -> _Word:
        found = self._words.get(word)
        if found is None:
            found = self._looked_up(word)
            if len(self._words) >= _SEEN_LIMIT:
                self._words.clear()  # the common words come back at once
            self._words[word] = found
        return found

    def _looked_up(self, word: str) -> _Word:
        prefixes = [part for length in range(1, _PREFIX_KEY + 1) for part in self._prefixes.get(word[:length], ()) if word.startswith(part[:-1])]
        adverb = ADVERB + stem(word)
        parts = frozenset(_forms(word)).union(prefixes, [adverb] if adverb in self._adverbs else [], [EXACT + word]) & self._parts
        found = self._by_parts.get(parts)
        if found is None:
            found = self._finding(parts)
            if len(self._by_parts) >= _SEEN_LIMIT:
                self._by_parts.clear()
            self._by_parts[parts] = found
        return found

    def _finding(self, parts: frozenset[str]) -> _Word:
        """What a word that matches these parts of phrases finds."""
        # The phrases anchored on any part the word matches: a part is written as in a phrase ("confiden*", "~quick"),
        # so these are the phrases whose anchor the word matches, each once (a phrase has one anchor).
        deciding_at, others_at = self._deciding_at.get, self._others_at.get
        deciding = [phrase for part in parts for phrase in deciding_at(part, ())]
        sure = frozenset(phrase.owner for phrase in deciding if phrase.needs <= parts)
        pending = {(phrase.owner, phrase.needs - parts) for phrase in deciding if phrase.owner not in sure}
        return _Word(parts, sure, tuple(pending), tuple(phrase for part in parts for phrase in others_at(part, ())))

    def find(self, clause: list[Token], owners: AbstractSet[str] | None = None, present: set[str] | None = None) -> list[Hit]:
        """Every phrase in the clause; only those of ``owners`` when given, and only those whose parts are all
        ``present`` (see ``owners_near``) when given."""
        found = []
        for index, token in enumerate(clause):
            # By owner: a common word starts dozens of phrases, and most belong to owners not asked for.
            for owner, starting in self._by_first.matching(token).items():
                if owners is not None and owner not in owners:
                    continue
                for phrase in starting:
                    if present is not None and not phrase.needs <= present:
                        continue
                    last = _match_rest(clause, index, phrase)
                    if last is not None:
                        found.append(Hit(phrase, index, last))
        return found


def _anchored(phrases: list[Phrase]) -> dict[str, list[Phrase]]:
    """The phrases by their anchor: the part that the fewest phrases share. A part that few phrases share is seldom
    in a sentence either ("review" is in hundreds of phrases and most sentences of a review), so anchoring each
    phrase there keeps the cheap test's candidates few."""
    shared = Counter(part for phrase in phrases for part in phrase.needs)
    found: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        found.setdefault(min(phrase.parts, key=lambda part: _commonness(part, shared[part])), []).append(phrase)
    return found


def _commonness(part: str, phrases_sharing: int) -> tuple[bool, int, int]:
    """A number matches any number, so it is the last choice; then the parts fewer phrases share, then longer ones."""
    return (part == NUMBER, phrases_sharing, -len(part.rstrip("*")))


class _PartIndex:
    """Phrases by one of their parts: a stem or ``#`` looked up exactly, a "prefix*" by its first letters."""

    def __init__(self) -> None:
        self._exact: dict[str, list[Phrase]] = {}
        self._prefixed: dict[str, list[tuple[str, Phrase]]] = {}
        self._adverbs: dict[str, list[Phrase]] = {}  # by the stem of an adverb the phrase writes
        self._seen: dict[str, dict[str, list[Phrase]]] = {}  # by token text: the same words come back in every sentence

    def add(self, part: str, phrase: Phrase) -> None:
        if part.endswith("*"):
            self._prefixed.setdefault(part[:-1][:_PREFIX_KEY], []).append((part[:-1], phrase))
        elif part.startswith(ADVERB):
            self._adverbs.setdefault(part[1:], []).append(phrase)
        else:
            self._exact.setdefault(part, []).append(phrase)

    def matching(self, token: Token) -> dict[str, list[Phrase]]:
        return self.matching_text(token.text, pronoun=token.pronoun)

    def matching_text(self, text: str, *, pronoun: bool = False) -> dict[str, list[Phrase]]:
        """The phrases whose part matches a token of this text, by owner, each owner's in the order they were
        added; a pronoun "one" matches less than the number."""
        key = f"\0{text}" if pronoun else text
        by_owner = self._seen.get(key)
        if by_owner is None:
            found = [phrase for form in (*(_forms(text)[:1] if pronoun else _forms(text)), EXACT + text) for phrase in self._exact.get(form, ())]
            if self._adverbs:
                found += self._adverbs.get(stem(text), ())
            for length in range(1, _PREFIX_KEY + 1):
                found += [phrase for prefix, phrase in self._prefixed.get(text[:length], ()) if text.startswith(prefix)]
            by_owner = {}
            for phrase in found:
                by_owner.setdefault(phrase.owner, []).append(phrase)
            if len(self._seen) >= _SEEN_LIMIT:
                self._seen.clear()
            self._seen[key] = by_owner
        return by_owner


def _matches(token: Token, part: str) -> bool:
    if part in token.forms:
        return True
    if part[0] == EXACT:
        return token.text == part[1:]
    if part.endswith("*"):
        return token.text.startswith(part[:-1])
    return part[0] == ADVERB and stem(token.text) == part[1:]


def _match_rest(clause: list[Token], index: int, phrase: Phrase) -> int | None:
    """The index of the phrase's last token when it continues from clause[index], one stray word allowed
    between two of its parts unless the second was written after a hyphen; a name's "'s" is passed over where
    the phrase does not ask for it ("Kate's code" is "Kate code")."""
    position = index
    parts = phrase.parts
    for number in range(1, len(parts)):
        part = parts[number]
        following = clause[position + 1 : position + 3]
        if following and _matches(following[0], part):
            position += 1
            continue
        if following and following[0].text == POSSESSIVE:
            position += 1
            following = clause[position + 1 : position + 3]
            if following and _matches(following[0], part):
                position += 1
                continue
        if number in phrase.joined:
            return None
        if len(following) == 2 and following[0].is_word and following[0].text not in _NOT_STRAY and _matches(following[1], part):
            position += 2
        else:
            return None
    return position
