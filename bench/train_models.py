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
from openrubric.rules import banned_signal, learned, quota

PROJECT = Path(__file__).resolve().parent.parent
MODELS = PROJECT / "tooling" / "openrubric" / "rules" / "models"
BAYES_THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98)
LOGISTIC_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)


@dataclass(frozen=True)
class Statement:
    text: str
    positive: bool
    source: str  # the corpus file, or "repository" / "other rule" for added negatives


@dataclass(frozen=True)
class RuleAdapter:
    features: Callable[[str], list[str]]
    detected: Callable[[str], bool]  # whether the rule's own detectors fire


def adapter(rule: str, content: Content) -> RuleAdapter:
    if rule == "quota":
        vocabulary = quota.reader(content)
        assert vocabulary is not None
        return RuleAdapter(lambda text: quota.model_features(text, vocabulary), lambda text: quota._detected(text, vocabulary, None) is not None)
    if rule == "banned-signal":
        signals = banned_signal.reader(content)
        assert signals is not None
        return RuleAdapter(
            lambda text: banned_signal.model_features(text, signals),
            lambda text: banned_signal.banned_signal_in(prose.Sentence(text, 1, 1, prose.VISIBLE), signals) is not None,
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


def fit(texts: list[list[str]], labels: list[bool]) -> tuple[CountVectorizer, BernoulliNB, LogisticRegression]:
    vectorizer = CountVectorizer(analyzer=lambda features: features, binary=True, min_df=2)
    matrix = vectorizer.fit_transform(texts)
    bayes = BernoulliNB(alpha=0.2).fit(matrix, labels)
    logistic = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced").fit(matrix, labels)
    return vectorizer, bayes, logistic


def flagged(detected: bool, bayes: float, logistic: float, thresholds: tuple[float, float]) -> bool:
    """The rule's decision, as quota_reason makes it: a detector or a sure naive Bayes, confirmed by logistic."""
    return (detected or bayes > thresholds[0]) and logistic > thresholds[1]


def cross_validate(data: list[Statement], features: dict[str, list[str]], detected: dict[str, bool]) -> dict[str, list]:
    """For each corpus file, the held-out probabilities of its statements under models fitted without it."""
    folds = {}
    for source in sorted({s.source for s in data if s.positive}):
        train = [s for s in data if s.source != source]
        test = [s for s in data if s.source == source]
        vectorizer, bayes, logistic = fit([features[s.text] for s in train], [s.positive for s in train])
        matrix = vectorizer.transform([features[s.text] for s in test])
        folds[source] = list(zip(test, bayes.predict_proba(matrix)[:, 1], logistic.predict_proba(matrix)[:, 1]))
    return folds


def figures(fold: list, detected: dict[str, bool], thresholds: tuple[float, float]) -> tuple[float, float]:
    decisions = [(flagged(detected[s.text], b, l, thresholds), s.positive) for s, b, l in fold]
    true_positives = sum(d and p for d, p in decisions)
    return true_positives / max(sum(d for d, _ in decisions), 1), true_positives / max(sum(p for _, p in decisions), 1)


def choose_thresholds(folds: dict[str, list], detected: dict[str, bool]) -> tuple[float, float]:
    """The pair that maximises the mean over files of the smaller of precision and recall."""
    def quality(thresholds: tuple[float, float]) -> float:
        return sum(min(figures(fold, detected, thresholds)) for fold in folds.values()) / len(folds)

    return max(((b, l) for b in BAYES_THRESHOLDS for l in LOGISTIC_THRESHOLDS), key=quality)


def linear_weights(vectorizer: CountVectorizer, bayes: BernoulliNB, logistic: LogisticRegression) -> tuple[dict, list[float]]:
    """Both models as a weight per present feature plus an intercept (log-odds of the positive class).

    Bernoulli naive Bayes scores absent features too; folding log(1 - p) of every feature into the
    intercept leaves a weight for present features only."""
    log_p = bayes.feature_log_prob_  # shape (2, features): log P(feature present | class)
    log_not_p = [[math.log1p(-math.exp(value)) for value in row] for row in log_p]
    bayes_intercept = bayes.class_log_prior_[1] - bayes.class_log_prior_[0] + sum(log_not_p[1]) - sum(log_not_p[0])
    weights = {}
    for feature, index in vectorizer.vocabulary_.items():
        bayes_weight = (log_p[1][index] - log_not_p[1][index]) - (log_p[0][index] - log_not_p[0][index])
        weights[feature] = [round(float(bayes_weight), 4), round(float(logistic.coef_[0][index]), 4)]
    return dict(sorted(weights.items())), [round(float(bayes_intercept), 4), round(float(logistic.intercept_[0]), 4)]


def gate(data: list[Statement], features: dict[str, list[str]], weights: dict, intercept: float) -> float:
    """A logistic score of words alone that every positive statement clears with a margin: below it, the
    rule skips a sentence before computing its tags."""
    def words_only(statement: Statement) -> float:
        return intercept + sum(weights[f][1] for f in set(features[statement.text]) if f in weights and not f.startswith(learned.TAG))

    return round(min(words_only(s) for s in data if s.positive) - 1.0, 2)


def fingerprint(rule: str) -> dict[str, str]:
    """What the model was trained on, so a test can tell when a corpus changed without retraining."""
    paths = [path for name in MANIFEST for path in training_files(name)]
    return {str(path.relative_to(CORPORA)): hashlib.sha256(path.read_bytes()).hexdigest()[:16] for path in sorted(paths)}


def as_json(model: dict) -> str:
    """Indented JSON with one weight a line, so that retraining shows as a readable diff."""
    head = json.dumps({key: value for key, value in model.items() if key != "weights"}, indent=2)
    lines = [f"    {json.dumps(feature)}: {json.dumps(pair)}" for feature, pair in model["weights"].items()]
    return head[:-2] + ',\n  "weights": {\n' + ",\n".join(lines) + "\n  }\n}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rule", choices=sorted(MANIFEST))
    args = parser.parse_args()

    content = Content.load(Repository(PROJECT), None)
    rule = adapter(args.rule, content)
    data = statements(args.rule, content)
    features = {s.text: rule.features(s.text) for s in data}
    detected = {s.text: rule.detected(s.text) for s in data}

    folds = cross_validate(data, features, detected)
    thresholds = choose_thresholds(folds, detected)
    report = {source: [round(value, 3) for value in figures(fold, detected, thresholds)] for source, fold in folds.items()}
    for source, (precision, recall) in report.items():
        print(f"  {source:45} precision {precision:.3f} recall {recall:.3f}  (trained without this file)")

    vectorizer, bayes, logistic = fit([features[s.text] for s in data], [s.positive for s in data])
    weights, intercepts = linear_weights(vectorizer, bayes, logistic)
    # A few statements with scikit-learn's own probabilities, for a test that the rule's reading agrees.
    samples = [s for s in data if s.positive][:5] + [s for s in data if not s.positive][:5]
    matrix = vectorizer.transform([features[s.text] for s in samples])
    examples = [[s.text, round(float(b), 4), round(float(l), 4)] for s, b, l in zip(samples, bayes.predict_proba(matrix)[:, 1], logistic.predict_proba(matrix)[:, 1])]
    model = {
        "rule": args.rule,
        "command": f"python bench/train_models.py {args.rule}",
        "thresholds": {"bayes": thresholds[0], "logistic": thresholds[1]},
        "statements": {"positive": sum(s.positive for s in data), "negative": sum(not s.positive for s in data)},
        "cross_validation": report,
        "trained_on": fingerprint(args.rule),
        "examples": examples,
        "gate": gate(data, features, weights, intercepts[1]),
        "intercepts": intercepts,
        "weights": weights,
    }
    MODELS.mkdir(exist_ok=True)
    (MODELS / f"{args.rule.replace('-', '_')}.json").write_text(as_json(model), encoding="utf-8")
    print(f"{args.rule}: thresholds naive Bayes > {thresholds[0]}, logistic > {thresholds[1]}; {len(weights)} features; "
          f"{model['statements']['positive']} positive and {model['statements']['negative']} negative statements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
