"""The guardrail verdicts kept by sentence text: bounded, and the sentences that keep coming back stay kept."""

from __future__ import annotations

from openrubric.rules import guardrails


class _CountingReading:
    def __init__(self) -> None:
        self.read_texts: list[str] = []

    def read(self, text: str, kind: str) -> list:
        self.read_texts.append(text)
        return []


def test_a_sentence_that_keeps_coming_back_is_read_once_and_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(guardrails, "_CACHE_LIMIT", 10)
    counting = _CountingReading()
    kept = guardrails._CachedReading(counting)  # type: ignore[arg-type]
    for number in range(200):  # a template's sentence in every draft, between many distinct ones
        kept.read("The template's own sentence.", "narrative")
        kept.read(f"A distinct answer number {number}.", "narrative")
        assert len(kept.verdicts) <= 10 and len(kept.older) <= 10
    assert counting.read_texts.count("The template's own sentence.") == 1
    assert len(counting.read_texts) == 201  # every distinct sentence once


def test_a_kept_verdict_is_the_reading_of_its_own_text_and_kind(monkeypatch):
    monkeypatch.setattr(guardrails, "_CACHE_LIMIT", 3)

    class Echo:
        def read(self, text: str, kind: str) -> list:
            return [(text, kind)]

    kept = guardrails._CachedReading(Echo())  # type: ignore[arg-type]
    for text in "abcdeabcdeedcba":
        for kind in ("narrative", "policy"):
            assert kept.read(text, kind) == ((text, kind),)
