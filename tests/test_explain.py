from __future__ import annotations

from openrubric import cli
from openrubric.rules import RULES


def test_rules_lists_every_rule_with_severity(capsys):
    assert cli.main(["rules"]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == len(RULES)
    assert any(line.split()[:2] == ["quota", "error"] for line in out.splitlines())
    assert any(line.split()[:2] == ["biased-language", "warning"] for line in out.splitlines())


def test_explain_prints_the_documented_sections(capsys):
    assert cli.main(["explain", "banned-signal"]) == 0
    out = capsys.readouterr().out
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in out


def test_explain_of_an_unknown_rule_is_a_usage_error(capsys):
    assert cli.main(["explain", "no-such-rule"]) == 2
    assert "no rule named 'no-such-rule'" in capsys.readouterr().err
