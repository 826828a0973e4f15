"""What the snippet tests of the guardrail reading share: this repository's guardrail entries, compiled once."""

from __future__ import annotations

from pathlib import Path

import pytest

from openrubric.loading import load_document
from openrubric.rules.reading import compile_reading

PROJECT = Path(__file__).resolve().parents[2]
SCALE = ["below", "Below expectations", "approaching", "Approaching expectations", "meets", "Meets expectations", "exceeds", "Exceeds expectations"]


@pytest.fixture(scope="module")
def reading():
    guardrails = load_document(PROJECT, "policy/guardrails.yaml", kind="guardrails", syntax="yaml")
    return compile_reading(guardrails.data, SCALE)
