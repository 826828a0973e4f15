"""How the history page tells a change to the guardrail rules' reading, from two snapshots of real content."""

from __future__ import annotations

import re
from pathlib import Path

from openrubric.semantic_diff import changes
from openrubric.site.change_sentences import sentences
from openrubric.snapshots import parse_files

GUARDRAILS = Path(__file__).resolve().parents[2] / "policy" / "guardrails.yaml"


def told(edit) -> list[str]:  # type: ignore[no-untyped-def]
    text = GUARDRAILS.read_text(encoding="utf-8")
    before, after = parse_files({"policy/guardrails.yaml": text.encode()}), parse_files({"policy/guardrails.yaml": edit(text).encode()})
    return [sentence.text for sentence in sentences(changes(before, after), before, after)]


def test_an_added_exception_list_says_what_it_lets_through():
    entry = "      says: judges people by their hours or presence\n      unless: ["
    said = told(lambda text: text.replace(entry, f"{entry}discussion, ", 1))

    assert said == ['Added 1 word list that keeps *hours and presence* from firing when a sentence holds one of its words: “discussion”']


def test_turning_negation_back_on_for_every_term_is_told_as_such():
    said = told(lambda text: re.sub(r"(  terms:\n    unless: \[.*\]\n)    negation: false\n", r"\1", text, count=1))

    assert said == ["Every biased-language term no longer fires where its words are negated"]


def test_an_entry_that_stops_reading_the_policy_says_which_files_it_reads_now():
    said = told(lambda text: text.replace("      signal: hours-worked\n", "      signal: hours-worked\n      documents: [narrative]\n", 1))

    assert said == ["*hours and presence* now reads narrative (was every kind of file)"]


def test_an_added_exception_is_told_as_added():
    # The change's kind and its sentence agree: an exception added is "added", and it loosens.
    said = told(lambda text: text.replace("      exceptions: [on-call, on call,", "      exceptions: [flexible hours, on-call, on call,", 1))

    assert said == ['Added 1 exception to *chat responsiveness*, so a clause holding one is not caught: “flexible hours”']


def test_a_new_reply_that_turns_a_question_down_is_told_as_such():
    said = told(lambda text: text.replace("    answer: [certainly not,", "    answer: [no way, certainly not,", 1))

    assert said == ["Added 1 short reply that turns down the question before it: “no way”"]
