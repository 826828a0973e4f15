"""The guardrail rules' precision and recall on the labelled corpora stay at the figures in BENCHMARKS.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("corpus", "rule"),
    [("quota.yaml", "quota"), ("quota_heldout.yaml", "quota"), ("banned_signal.yaml", "banned-signal")],
)
def test_precision_and_recall_are_at_least_0_95(corpus, rule):
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "bench" / "guardrail_accuracy.py"), str(PROJECT / "tests" / "corpus" / corpus), "--rule", rule, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(completed.stdout)
    assert figures["positives"] >= 30 and figures["negatives"] >= 30
    assert figures["precision"] >= 0.95, figures
    assert figures["recall"] >= 0.95, figures
