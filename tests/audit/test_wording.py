"""The audit's own wording passes the guardrails: read with the repository's quota entries as `check` reads a
policy page, no sentence of any report proposes a share, a curve or a target for a rating."""

from __future__ import annotations

import re

import pytest
from audit_support import PROJECT

from openrubric import prose
from openrubric.content import Content
from openrubric.loading import document_from_bytes
from openrubric.repository import Repository
from openrubric.rules.guardrails import reading_of


@pytest.fixture(scope="module")
def reading():
    return reading_of(Content.load(Repository(PROJECT), []))


def matches(reading, markdown: str) -> list[str]:
    """Every guardrail entry that fires on ``markdown`` read as a page of the policy."""
    document = document_from_bytes("policy/audit.md", f"---\ntitle: Audit\n---\n{markdown}".encode(), kind="policy", syntax="markdown")
    found = []
    for sentence in prose.sentences(document):
        found += [f"{match.entry.rule} {match.entry.id}: {sentence.text}" for match in reading.read(sentence.text, "policy")]
    return found


def prose_of_text(report: str) -> str:
    """The paragraphs of a text report, without its tables (a header over a ruled line) and title rules:
    read as Markdown, a plain-text table would run together into one long sentence of figures."""
    blocks = [block.splitlines() for block in report.split("\n\n")]
    kept = [[line for line in block if not re.fullmatch(r"=+", line)] for block in blocks if not (len(block) > 1 and re.fullmatch(r"-+(  -+)*", block[1]))]
    return "\n\n".join("\n".join(block) for block in kept)


@pytest.mark.parametrize("publishable", [False, True])
def test_no_report_sentence_fires_a_guardrail(reading, reports, publishable):
    """Markdown whole, tables included (the reading knows a table); the text report's paragraphs."""
    assert matches(reading, reports["markdown", publishable].out) == []
    assert matches(reading, prose_of_text(reports["text", publishable].out)) == []


def test_the_reading_would_catch_a_report_that_proposed_a_target(reading):
    """The same reading on a sentence an audit must never write: the test above can fail."""
    assert matches(reading, "Calibration should move ratings down until no more than 15% exceed expectations.\n")
