"""`narrative score --format json` prints JSON or nothing: never NaN or Infinity, never a traceback."""

from __future__ import annotations

import json

import pytest

from openrubric import cli

EXAMPLE = "narratives/examples/review-avery-okafor.md"


def score(repo, capsys, monkeypatch) -> tuple[int, str, str]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(["narrative", "score", EXAMPLE, "--format", "json"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def strict_json(text: str) -> object:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_the_score_is_strict_json(repo, capsys, monkeypatch):
    status, out, _ = score(repo, capsys, monkeypatch)

    assert status == 0
    assert strict_json(out)["composite"] == pytest.approx(3.25)  # L4: (3*40 + 4*25 + 3*20 + 3*15) / 100


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e999"])
def test_a_scale_value_that_is_not_finite_gets_no_score(repo, capsys, monkeypatch, value):
    repo.replace("rubrics/rubric.yaml", "value: 3\n", f"value: {value}\n")

    status, out, err = score(repo, capsys, monkeypatch)

    assert (status, out) == (1, "")
    assert "the rubric has errors" in err and "Traceback" not in err


def test_finite_values_whose_composite_overflows_get_no_score(repo, capsys, monkeypatch):
    # Each value is a finite double and the scale is in order, but 1e307 * 40 is not finite.
    for old, new in ((1, "1e305"), (2, "1e306"), (3, "1e307"), (4, "1.5e307")):
        repo.replace("rubrics/rubric.yaml", f"value: {old}\n", f"value: {new}\n")

    status, out, err = score(repo, capsys, monkeypatch)

    assert (status, out) == (1, "")
    assert "too large to be a finite number" in err and "rubrics/rubric.yaml" in err
