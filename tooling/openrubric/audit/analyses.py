"""Every comparison the audit makes, and the tables beside them.

- *Manager consistency*: each manager's ratings in a category against everyone else's, each rating first
  taken as its difference from the organisation's mean for the same level and category.
- *Disparities*: each group of each attribute against everyone else: ratings per category (as above), the
  composite (less the mean of the level), evidence per rating (less the mean for the same category and
  rating), the rate of narratives with a rating lowered in calibration, and the rate of narratives with a
  biased-language finding.
- *Evidence gaps*: for the lowest and the highest rating of the scale, the evidence items behind a manager's
  or a group's ratings against everyone else's with the same rating and category.
- *Drift*: each category's ratings against the latest earlier cycle, for all levels and for each level.

Differences of means use Student's t-test, rates Fisher's exact test, distributions the chi-square test;
every p-value of one audit is adjusted together (Benjamini-Hochberg), and a comparison is flagged when its
adjusted value is at most the false discovery rate (an evidence gap only when the group has less evidence).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import privacy
from .frame import ATTRIBUTE, LEVEL, MANAGER, Frame, key, kind_of, label
from .statistics import FALSE_DISCOVERY_RATE, Estimate, adjusted, distribution_change, mean_differences, proportion_difference

CONSISTENCY, DISPARITY, EVIDENCE_GAP, DRIFT = "manager-consistency", "disparity", "evidence-gap", "drift"
RATING, COMPOSITE, EVIDENCE, CALIBRATION, BIASED, DISTRIBUTION = (
    "rating", "composite", "evidence per rating", "lowered in calibration", "biased language", "distribution",
)  # fmt: skip
UNITS = {RATING: "points", COMPOSITE: "points", EVIDENCE: "items", CALIBRATION: "rate", BIASED: "rate", DISTRIBUTION: "points"}
ALL = "all"


@dataclass
class Comparison:
    kind: str
    subject: str  # a manager's name, "attribute=value", "level=L4" or "all"
    category: str | None
    measure: str
    n: int  # engineers (ratings, for an evidence gap) in the group
    n_rest: int
    estimate: Estimate
    rating: str | None = None  # the rating an evidence gap is about
    q: float = math.nan
    flagged: bool = False

    @property
    def unit(self) -> str:
        return UNITS[self.measure]


@dataclass
class Audit:
    comparisons: list[Comparison]
    distributions: list[dict[str, Any]]  # one row per cycle, category and level (or all levels)
    evidence: list[dict[str, Any]]  # one row per category and rating
    calibration: list[dict[str, Any]]  # one row per category
    suppressed: Counter[str] = field(default_factory=Counter)  # reason -> groups suppressed (per table scope)
    suppressed_comparisons: int = 0

    @property
    def findings(self) -> list[Comparison]:
        return [comparison for comparison in self.comparisons if comparison.flagged]


class _Privacy:
    """Privacy decisions per scope (a set of engineers), made once for each distinct scope."""

    def __init__(self, frame: Frame, minimum: int, audit: Audit) -> None:
        self.frame, self.minimum, self.audit = frame, minimum, audit
        self._decisions: dict[frozenset[int], privacy.Decision] = {}

    def shown(self, scope: frozenset[int]) -> set[str]:
        if scope not in self._decisions:
            groups = {group: members & scope for group, members in self.frame.groups.items()}
            decision = privacy.decide(groups, self.frame.partitions, scope, self.minimum)
            self._decisions[scope] = decision
            self.audit.suppressed.update(decision.reasons())
        return self._decisions[scope].shown


def run(frame: Frame, previous: list[tuple[str, Frame]], label_now: str, minimum: int) -> Audit:
    """Every comparison and table for the cycle in ``frame``; ``previous`` are earlier cycles, oldest first."""
    audit = Audit([], [], [], [])
    guard = _Privacy(frame, minimum, audit)
    levels_now = _levels(frame) & guard.shown(frozenset(range(frame.size)))
    levels_before = [_levels(earlier) & _level_decision(earlier, minimum).shown for _, earlier in previous]
    for (cycle_label, earlier), shown in zip(previous, levels_before, strict=True):
        audit.distributions += _distributions(cycle_label, earlier, shown)
    audit.distributions += _distributions(label_now, frame, levels_now)
    audit.evidence = _evidence_table(frame, minimum)
    audit.calibration = _calibration_table(frame)
    audit.comparisons += _group_comparisons(frame, guard, minimum)
    if previous:
        audit.comparisons += _drift(frame, previous[-1][1], levels_now & levels_before[-1], minimum)
    _adjust(audit.comparisons)
    return audit


def _levels(frame: Frame) -> set[str]:
    return {group for group in frame.groups if kind_of(group) == LEVEL}


def _level_decision(frame: Frame, minimum: int) -> privacy.Decision:
    """Which levels of an earlier cycle may be shown: only its level distributions are."""
    levels = {group: frame.groups[group] for group in _levels(frame)}
    return privacy.decide(levels, [sorted(levels)], frozenset(range(frame.size)), minimum)


def _adjust(comparisons: list[Comparison]) -> None:
    for comparison, q in zip(comparisons, adjusted([c.estimate.p for c in comparisons]), strict=True):
        comparison.q = q
        comparison.flagged = q <= FALSE_DISCOVERY_RATE and (comparison.kind != EVIDENCE_GAP or comparison.estimate.effect < 0)


def centred(values: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """``values`` less the mean of the values sharing their ``keys`` (such as level and category)."""
    combined = np.zeros(len(values), dtype=np.int64)
    for part in keys:
        combined = combined * (int(part.max(initial=0)) + 1) + part
    _, inverse = np.unique(combined, return_inverse=True)
    means = np.bincount(inverse, weights=values) / np.bincount(inverse)
    return values - means[inverse]


def _mean_tests(values: np.ndarray, selections: list[np.ndarray]) -> list[Estimate]:
    """Each selection (a boolean mask over ``values``) against the rest of ``values``."""
    if not selections:
        return []
    masks = np.array(selections)
    n = masks.sum(axis=1).astype(float)
    sums, squares = masks @ values, masks @ (values**2)
    rest_n = len(values) - n
    group_mean, rest_mean = sums / n, (values.sum() - sums) / rest_n
    group_variance = (squares - n * group_mean**2) / np.maximum(n - 1, 1)
    rest_variance = ((values**2).sum() - squares - rest_n * rest_mean**2) / np.maximum(rest_n - 1, 1)
    return mean_differences(group_mean, np.maximum(group_variance, 0), n, rest_mean, np.maximum(rest_variance, 0), rest_n)


def _members(frame: Frame, group: str) -> np.ndarray:
    mask = np.zeros(frame.size, dtype=bool)
    mask[list(frame.groups[group])] = True
    return mask


def _tested(frame: Frame, shown: set[str], scope: frozenset[int], *, ratings: bool) -> list[str]:
    """The managers and attribute groups to compare with the rest, leaving out repeats of one test: the
    larger of an attribute's two groups when they cover the scope, and (for ratings) a group of exactly the
    engineers of a manager shown, whose consistency test it would repeat."""
    groups = {group: frame.groups[group] & scope for group in shown if kind_of(group) in (MANAGER, ATTRIBUTE)}
    managers = {members for group, members in groups.items() if kind_of(group) == MANAGER}
    repeats = {group for group, members in groups.items() if ratings and kind_of(group) == ATTRIBUTE and members in managers}
    for partition in frame.partitions:
        pair = [group for group in partition if group in groups]
        if len(pair) == 2 and len(groups[pair[0]]) + len(groups[pair[1]]) == len(scope):
            repeats.add(max(pair, key=lambda group: (len(groups[group]), group)))
    return sorted(set(groups) - repeats)


def _group_comparisons(frame: Frame, guard: _Privacy, minimum: int) -> list[Comparison]:
    everyone = frozenset(range(frame.size))
    shown = _tested(frame, guard.shown(everyone), everyone, ratings=False)
    return [
        *_ratings_by_category(frame, guard, minimum),
        *_per_narrative(frame, shown, minimum),
        *_evidence_gaps(frame, shown, minimum),
    ]


def _ratings_by_category(frame: Frame, guard: _Privacy, minimum: int) -> list[Comparison]:
    residual = centred(frame.value, frame.level[frame.engineer], frame.category)
    found = []
    for index, category in enumerate(frame.policy.categories):
        rows = frame.category == index
        engineers = frame.engineer[rows]
        scope = frozenset(engineers.tolist())
        shown = _tested(frame, guard.shown(scope), scope, ratings=True)
        masks = [_members(frame, group)[engineers] for group in shown]
        for group, mask, estimate in zip(shown, masks, _mean_tests(residual[rows], masks), strict=True):
            n = int(mask.sum())
            kind = CONSISTENCY if kind_of(group) == MANAGER else DISPARITY
            found.append(Comparison(kind, label(group), category, RATING, n, len(engineers) - n, estimate))
    return found


def _per_narrative(frame: Frame, shown: list[str], minimum: int) -> list[Comparison]:
    """Disparities in what each narrative has once: composite, evidence per rating, calibration, wording."""
    attributes = [group for group in shown if kind_of(group) == ATTRIBUTE]
    masks = [_members(frame, group) for group in attributes]
    found: list[Comparison] = []
    scored = ~np.isnan(frame.composite)
    composite = centred(np.where(scored, frame.composite, 0.0)[scored], frame.level[scored])
    evidence_sums = np.bincount(frame.engineer, weights=centred(frame.evidence, frame.category, frame.rating), minlength=frame.size)
    evidence = evidence_sums / np.maximum(np.bincount(frame.engineer, minlength=frame.size), 1)
    for measure, values, rows in ((COMPOSITE, composite, scored), (EVIDENCE, evidence, np.ones(frame.size, dtype=bool))):
        # A narrative without a composite (a scale too large to sum) leaves its group smaller here.
        pairs = [(group, mask[rows]) for group, mask in zip(attributes, masks, strict=True)]
        pairs = [(group, mask) for group, mask in pairs if minimum <= mask.sum() <= len(mask) - minimum]
        selections = [mask for _, mask in pairs]
        for (group, mask), estimate in zip(pairs, _mean_tests(values, selections), strict=True):
            found.append(Comparison(DISPARITY, label(group), None, measure, int(mask.sum()), int(rows.sum() - mask.sum()), estimate))
    for measure, events in ((CALIBRATION, frame.moved_down), (BIASED, frame.biased > 0)):
        total = int(events.sum())
        for group, mask in zip(attributes, masks, strict=True):
            n, count = int(mask.sum()), int(events[mask].sum())
            estimate = proportion_difference(count, n, total - count, frame.size - n)
            found.append(Comparison(DISPARITY, label(group), None, measure, n, frame.size - n, estimate))
    return found


def _evidence_gaps(frame: Frame, shown: list[str], minimum: int) -> list[Comparison]:
    """The lowest and highest ratings: does a manager's or a group's rest on less evidence than the same
    rating in the same category elsewhere? Held to the minimum by the engineers behind them."""
    residual = centred(frame.evidence, frame.category, frame.rating)
    found: list[Comparison] = []
    scale = frame.policy.scale
    for position in sorted({0, len(scale) - 1}):
        rows = frame.rating == position
        engineers = frame.engineer[rows]
        candidates, masks = [], []
        for group in shown:
            mask = _members(frame, group)[engineers]
            people, others = len(set(engineers[mask].tolist())), len(set(engineers[~mask].tolist()))
            if people >= minimum and others >= minimum:
                candidates.append(group)
                masks.append(mask)
        for group, mask, estimate in zip(candidates, masks, _mean_tests(residual[rows], masks), strict=True):
            n = int(mask.sum())
            found.append(Comparison(EVIDENCE_GAP, label(group), None, EVIDENCE, n, len(engineers) - n, estimate, rating=scale[position]["id"]))
    return found


def _drift(now: Frame, before: Frame, levels: set[str], minimum: int) -> list[Comparison]:
    """Each category against the latest earlier cycle: its distribution (chi-square) for all levels, and the
    shift of its mean for all levels and for each level that may be shown in both cycles."""
    found = []
    positions = [None, *(index for index, level in enumerate(now.policy.levels) if key(LEVEL, level) in levels)]
    for index, category in enumerate(now.policy.categories):
        for level in positions:
            rows_now = (now.category == index) & (True if level is None else now.level[now.engineer] == level)
            rows_before = (before.category == index) & (True if level is None else before.level[before.engineer] == level)
            n_now, n_before = int(np.sum(rows_now)), int(np.sum(rows_before))
            if n_now < minimum or n_before < minimum:
                continue
            values = np.concatenate([now.value[rows_now], before.value[rows_before]])
            selection = np.arange(len(values)) < n_now
            subject = ALL if level is None else f"{LEVEL}={now.policy.levels[level]}"
            found.append(Comparison(DRIFT, subject, category, RATING, n_now, n_before, _mean_tests(values, [selection])[0]))
            if level is None:
                counts_now = np.bincount(now.rating[rows_now], minlength=len(now.policy.scale)).tolist()
                counts_before = np.bincount(before.rating[rows_before], minlength=len(now.policy.scale)).tolist()
                shift = found[-1].estimate
                chi = Estimate(shift.effect, shift.low, shift.high, distribution_change(counts_now, counts_before))
                found.append(Comparison(DRIFT, subject, category, DISTRIBUTION, n_now, n_before, chi))
    return found


def _distributions(cycle_label: str, frame: Frame, shown: set[str]) -> list[dict[str, Any]]:
    """Counts per rating (final and draft) for each category, for all levels and each level in ``shown``."""
    order = {key(LEVEL, level): index for index, level in enumerate(frame.policy.levels)}
    levels = sorted(shown, key=order.__getitem__)
    rows = []
    scale = [entry["id"] for entry in frame.policy.scale]
    for index, category in enumerate(frame.policy.categories):
        for group in [None, *levels]:
            mask = frame.category == index
            if group is not None:
                mask &= _members(frame, group)[frame.engineer]
            if not mask.any():
                continue
            final = np.bincount(frame.rating[mask], minlength=len(scale))
            draft = Counter(frame.draft_value[mask].tolist())
            values = {entry["id"]: float(entry["value"]) for entry in frame.policy.scale}
            rows.append({
                "cycle": cycle_label, "category": category, "level": ALL if group is None else label(group), "n": int(mask.sum()),
                "counts": dict(zip(scale, final.tolist(), strict=True)),
                "draft_counts": {rating: int(draft.get(values[rating], 0)) for rating in scale},
                "mean": float(frame.value[mask].mean()), "draft_mean": float(frame.draft_value[mask].mean()),
            })  # fmt: skip
    return rows


def _evidence_table(frame: Frame, minimum: int) -> list[dict[str, Any]]:
    """Evidence items per rating in each category, beside the minimum the guardrails require for it."""
    requirements = frame.policy.guardrails.get("evidence", {})
    rows = []
    for index, category in enumerate(frame.policy.categories):
        for position, entry in enumerate(frame.policy.scale):
            mask = (frame.category == index) & (frame.rating == position)
            n = int(mask.sum())
            if n == 0:
                continue
            required = requirements.get("by_rating", {}).get(entry["id"], requirements.get("minimum_items", 0))
            shown = n >= minimum
            rows.append({
                "category": category, "rating": entry["id"], "n": n if shown else None, "required": required,
                "mean": float(frame.evidence[mask].mean()) if shown else None,
                "at_minimum": int((frame.evidence[mask] <= required).sum()) if shown else None,
            })  # fmt: skip
    return rows


def _calibration_table(frame: Frame) -> list[dict[str, Any]]:
    rows = []
    for index, category in enumerate(frame.policy.categories):
        mask = frame.category == index
        change = frame.value[mask] - frame.draft_value[mask]
        rows.append({"category": category, "n": int(mask.sum()), "raised": int((change > 0).sum()), "lowered": int((change < 0).sum())})
    return rows

