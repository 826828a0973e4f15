"""Text models learned from the labelled corpora under ``tests/corpus``.

Word patterns catch the phrasings someone thought of; a model learned from many labelled statements
catches phrasings nobody wrote a pattern for. Each rule that uses one ships a small neural network over a
sentence's words (one hidden layer, trained by ``bench/train_models.py``) and a logistic regression over its
plain words that decides cheaply which sentences are worth reading at all. The network's input is which
words a sentence has, so its hidden layer is a sum of one stored row per word present: reading a sentence
needs no machine-learning library.
"""

from __future__ import annotations

import json
import math
import re
import struct
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from itertools import repeat
from typing import Callable, Iterable

from .. import language

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Verdict:
    probability: float  # that the sentence belongs to the rule's positive class
    rows: dict[str, tuple[float, ...]]  # the weights of each feature present
    slopes: tuple[float, ...]  # what each hidden unit adds to the score per unit of input (0 if it did not fire)

    @property
    def cues(self) -> tuple[str, ...]:
        """The (at most three) telling features that pushed the score up most; worked out only for a finding."""
        pushes = {feature: sum(weight * slope for weight, slope in zip(row, self.slopes)) for feature, row in self.rows.items()}
        telling = [f for f, push in pushes.items() if push > 0 and not set(f.split()) <= _FUNCTION_WORDS]
        return tuple(sorted(telling, key=lambda feature: (-pushes[feature], feature))[:3])


@dataclass(frozen=True, eq=False)
class Model:
    features: list[str]  # the network's inputs, in the order of its rows
    rows: bytes  # per feature, its weight to each hidden unit, as little-endian half floats
    hidden_bias: list[float]
    output_weights: list[float]
    output_bias: float
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
        return self.gate_intercept + sum(map(self.gate_weights.get, words, repeat(0.0)))

    def read(self, features: Iterable[str]) -> Verdict:
        rows = {feature: self._row(self._index[feature]) for feature in set(features) if feature in self._index}
        columns = zip(*rows.values()) if rows else ((),) * len(self.hidden_bias)
        hidden = [bias + sum(column) for bias, column in zip(self.hidden_bias, columns)]
        slopes = tuple(weight if total > 0 else 0.0 for total, weight in zip(hidden, self.output_weights))
        score = self.output_bias + sum(total * slope for total, slope in zip(hidden, slopes))
        return Verdict(_sigmoid(score), rows, slopes)

    def confirms(self, verdict: Verdict) -> bool:
        return verdict.probability > self.thresholds["confirm"]

    def sure_of(self, verdict: Verdict) -> bool:
        return verdict.probability > self.thresholds["alone"]

    @cached_property
    def _index(self) -> dict[str, int]:
        return dict(zip(self.features, range(len(self.features))))

    @cached_property
    def _layout(self) -> struct.Struct:
        return struct.Struct(f"<{len(self.hidden_bias)}e")

    def _row(self, index: int) -> tuple[float, ...]:
        return self._layout.unpack_from(self.rows, index * self._layout.size)


def decide(
    model: Model,
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
def load(name: str) -> Model:
    """The model shipped in this package as ``models/NAME.json`` (thresholds, gate, the network's small
    parts), ``NAME.features.txt`` (its inputs, one a line) and ``NAME.rows`` (their weights)."""
    folder = resources.files(__package__).joinpath("models")
    data = json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
    network = data["network"]
    return Model(
        folder.joinpath(f"{name}.features.txt").read_text(encoding="utf-8").split("\n")[:-1],
        folder.joinpath(f"{name}.rows").read_bytes(),
        network["hidden_bias"],
        network["output_weights"],
        network["output_bias"],
        data["thresholds"],
        data["gate_weights"],
        data["gate_intercept"],
    )


# Numbers, shares and times stand for their kind, so that "12%" teaches the model about "8%" too.
_PLACEHOLDERS = (
    (re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?)|\b\d{1,2}:\d{2}\b"), " xtime "),
    # (?<!\d): a match never starts inside a number, so a long run of digits is read once, not once a digit.
    (re.compile(r"(?<!\d)\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b)"), " xpct "),
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
