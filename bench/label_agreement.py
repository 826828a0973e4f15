"""How far a second careful labeller agrees with the corpus labels: the ceiling any rule can be judged against.

A second person labelled a shuffled list of sentences blind (tests/corpus/real/second_labels.yaml: each
sentence's text and their label), from the sentence alone. For each rule this prints the second labeller's
precision and recall measured against the first labels, exactly as bench/real_accuracy.py measures the rules,
and Cohen's kappa for the rule's label against everything else. Sentences either labeller called `ambiguous`
are left out, as they are from every figure.

    python bench/label_agreement.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml
from real_corpus import GATHERED, RULE_OF_LABEL, SHARED, load

SECOND = GATHERED / "second_labels.yaml"
_TOPIC = re.compile(r"_(quota|signal_bias|signal|bias)$")  # a gathered set is split into files by topic


def first_labels() -> dict[str, tuple[str, str]]:
    """Sentence text -> (first label, the set it belongs to: the shared corpus or a gathered file's name less its
    rule suffix), ambiguous ones included."""
    return {
        sentence.text: (sentence.label, "shared" if sentence.file == SHARED.name else re.sub(_TOPIC, "", Path(sentence.file).stem))
        for sentence in load(include_ambiguous=True)
    }


def agreement(pairs: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """(first, second) labels -> per rule: the second labeller's precision and recall, and Cohen's kappa."""
    result = {}
    for label, rule in RULE_OF_LABEL.items():
        both = Counter((first == label, second == label) for first, second in pairs)
        flagged, expected = both[True, True] + both[False, True], both[True, True] + both[True, False]
        observed = (both[True, True] + both[False, False]) / len(pairs)
        chance = (expected * flagged + (len(pairs) - expected) * (len(pairs) - flagged)) / len(pairs) ** 2
        result[rule] = {
            "precision": both[True, True] / max(flagged, 1),
            "recall": both[True, True] / max(expected, 1),
            "kappa": (observed - chance) / (1 - chance) if chance < 1 else 1.0,
        }
    return result


def main() -> int:
    if not SECOND.is_file() or not SHARED.is_file():
        raise SystemExit(f"needs {SECOND} and ../shared/corpus beside this checkout")
    first = first_labels()
    second = yaml.safe_load(SECOND.read_text(encoding="utf-8"))
    by_part: dict[str, list[tuple[str, str]]] = {}
    left_out = Counter()
    for item in second:
        text = " ".join(str(item["text"]).split())
        if text not in first:
            raise SystemExit(f"{SECOND.name}: a sentence no corpus file holds: {text[:60]}")
        label, part = first[text]
        if "ambiguous" in (label, item["label"]):
            left_out[part] += 1
            continue
        by_part.setdefault(part, []).append((label, item["label"]))
    print("| part | sentences (ambiguous left out) | rule | second labeller P / R against the first labels | kappa |")
    print("| --- | --- | --- | --- | --- |")
    for part, pairs in sorted(by_part.items()):
        for rule, figures in agreement(pairs).items():
            print(f"| {part} | {len(pairs)} ({left_out[part]}) | {rule} | "
                  f"{figures['precision']:.3f} / {figures['recall']:.3f} | {figures['kappa']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
