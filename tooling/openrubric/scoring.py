"""The transparent composite of a narrative: each category's rating value times its weight, over 100."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Contribution:
    id: str
    rating: str
    value: float
    weight: int
    contribution: float


class ScoringError(ValueError):
    """The composite cannot be computed as a finite number."""


def composite(narrative: dict[str, Any], rubric: dict[str, Any]) -> tuple[float, list[Contribution]]:
    """The composite score and how each category contributes to it, in the rubric's category order.

    Raises ScoringError when the scale's values are so large that the composite is not a finite number
    (the schema admits only finite values, but their weighted sum can still overflow)."""
    level = next(entry for entry in rubric["levels"] if entry["id"] == narrative["level"])
    values = {entry["id"]: entry["value"] for entry in rubric["scale"]}
    parts = []
    for category in rubric["categories"]:
        if category["id"] not in level["weights"]:
            continue
        rating = narrative["ratings"][category["id"]]["rating"]
        weight = level["weights"][category["id"]]
        parts.append(Contribution(category["id"], rating, values[rating], weight, round(values[rating] * weight / 100, 4)))
    total = round(sum(part.contribution for part in parts), 4)
    if not all(math.isfinite(number) for number in (total, *(part.contribution for part in parts))):
        raise ScoringError("the composite is too large to be a finite number; give the scale smaller values")
    return total, parts


def as_text(total: float, parts: list[Contribution]) -> str:
    lines = [f"{'category':<22} {'rating':<12} {'value':>5} {'weight':>6} {'contribution':>12}"]
    lines += [f"{p.id:<22} {p.rating:<12} {p.value:>5g} {p.weight:>5}% {p.contribution:>12.2f}" for p in parts]
    lines.append(f"{'composite':<22} {'':<12} {'':>5} {sum(p.weight for p in parts):>5}% {total:>12.2f}")
    return "\n".join(lines)


def as_json(total: float, parts: list[Contribution]) -> str:
    # allow_nan=False: NaN and Infinity are not JSON; composite() has made sure there are none.
    return json.dumps({"composite": total, "categories": [asdict(part) for part in parts]}, indent=2, allow_nan=False)
