"""Linear text models learned from the labelled corpora under ``tests/corpus``.

Word patterns catch the phrasings someone thought of; a model learned from many labelled statements
catches phrasings nobody wrote a pattern for. Each rule that uses one ships a logistic regression over a
sentence's words, trained by ``bench/train_models.py``, and a second over its plain words that decides
cheaply which sentences are worth reading at all. Both are a weight per feature and an intercept, so reading
a sentence here is a sum of dictionary lookups and needs no machine-learning library.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable

from .. import language

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Verdict:
    probability: float  # that the sentence belongs to the rule's positive class
    cues: tuple[str, ...]  # the features that pushed the score up most


@dataclass(frozen=True, eq=False)
class LinearModel:
    weights: dict[str, float]
    intercept: float
    # confirm: the probability that confirms a detector's finding; alone: the one at which the model reports a
    # sentence by itself; gate: the plain-words score below which a sentence is not read further.
    thresholds: dict[str, float]
    gate_weights: dict[str, float]
    gate_intercept: float

    def worth_reading(self, words: frozenset[str]) -> bool:
        """Whether the plain words score above the gate, which in cross-validation lets through nearly all
        positive statements (see bench/train_models.py)."""
        return self.gate_score(words) > self.thresholds["gate"]

    def gate_score(self, words: frozenset[str]) -> float:
        return self.gate_intercept + sum(self.gate_weights.get(word, 0.0) for word in words)

    def read(self, features: Iterable[str]) -> Verdict:
        present = [(feature, self.weights[feature]) for feature in set(features) if feature in self.weights]
        telling = [item for item in present if item[1] > 0 and not set(item[0].split()) <= _FUNCTION_WORDS]
        strongest = sorted(telling, key=lambda item: -item[1])[:3]
        return Verdict(_sigmoid(self.intercept + sum(weight for _, weight in present)), tuple(feature for feature, _ in strongest))

    def confirms(self, verdict: Verdict) -> bool:
        return verdict.probability > self.thresholds["confirm"]

    def sure_of(self, verdict: Verdict) -> bool:
        return verdict.probability > self.thresholds["alone"]


def decide(
    model: LinearModel,
    words: frozenset[str],
    features: Callable[[], list[str]],
    detector: Callable[[], str | None],
    refuses: Callable[[], bool],
    kind: str,
) -> str | None:
    """The reason to report a sentence, or None, as both rules decide it (and bench/train_models.py replays
    it): past the gate, a detector's reason the model confirms, or, where no detector fires, a sentence the
    model is sure of and that does not refuse what it mentions. ``kind`` names what the model read it as."""
    if not model.worth_reading(words):
        return None
    verdict = model.read(features())
    if not model.confirms(verdict):
        return None
    reason = detector()
    if reason is None and model.sure_of(verdict) and not refuses():
        cues = ", ".join(f"'{readable(cue)}'" for cue in verdict.cues)
        reason = f"reads as {kind} to the model learned from the labelled corpus (cues: {cues})"
    return reason


@lru_cache(maxsize=None)
def load(name: str) -> LinearModel:
    """The model shipped as ``models/NAME.json`` in this package."""
    data = json.loads(resources.files(__package__).joinpath("models", f"{name}.json").read_text(encoding="utf-8"))
    return LinearModel(data["weights"], data["intercept"], data["thresholds"], data["gate_weights"], data["gate_intercept"])


# Numbers, shares and times stand for their kind, so that "12%" teaches the model about "8%" too.
_PLACEHOLDERS = (
    (re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?)|\b\d{1,2}:\d{2}\b"), " xtime "),
    (re.compile(r"\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b)"), " xpct "),
    (re.compile(r"\b\d+(?:[.,]\d+)?\b"), " xnum "),
    (re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|fifty|hundred)\b"), " xnum "),
)
# Words that carry weight in the models but would tell a reader of a finding nothing as its cue.
_FUNCTION_WORDS = frozenset("a an the to of in on at by for with from up and or but so as is are be it i me my he she her his him they their them we our you your this that".split())
_READABLE = {"xtime": "a time", "xpct": "a percentage", "xnum": "a number", "xlevel": "a level", "xfrac": "a fraction", "xlabel": "a rating label"}


def wording(text: str) -> list[str]:
    """Stemmed words of normalised ``text``, and each pair of neighbouring words, with numbers, shares and
    times as placeholders: the model's view of how a sentence is worded."""
    for pattern, placeholder in _PLACEHOLDERS:
        text = pattern.sub(placeholder, text)
    words = [language.stem(word) for word in _WORD.findall(text)]
    return [*words, *(f"{first} {second}" for first, second in zip(words, words[1:]))]


def readable(feature: str) -> str:
    """A feature as a finding's message shows it."""
    return " ".join(_READABLE.get(word, word) for word in feature.split())


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(score, 60.0), -60.0)))
