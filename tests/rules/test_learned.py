"""The learned models behind `quota` and `banned-signal`: shipped fresh, read as scikit-learn reads them,
and heard in real checks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from corpora import CORPORA, MANIFEST, held_out_files, training_files

from openrubric import prose
from openrubric.content import Content
from openrubric.repository import Repository
from openrubric.rules import banned_signal, learned, quota

PROJECT = Path(__file__).resolve().parents[2]
MODELS = PROJECT / "tooling" / "openrubric" / "rules" / "models"


@pytest.mark.parametrize("name", ["quota", "banned_signal"])
def test_each_model_was_trained_on_the_corpora_as_they_are_now(name):
    """Editing a corpus without running bench/train_models.py would leave the rule reading an old model."""
    model = json.loads((MODELS / f"{name}.json").read_text(encoding="utf-8"))
    current = {str(path.relative_to(CORPORA)): hashlib.sha256(path.read_bytes()).hexdigest()[:16] for rule in MANIFEST for path in training_files(rule)}
    assert model["trained_on"] == current, f"retrain: python bench/train_models.py {model['rule']}"


def test_held_out_corpora_are_never_trained_on():
    held_out = {path.name for rule in MANIFEST for path in held_out_files(rule)}
    assert {"quota_heldout_9.yaml", "quota_heldout_10.yaml", "banned_signal_heldout_8.yaml"} <= held_out
    for name in ("quota", "banned_signal"):
        model = json.loads((MODELS / f"{name}.json").read_text(encoding="utf-8"))
        assert held_out.isdisjoint(Path(path).name for path in model["trained_on"])


@pytest.fixture(scope="module")
def content() -> Content:
    return Content.load(Repository(PROJECT), None)


@pytest.mark.parametrize(
    ("name", "features"),
    [
        ("quota", lambda text, content: quota.model_features(text, quota.reader(content))),
        ("banned_signal", lambda text, content: banned_signal.model_features(text)),
    ],
)
def test_the_rule_reads_a_sentence_as_training_scored_it(name, features, content):
    """The trainer scores statements through the same features and the same rounded weights the rule reads."""
    model = learned.load(name)
    examples = json.loads((MODELS / f"{name}.json").read_text(encoding="utf-8"))["examples"]
    assert len(examples) == 10
    for text, probability, gate in examples:
        assert model.read(features(text, content)).probability == pytest.approx(probability, abs=1e-4), text
        assert model.gate_score(prose.plain_words(text)) == pytest.approx(gate, abs=1e-4), text


def append_line(repo, path: str, text: str) -> int:
    existing = repo.read(path)
    repo.write(path, existing + text + "\n")
    return existing.count("\n") + 1


def test_a_quota_no_detector_knows_is_reported_with_the_models_cues(repo, check):
    """A nudge with no number, cap or curve in it: only the model reads it as steering toward a spread."""
    nudge = "Heads-up for leads: the roll-up looks odd when a team has zero Approaching expectations, so take a second look before you submit."
    line = append_line(repo, "policy/policy.md", f"\n{nudge}")

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"], result.status) == ("quota", "policy/policy.md", line + 1, 1)
    assert finding["message"].startswith("reads as a quota to the model learned from the labelled corpus (cues: ")


def test_a_banned_signal_no_pattern_knows_is_reported(repo, check):
    """Presence as seen by a manager, with none of the signal's phrases in it."""
    remark = "She is mostly remote and nobody really sees her, so I would keep her at Meets until she shows up more."
    line = append_line(repo, "narratives/templates/review.md", f"{{# {remark} #}}")

    [finding] = check().findings

    assert (finding["rule"], finding["path"], finding["line"]) == ("banned-signal", "narratives/templates/review.md", line)
    assert "the model learned from the labelled corpus" in finding["message"]


def test_the_policys_own_prohibitions_stay_clean_under_both_models(repo, check):
    for sentence in (
        "We never ask a team to produce a share of low ratings, and nobody is told how many Exceeds to give.",
        "Nobody is rated on how fast they answer Zulip pings or on how late they stay online.",
    ):
        append_line(repo, "policy/policy.md", f"\n{sentence}")

    assert check().findings == []


def test_ordinary_narratives_stay_clean(tmp_path, monkeypatch, capsys):
    """The benchmark's generated narratives: hundreds of ordinary review sentences about named engineers,
    which no model may read as a quota or a judgement by a banned signal."""
    from check_benchmark import generate

    from openrubric import cli

    generate(tmp_path / "org", 400)
    monkeypatch.chdir(tmp_path / "org")
    capsys.readouterr()
    status = cli.main(["check", "--format", "json"])

    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert status == 0
