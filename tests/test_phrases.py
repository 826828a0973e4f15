"""The shortcuts that spare most sentences a full reading give what the full reading would: a sentence's words
are its tokens' texts, and every owner of a phrase that matches is among the owners a sentence is near."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml

from openrubric.loading import load_document
from openrubric.phrases import Phrase, Phrasebook, _anchored, _PartIndex, bare_tokens, clauses, parse_phrase, token_texts, tokens
from openrubric.rules.entries import compile_reading

PROJECT = Path(__file__).resolve().parent.parent
CORPORA = PROJECT / "tests" / "corpus"
TRICKY = [
    "Don't cap `quota` at 15%; we can't, and won't.",
    "We cannot rank people - it's the team's call.",
    "A \u201cquoted\u201d rule and a \u2018single\u2019 one, don\u2019t miss them.",
    'She said "no more than 10%" and it\'s "fine".',
    "\u0130stanbul office: K\u212aelvin and \u017fome odd letters, caf\u00e9 in 5-8% of teams.",
    "Tickets closed per engineer per week (TPEW) \u2014 3.5 on average.",
    "Staff weren\u2019t shielded when the curve needed balancing.",  # a typographic apostrophe, no quotation
    "You're too blunt, she's aloof, I'm not sure and Sam's code is fine; they've gone.",
    "`code` only",
    "",
]


def _compiled():
    guardrails = load_document(PROJECT, "policy/guardrails.yaml", kind="guardrails", syntax="yaml")
    return compile_reading(guardrails.data, ["below", "Below expectations", "exceeds", "Exceeds expectations"])


@pytest.fixture(scope="module")
def reading():
    return _compiled()


@pytest.fixture(scope="module")
def book(reading):
    return reading.book


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    """Every labelled sentence of the corpora in the repository, and a few with quotes, code and odd letters."""
    found = list(TRICKY)
    for path in sorted(CORPORA.rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        items = data.values() if isinstance(data, dict) else []
        found += [str(item["text"]) for group in items if isinstance(group, list) for item in group if isinstance(item, dict) and "text" in item]
    assert len(found) > 1000
    return found


def test_a_sentences_words_are_the_texts_of_its_tokens(sentences):
    shortcut = 0
    for sentence in sentences:
        words = token_texts(sentence)
        if words is not None:
            shortcut += 1
            assert words == [token.text for token in tokens(sentence)], sentence
    assert shortcut > len(sentences) // 2  # most sentences take the shortcut
    assert token_texts("`code` only") is None and token_texts('a "quoted" word') is None


def test_every_owner_of_a_matching_phrase_is_near(book, sentences):
    near_total = matched_total = 0
    for sentence in sentences[::3]:  # a third is enough, and keeps the test fast
        sentence_tokens = tokens(sentence)
        near, present = book.owners_near([token.text for token in sentence_tokens])
        hits = [hit for clause in clauses(sentence_tokens) for hit in book.find(clause)]
        matched = {hit.phrase.owner for hit in hits}
        assert matched <= near, sentence
        assert all(hit.phrase.needs <= present for hit in hits), sentence  # so find may pass over the others
        near_total, matched_total = near_total + len(near), matched_total + len(matched)
    assert matched_total > 0
    assert near_total < 2 * matched_total  # the filter is tight, not merely safe


def test_the_deciding_owners_near_are_exactly_those_of_every_owner_near(book, sentences):
    # The first look at a sentence (is any entry's need met?) finds only the deciding owners: it must find
    # every one that the full look finds, and no other, or a sentence an entry fires on could be passed over.
    deciding_seen = 0
    for sentence in sentences:
        words = [token.text for token in tokens(sentence)]
        near, present = book.owners_near(words)
        deciding, deciding_present = book.owners_near(words, deciding=True)
        assert deciding == near & book._deciding, sentence
        assert deciding_present == present, sentence
        deciding_seen += bool(deciding)
    assert deciding_seen > len(sentences) // 2


def test_the_entries_that_may_fire_are_the_same_after_the_first_look(reading, sentences):
    # Every entry's needs are deciding owners, so the entries a sentence is read for are the same whether they
    # are chosen from every owner near or from the deciding ones alone.
    chosen = 0
    for sentence in sentences:
        words = [token.text for token in tokens(sentence)]
        every = reading._candidates(frozenset(reading.book.owners_near(words)[0]))
        assert reading._candidates(frozenset(reading.book.owners_near(words, deciding=True)[0])) == every, sentence
        chosen += bool(every)
    assert chosen > 100


def test_the_candidates_are_the_entries_with_a_way_to_fire_among_the_owners_near(reading, sentences):
    # Each way of firing is tested where one of its owners is near: the entries chosen are every entry one of
    # whose ways the owners near meet, in the policy's order, for sentences and for each way alone or cut short.
    def expected(near):
        return [entry for entry in reading.entries if any(needs <= near for needs in entry.needs)]

    nears = [frozenset(reading.book.owners_near([token.text for token in tokens(sentence)])[0]) for sentence in sentences]
    ways = {needs for entry in reading.entries for needs in entry.needs}
    nears += [*ways, *(needs - {owner} for needs in ways for owner in needs), frozenset().union(*ways)]
    chosen = 0
    for near in nears:
        reading._by_near.clear()
        assert reading._candidates(near) == expected(near), sorted(near)
        chosen += bool(expected(near))
    assert chosen > 100


def test_a_word_read_as_one_matching_the_same_parts_finds_what_it_would_find_alone(reading, sentences):
    # A word that matches the same parts of phrases as one read before ("ranked", "ranking"), a new figure
    # ("44938"), or a word no phrase has, is read as that one was: what it finds must be what it would find read on
    # its own.
    book, alone = reading.book, _compiled().book  # the second reads each word on its own
    words = {token.text for sentence in sentences for token in tokens(sentence)}
    words |= {"44938", "77d3", "1.0.0", "2025", "nakamura", "0", "15"}
    shared = 0
    for word in sorted(words):
        alone._by_parts.clear()
        fresh = alone._looked_up(word)
        found = book._looked_up(word)
        assert (found.parts, found.sure, set(found.pending), set(found.others)) == (fresh.parts, fresh.sure, set(fresh.pending), set(fresh.others)), word
        shared += found is not fresh
    assert shared > 1000


def test_a_word_finds_the_phrases_anchored_on_a_part_it_matches(book, sentences):
    # The cheap test looks phrases up by the parts a word matches ("confiden*", "~quick", "=received", "#"): it
    # must find each phrase whose anchor the word matches, as an index that matches each anchor against the word.
    by_anchor = _PartIndex()
    for anchor, anchored in _anchored(_phrases(book)).items():
        for phrase in anchored:
            by_anchor.add(anchor, phrase)
    words = {token.text for sentence in sentences for token in tokens(sentence)} | {"44938", "confidently", "quickly"}
    found = 0
    for word in sorted(words):
        looked_up = book._looked_up(word)
        anchored = [phrase for owned in by_anchor.matching_text(word).values() for phrase in owned]
        assert {phrase.owner for phrase in anchored if phrase.owner in book._deciding} == looked_up.sure | {owner for owner, _ in looked_up.pending}, word
        assert {phrase for phrase in anchored if phrase.owner not in book._deciding} == set(looked_up.others), word
        found += bool(anchored)
    assert found > 100


def _phrases(book: Phrasebook) -> list[Phrase]:
    """Every phrase of the book, from its index by first part."""
    index = book._by_first
    listed = [*index._exact.values(), *index._adverbs.values(), *([phrase for _, phrase in pairs] for pairs in index._prefixed.values())]
    return [phrase for phrases in listed for phrase in phrases]


def test_bare_tokens_are_found_by_as_tokens_are(sentences):
    for sentence in [*sentences, "one another", "Each one counts, and one in ten will go", "the one the system chose"]:
        words = token_texts(sentence)
        bare = bare_tokens(sentence, words) if words is not None else None
        if bare is not None:
            assert [(token.text, token.pronoun, token.forms) for token in bare] == [
                (token.text, token.pronoun, token.forms) for token in tokens(sentence)], sentence


def test_no_entry_that_fires_is_left_out_by_the_look_at_the_whole_sentence(reading, sentences):
    # An entry that fires in a clause must be among those the whole sentence's phrases may fire; the look must
    # also leave out most candidates, or it would cost more than it saves.
    candidates = kept = 0
    for sentence in sentences:
        sentence_tokens = tokens(sentence)
        words = [token.text for token in sentence_tokens]
        deciding, present = reading.book.owners_near(words, deciding=True)
        chosen = reading._candidates(frozenset(deciding))
        firing = reading._may_fire(chosen, sentence_tokens, deciding, present)
        for kind in ("narrative", "policy"):
            assert {match.entry for match in reading.read(sentence, kind)} <= set(firing), sentence
        candidates, kept = candidates + len(chosen), kept + len(firing)
    assert kept < candidates


def test_a_clitic_is_a_word_of_its_own_and_a_possessive_only_after_a_name():
    # "you're" reads as "you are", so that a phrase such as "are too" finds it; after a name, "'s" is a possessive.
    assert [token.text for token in tokens("You\u2019re too blunt, she's aloof, I'm here and Sam's code, the team's")] == [
        "you", "are", "too", "blunt", ",", "she", "is", "aloof", ",", "i", "am", "here", "and", "sam", "'s", "code", ",",
        "the", "team"]
    assert [token.text for token in tokens("It's late. Let's go.")] == ["it", "is", "late", ".", "let", "go", "."]
    you, are = tokens("you're")
    assert (you.start, you.end) == (are.start, are.end) == (0, 6)  # both point at the word as written


def test_an_article_is_no_stray_word_inside_a_phrase():
    book = Phrasebook([parse_phrase("on call", "test")])
    assert [(hit.first, hit.last) for hit in book.find(tokens("she was on call"))] == [(2, 3)]
    assert book.find(tokens("thirty minutes on a call")) == []
    assert [(hit.first, hit.last) for hit in book.find(tokens("on every call"))] == [(0, 2)]  # another word may stand


def test_a_clause_word_before_a_preposition_opens_a_phrase_not_a_clause():
    # "while on holiday" and "because of" belong to the clause they stand in; "while we sleep" starts another.
    assert [[token.text for token in clause] for clause in clauses(tokens("she answers email while on holiday because of the rota"))] == [
        ["she", "answers", "email", "while", "on", "holiday", "because", "of", "the", "rota"]]
    assert [len(clause) for clause in clauses(tokens("she answers email while we sleep"))] == [3, 3]


def test_since_before_a_point_in_time_opens_a_phrase_not_a_clause():
    # "since last Sunday" dates what the clause says; "since we ship weekly" gives a reason in a clause of its own.
    assert [len(clause) for clause in clauses(tokens("top committer since last Sunday: 77 commits"))] == [8]
    assert [len(clause) for clause in clauses(tokens("twelve commits since 3 March"))] == [5]
    assert [len(clause) for clause in clauses(tokens("we count nothing since we ship weekly"))] == [3, 4]


def test_labels_before_a_colon_stay_with_the_figures_after_it():
    def cut(text: str) -> list[str]:
        return [" ".join(token.text for token in clause) for clause in clauses(tokens(text))]

    assert cut("Exceeds / Meets / Does not meet: 25/65/10") == ["exceeds / meets / does not meet : 25 / 65 / 10"]
    assert cut("Exceeds / Meets / Does not meet: see below") == ["exceeds / meets / does not meet", ": see below"]
    assert cut("We no longer rank the team by output: 10 people were upset") == ["we no longer rank the team by output : 10 people were upset"]


def _found(phrases: list[str], sentence: str) -> list[tuple[str, str]]:
    """Each phrase that matches in the sentence, with the words it matched."""
    book = Phrasebook([parse_phrase(text, text) for text in phrases])
    sentence_tokens = tokens(sentence)
    return [(hit.phrase.owner, hit.words(sentence, clause)) for clause in clauses(sentence_tokens) for hit in book.find(clause)]


def test_a_word_does_not_match_its_adverb():
    # An adverb says how something was done ("smiled sourly"), not what someone is ("sour").
    assert _found(["quiet", "sour"], "She spoke quietly and smiled sourly at the demo.") == []
    assert _found(["quiet", "sour"], "She is quiet and her mood is sour.") == [("quiet", "quiet"), ("sour", "sour")]
    # A phrase written as an adverb finds the adjective too; a "-ly" word of how often is an adjective.
    assert _found(["annually"], "An annual review, held annually.") == [("annually", "annual"), ("annually", "annually")]
    assert _found(["each quarter"], "Each quarterly review.") == [("each quarter", "Each quarterly")]
    assert _found(["friendly"], "A friend of mine, friendly.") == [("friendly", "friendly")]  # no adverb of "friend"
    assert _found(["quiet*"], "She spoke quietly.") == [("quiet*", "quietly")]  # a prefix still asks for every ending


def test_a_names_possessive_matches_a_possessive_and_is_passed_over_elsewhere():
    assert _found(["'s attitude"], "Kate's attitude changes often.") == [("'s attitude", "Kate's attitude")]
    assert _found(["'s attitude"], "Kate\u2019s attitude changes often.") == [("'s attitude", "Kate\u2019s attitude")]
    # A lowercase word's possessive, a contraction and a name without "'s" are no possessive of a name.
    for sentence in ("The team's attitude changed.", "It's attitude that matters.", "She's attitude, they said.",
                     "Kate attitude survey."):
        assert _found(["'s attitude"], sentence) == [], sentence
    # Other phrases read through a name's "'s" as before: "Sam's code review" is "Sam code review".
    assert _found(["team health", "sam code"], "Team's health and Sam's code.") == [
        ("team health", "Team's health"), ("sam code", "Sam's code")]


def test_a_word_is_letters_of_any_script_so_every_name_is_read_alike():
    # A word cut at its first accented letter lost the name's possessive: "Zoë's attitude" passed where "Zoe's" did not.
    for name in ("Zoe", "Zo\u00eb", "Jos\u00e9", "S\u00f8ren", "\u0141ucja", "\u00c9lodie", "\u674e\u5a1c", "Zoe\u0308"):  # the last decomposed
        assert _found(["'s attitude"], f"{name}\u2019s attitude changes often.") == [("'s attitude", f"{name}\u2019s attitude")], name
    assert token_texts("\u00dcberstunden z\u00e4hlen nicht.") == ["\u00fcberstunden", "z\u00e4hlen", "nicht", "."]
    assert _found(["\u00fcberstunden"], "Die \u00dcberstunden zählen nicht.") == [("\u00fcberstunden", "\u00dcberstunden")]


def test_words_written_with_a_hyphen_follow_each_other():
    for sentence in ("She is strong-willed.", "She is strong willed.", "She is Strong-Willed."):
        assert _found(["strong-willed"], sentence) == [("strong-willed", sentence[7:-1])], sentence
    # Without the hyphen a stray word may stand between; with it, none may.
    assert _found(["strong-willed"], "A strong work will carry us.") == []
    assert _found(["strong willed"], "A strong work will carry us.") == [("strong willed", "strong work will")]
    assert _found(["self-confiden*"], "She is self-confident, not self, confident.") == [("self-confiden*", "self-confident")]
    assert parse_phrase("strong-willed", "x").joined == frozenset({1})


def test_a_word_written_after_an_equals_sign_matches_only_as_written():
    # A past tense, where the ending is what matters: "=received" finds "received", never "receive" or "receives".
    assert _found(["=received exceeds"], "Ten people received Exceeds.") == [("=received exceeds", "received Exceeds")]
    for sentence in ("Ten people may receive Exceeds.", "She receives Exceeds.", "Receiving Exceeds."):
        assert _found(["=received exceeds"], sentence) == [], sentence
    # Every owner of such a phrase is near a sentence it matches, as the cheap look-up promises.
    book = Phrasebook([parse_phrase("=received", "exact")])
    assert book.owners_near(["they", "received"])[0] == {"exact"}
    assert book.owners_near(["they", "receive"])[0] == set()


def test_phrases_with_the_same_parts_share_them_and_keep_their_own_owner():
    # The kept rules hold each set of parts once, however many vocabularies and entries repeat the phrase.
    quota, signal = parse_phrase("Forced ranking", "entry:quota"), parse_phrase("forced ranking", "entry:signal")
    assert quota.parts is signal.parts and quota.needs is signal.needs and quota.needs == frozenset(quota.parts)
    assert (quota.owner, signal.owner) == ("entry:quota", "entry:signal")
    assert parse_phrase("strong-willed", "x").joined == frozenset({1}) and not quota.joined


def test_a_phrase_kept_and_loaded_again_is_the_same_phrase():
    phrase = parse_phrase("strong-willed", "entry:x")
    loaded = pickle.loads(pickle.dumps(phrase, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301 - its own bytes
    assert type(loaded) is type(phrase) and loaded == phrase and loaded.joined == frozenset({1})
