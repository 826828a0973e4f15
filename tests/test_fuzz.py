"""bench/fuzz.py over a slice of mutated repositories: no crash, hang or invalid output from any command.

CI runs a bounded slice; the full run is opt-in: ``OPENRUBRIC_FUZZ_REPOS=10000 pytest tests/test_fuzz.py``
(``OPENRUBRIC_FUZZ_SEED`` picks another seed). Each failure is written to bench/out/ with how to replay it.
"""

from __future__ import annotations

import os
import time

import fuzz
import pytest

from openrubric import formatters

SLICE = 50
SEED = int(os.environ.get("OPENRUBRIC_FUZZ_SEED", "20261204"))
JOBS = len(os.sched_getaffinity(0))


def fuzz_and_report(repos: int, options: fuzz.Options) -> fuzz.Summary:
    summary = fuzz.run(repos, options, jobs=JOBS)
    if summary.failed or summary.harness_problems:
        summary.write(fuzz.OUT / f"seed-{options.seed}")
    return summary


@pytest.mark.slow
def test_a_slice_of_mutated_repositories_gets_no_crash_hang_or_invalid_output():
    options = fuzz.Options(seed=SEED, site_every=SLICE)

    summary = fuzz_and_report(SLICE, options)

    assert summary.failed == 0, summary.text()
    assert summary.harness_problems == [], summary.harness_problems[0][1]
    assert summary.cases_done == SLICE
    assert summary.commands["site build"] == 1
    assert sum(summary.commands.values()) >= SLICE * 14  # every command, on every repository


@pytest.mark.slow
@pytest.mark.skipif("OPENRUBRIC_FUZZ_REPOS" not in os.environ, reason="the full run is opt-in: set OPENRUBRIC_FUZZ_REPOS")
def test_the_full_run_gets_no_crash_hang_or_invalid_output():
    options = fuzz.Options(seed=SEED)

    summary = fuzz_and_report(int(os.environ["OPENRUBRIC_FUZZ_REPOS"]), options)

    assert summary.failed == 0, summary.text()


@pytest.mark.slow
def test_the_fuzzer_counts_what_the_last_resort_net_hides_hangs_and_invalid_json(monkeypatch, tmp_path):
    def broken(report):
        raise ValueError("a simulated bug")

    def not_json(report):
        return '{"findings": NaN}'

    def slow(report):
        time.sleep(30)
        return ""

    monkeypatch.setitem(formatters.FORMATTERS, "github", broken)
    monkeypatch.setitem(formatters.FORMATTERS, "json", not_json)
    monkeypatch.setitem(formatters.FORMATTERS, "text", slow)
    options = fuzz.Options(seed=SEED, site_every=0, timeout=1.0)

    summary = fuzz.run(1, options, jobs=1)
    summary.write(tmp_path)

    signatures = {signature for _, signature in summary.signature_counts}
    assert any(signature.startswith("ValueError reached the last-resort net at") and "broken" in signature for signature in signatures), signatures
    assert any(signature.startswith("json output that does not parse (NaN is not JSON)") for signature in signatures), signatures
    assert any(signature.startswith("hang in check") for signature in signatures), signatures
    written = {path.name.split("-")[0] for path in tmp_path.iterdir()}
    assert written == {"crash", "invalid", "hang", "summary.txt"}
    crash = next(path for path in tmp_path.iterdir() if path.name.startswith("crash")).read_text()
    assert "a simulated bug" in crash and "Traceback (most recent call last)" in crash and "replay: python bench/fuzz.py" in crash
