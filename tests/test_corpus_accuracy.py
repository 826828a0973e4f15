"""The guardrail rules' precision and recall on the labelled corpora stay at the figures in BENCHMARKS.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def measure(corpus: str, rule: str) -> dict:
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "bench" / "guardrail_accuracy.py"), str(PROJECT / "tests" / "corpus" / corpus), "--rule", rule, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


@pytest.mark.parametrize(
    ("corpus", "rule"),
    [
        ("quota.yaml", "quota"),
        ("quota_heldout.yaml", "quota"),
        ("banned_signal.yaml", "banned-signal"),
        ("banned_signal_heldout.yaml", "banned-signal"),
        ("banned_signal_heldout_2.yaml", "banned-signal"),
    ],
)
def test_precision_and_recall_are_at_least_0_95(corpus, rule):
    figures = measure(corpus, rule)
    assert figures["positives"] >= 30 and figures["negatives"] >= 30
    assert figures["precision"] >= 0.95, figures
    assert figures["recall"] >= 0.95, figures


# Former held-out sets that were tuned on but stay short of 0.95: they must not slip back.
@pytest.mark.parametrize(
    ("corpus", "rule", "precision", "recall"),
    [
        ("quota_heldout_2.yaml", "quota", 0.93, 0.49),
        ("quota_heldout_3.yaml", "quota", 0.94, 0.79),
        ("quota_heldout_4.yaml", "quota", 0.98, 0.82),
        ("banned_signal_heldout_4.yaml", "banned-signal", 0.98, 0.93),
    ],
)
def test_tuned_sets_keep_their_figures(corpus, rule, precision, recall):
    figures = measure(corpus, rule)
    assert figures["precision"] >= precision, figures
    assert figures["recall"] >= recall, figures
