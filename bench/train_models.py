"""Train the learned models that the guardrail rules ship (tooling/openrubric/rules/models/*.json).

Training data: every labelled corpus of the rule under tests/corpus (and tests/corpus/train) except the files
tests/corpus/training.yaml holds out; the other rule's corpora and this repository's own sentences are
added as negatives, so that ordinary review prose is seen too. Two linear models are fitted over the rule's
features (Bernoulli naive Bayes and logistic regression, from scikit-learn) and stored as one weight per
feature, which is all the rule needs to read a sentence.

Thresholds are chosen by leave-one-file-out cross-validation: each corpus file was written separately, so
scoring a file with models trained on the others estimates how the rule does on wording it has not seen.
The figures of each fold are printed and stored with the model.

    pip install scikit-learn   # training only; the rules themselves do not need it
    python bench/train_models.py quota
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import BernoulliNB

from corpora import CORPORA, MANIFEST, training_files
from openrubric import prose
from openrubric.content import Content
from openrubric.repository import Repository
from openrubric.rules import banned_signal, quota

PROJECT = Path(__file__).resolve().parent.parent
MODELS = PROJECT / "tooling" / "openrubric" / "rules" / "models"
BAYES_THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98)
LOGISTIC_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)
REPOSITORY_WEIGHT = 4.0
GATE_RECALL = 0.995  # the share of positive statements (in cross-validation) the cheap gate lets through


@dataclass(frozen=True)
class Statement:
    text: str
    positive: bool
    source: str  # the corpus file, or "repository" / "other rule" for added negatives


@dataclass(frozen=True)
class RuleAdapter:
    features: Callable[[str], list[str]]
    detected: Callable[[str], bool]  # whether the rule's own detectors fire
    refuses: Callable[[str], bool]  # whether the sentence disowns or negates what the model might report


def adapter(rule: str, content: Content) -> RuleAdapter:
    if rule == "quota":
        vocabulary = quota.reader(content)
        assert vocabulary is not None
        return RuleAdapter(
            lambda text: quota.model_features(text, vocabulary),
            lambda text: quota._detected(text, vocabulary, None) is not None,
            lambda text: quota.refuses(text, vocabulary),
        )
    if rule == "banned-signal":
        signals = banned_signal.reader(content)
        assert signals is not None
        return RuleAdapter(
            banned_signal.model_features,
            lambda text: banned_signal.banned_signal_in(prose.Sentence(text, 1, 1, prose.VISIBLE), signals) is not None,
            lambda text: banned_signal.refuses(text, signals),
        )
    raise SystemExit(f"no learned model for rule {rule!r}")


def statements(rule: str, content: Content) -> list[Statement]:
    positive = MANIFEST[rule]["positive"]
    found = []
    for path in training_files(rule):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = str(path.relative_to(CORPORA))
        found += [Statement(item["text"], True, source) for item in data[positive]]
        found += [Statement(item["text"], False, source) for item in data["legitimate"]]
    for other in MANIFEST:
        if other != rule:
            for path in training_files(other):
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                found += [Statement(item["text"], False, "other rule") for items in data.values() for item in items]
    found += [Statement(text, False, "repository") for text in repository_sentences(content)]
    return found


def repository_sentences(content: Content) -> list[str]:
    """This repository's own prose, which must pass; the guardrails' vocabulary is not prose."""
    texts = []
    for document in content.documents.values():
        if document.readable:
            texts += [s.text for s in prose.sentences(document) if not (s.key_path and not quota.NOT_PROSE.isdisjoint(s.key_path))]
    return texts


@dataclass(frozen=True)
class Fitted:
    vectorizer: CountVectorizer
    bayes: BernoulliNB
    logistic: LogisticRegression
    gate_vectorizer: CountVectorizer
    gate: LogisticRegression  # over a sentence's plain words only: cheap enough to run on every sentence

    def scores(self, texts: list[str], features: dict[str, list[str]]) -> list[tuple[float, float, float]]:
        """(naive Bayes probability, logistic probability, gate score) of each text."""
        matrix = self.vectorizer.transform([features[text] for text in texts])
        gate = self.gate.decision_function(self.gate_vectorizer.transform([plain_words(text) for text in texts]))
        return list(zip(self.bayes.predict_proba(matrix)[:, 1], self.logistic.predict_proba(matrix)[:, 1], gate))


def plain_words(text: str) -> list[str]:
    """The words the gate reads: those every rule already has for a sentence (``prose.Sentence.words``)."""
    return sorted(prose.plain_words(text))


def fit(data: list[Statement], features: dict[str, list[str]]) -> Fitted:
    labels = [s.positive for s in data]
    vectorizer = CountVectorizer(analyzer=lambda features: features, binary=True, min_df=2)
    matrix = vectorizer.fit_transform([features[s.text] for s in data])
    gate_vectorizer = CountVectorizer(analyzer=lambda features: features, binary=True, min_df=2)
    gate_matrix = gate_vectorizer.fit_transform([plain_words(s.text) for s in data])
    # This repository's own sentences are what the rules must pass above all: they count several times.
    weights = [REPOSITORY_WEIGHT if s.source == "repository" else 1.0 for s in data]
    return Fitted(
        vectorizer,
        BernoulliNB(alpha=0.2).fit(matrix, labels, sample_weight=weights),
        LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced").fit(matrix, labels, sample_weight=weights),
        gate_vectorizer,
        LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced").fit(gate_matrix, labels, sample_weight=weights),
    )


@dataclass(frozen=True)
class Thresholds:
    gate: float
    bayes: float
    logistic: float


def flagged(detected: bool | None, scores: tuple[float, float, float], thresholds: Thresholds) -> bool:
    """The rule's decision, as quota_reason makes it: past the gate, a detector's finding or a sure naive
    Bayes where the sentence does not refuse (``detected`` None), confirmed by logistic regression."""
    bayes, logistic, gate = scores
    model_alone = detected is False and bayes > thresholds.bayes
    return gate > thresholds.gate and (detected is True or model_alone) and logistic > thresholds.logistic


def cross_validate(data: list[Statement], features: dict[str, list[str]]) -> dict[str, list]:
    """For each corpus file, the scores of its statements under models fitted without it."""
    folds = {}
    for source in sorted({s.source for s in data if s.positive}):
        test = [s for s in data if s.source == source]
        fitted = fit([s for s in data if s.source != source], features)
        folds[source] = list(zip(test, fitted.scores([s.text for s in test], features)))
    return folds


def figures(fold: list, detected: dict[str, bool | None], thresholds: Thresholds) -> tuple[float, float]:
    decisions = [(flagged(detected[s.text], scores, thresholds), s.positive) for s, scores in fold]
    true_positives = sum(d and p for d, p in decisions)
    return true_positives / max(sum(d for d, _ in decisions), 1), true_positives / max(sum(p for _, p in decisions), 1)


def choose_thresholds(folds: dict[str, list], detected: dict[str, bool | None]) -> Thresholds:
    """The gate lets GATE_RECALL of the positives through; then the pair of thresholds that maximises the
    mean over files of the smaller of precision and recall."""
    positives = sorted(scores[2] for fold in folds.values() for s, scores in fold if s.positive)
    gate = round(float(positives[int((1 - GATE_RECALL) * len(positives))]) - 0.01, 2)

    def quality(thresholds: Thresholds) -> float:
        return sum(min(figures(fold, detected, thresholds)) for fold in folds.values()) / len(folds)

    return max((Thresholds(gate, b, l) for b in BAYES_THRESHOLDS for l in LOGISTIC_THRESHOLDS), key=quality)


def linear_weights(fitted: Fitted) -> tuple[dict, list[float]]:
    """Both models as a weight per present feature plus an intercept (log-odds of the positive class).

    Bernoulli naive Bayes scores absent features too; folding log(1 - p) of every feature into the
    intercept leaves a weight for present features only."""
    log_p = fitted.bayes.feature_log_prob_  # shape (2, features): log P(feature present | class)
    log_not_p = [[math.log1p(-math.exp(value)) for value in row] for row in log_p]
    bayes_intercept = fitted.bayes.class_log_prior_[1] - fitted.bayes.class_log_prior_[0] + sum(log_not_p[1]) - sum(log_not_p[0])
    weights = {}
    for feature, index in fitted.vectorizer.vocabulary_.items():
        bayes_weight = (log_p[1][index] - log_not_p[1][index]) - (log_p[0][index] - log_not_p[0][index])
        weights[feature] = [round(float(bayes_weight), 4), round(float(fitted.logistic.coef_[0][index]), 4)]
    return dict(sorted(weights.items())), [round(float(bayes_intercept), 4), round(float(fitted.logistic.intercept_[0]), 4)]


def gate_weights(fitted: Fitted) -> dict[str, float]:
    coefficients = fitted.gate.coef_[0]
    return {word: round(float(coefficients[index]), 4) for word, index in sorted(fitted.gate_vectorizer.vocabulary_.items())}


def fingerprint(rule: str) -> dict[str, str]:
    """What the model was trained on, so a test can tell when a corpus changed without retraining."""
    paths = [path for name in MANIFEST for path in training_files(name)]
    return {str(path.relative_to(CORPORA)): hashlib.sha256(path.read_bytes()).hexdigest()[:16] for path in sorted(paths)}


def as_json(model: dict) -> str:
    """Indented JSON with one weight a line, so that retraining shows as a readable diff."""
    head = json.dumps({key: value for key, value in model.items() if key not in ("weights", "gate_weights")}, indent=2)
    parts = [head[:-2]]
    for key in ("gate_weights", "weights"):
        lines = [f"    {json.dumps(feature)}: {json.dumps(value)}" for feature, value in model[key].items()]
        parts.append(f'  "{key}": {{\n' + ",\n".join(lines) + "\n  }")
    return ",\n".join(parts) + "\n}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rule", choices=sorted(MANIFEST))
    args = parser.parse_args()

    content = Content.load(Repository(PROJECT), None)
    rule = adapter(args.rule, content)
    data = statements(args.rule, content)
    features = {s.text: rule.features(s.text) for s in data}
    # What the detectors make of each statement: found, refused (the model may not report it) or neither.
    detected = {s.text: True if rule.detected(s.text) else (None if rule.refuses(s.text) else False) for s in data}

    folds = cross_validate(data, features)
    thresholds = choose_thresholds(folds, detected)
    report = {source: [round(value, 3) for value in figures(fold, detected, thresholds)] for source, fold in folds.items()}
    for source, (precision, recall) in report.items():
        print(f"  {source:45} precision {precision:.3f} recall {recall:.3f}  (trained without this file)")

    fitted = fit(data, features)
    weights, intercepts = linear_weights(fitted)
    # A few statements with scikit-learn's own scores, for a test that the rule's reading agrees.
    samples = [s.text for s in data if s.positive][:5] + [s.text for s in data if not s.positive][:5]
    examples = [[text, *(round(float(score), 4) for score in scores)] for text, scores in zip(samples, fitted.scores(samples, features))]
    model = {
        "rule": args.rule,
        "command": f"python bench/train_models.py {args.rule}",
        "thresholds": {"gate": thresholds.gate, "bayes": thresholds.bayes, "logistic": thresholds.logistic},
        "statements": {"positive": sum(s.positive for s in data), "negative": sum(not s.positive for s in data)},
        "cross_validation": report,
        "trained_on": fingerprint(args.rule),
        "examples": examples,
        "gate_intercept": round(float(fitted.gate.intercept_[0]), 4),
        "intercepts": intercepts,
        "gate_weights": gate_weights(fitted),
        "weights": weights,
    }
    MODELS.mkdir(exist_ok=True)
    (MODELS / f"{args.rule.replace('-', '_')}.json").write_text(as_json(model), encoding="utf-8")
    print(f"{args.rule}: gate > {thresholds.gate}, naive Bayes > {thresholds.bayes}, logistic > {thresholds.logistic}; "
          f"{len(weights)} features; {model['statements']['positive']} positive and {model['statements']['negative']} negative statements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
