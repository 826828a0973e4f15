from __future__ import annotations

from openrubric import cli
from openrubric.registry import RULES


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
    assert "no rule or guardrail entry named 'no-such-rule'" in capsys.readouterr().err


def test_explain_of_a_guardrail_rule_lists_its_entries_from_the_repository(capsys):
    assert cli.main(["explain", "quota"]) == 0
    out = capsys.readouterr().out
    assert "## Entries in policy/guardrails.yaml" in out
    assert "- `share-of-a-rating` (error): ties a share or count of people to a rating or an outcome" in out


def test_explain_of_an_entry_shows_its_phrases_frames_and_vocabularies(capsys):
    assert cli.main(["explain", "share-of-a-rating"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# share-of-a-rating (quota, in policy/guardrails.yaml)")
    assert "Or, in one clause, a word from each of: limit + share + outcome" in out
    assert "- limit: no more than," in out
    assert "Never when its statement (up to a semicolon) has a word of systems:" in out


def test_explain_of_a_term_says_a_negation_does_not_stop_it_and_names_the_shared_stance(capsys):
    assert cli.main(["explain", "biased-abrasive"]) == 0
    out = capsys.readouterr().out
    assert "Never when its statement (up to a semicolon) has a word of word_talk:" in out  # guardrail_rules.terms.unless
    assert "a negation does not stop it" in out
    assert cli.main(["explain", "personality-attributed"]) == 0
    assert "Or, in one clause, a word from each of: perceived + personality" in capsys.readouterr().out


def test_explain_shows_the_level_an_entry_sets_for_itself_and_for_the_rule(repo, capsys, monkeypatch):
    repo.replace("policy/guardrails.yaml", "    - id: share-of-a-rating\n", "    - id: share-of-a-rating\n      level: warning\n")
    monkeypatch.chdir(repo.root)

    assert cli.main(["explain", "share-of-a-rating"]) == 0
    assert "Level: warning (set by the entry)." in capsys.readouterr().out
    assert cli.main(["explain", "quota"]) == 0
    out = capsys.readouterr().out
    assert "- `share-of-a-rating` (warning): " in out and "- `distribution-scheme` (error): " in out
    assert cli.main(["explain", "rating-budget"]) == 0
    assert "Level: error (the severity of quota; `level:` on the entry changes it)." in capsys.readouterr().out
