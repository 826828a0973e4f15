"""One cycle as arrays: a row per rating and a row per narrative, with the groups engineers belong to."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import numpy as np

from .cycle import Cycle, Policy

if TYPE_CHECKING:
    from .people import People

# Kinds of group; a group's key is "<kind>:<label>", its label what a report shows.
MANAGER, ATTRIBUTE, LEVEL = "manager", "attribute", "level"


def key(kind: str, label: str) -> str:
    return f"{kind}:{label}"


def label(group: str) -> str:
    return group.split(":", 1)[1]


def kind_of(group: str) -> str:
    return group.split(":", 1)[0]


@dataclass
class Frame:
    """Arrays over one cycle. Ratings: ``engineer`` (index of its narrative), ``category`` and ``rating``
    (indexes into the rubric's categories and scale), ``value``, ``evidence``, ``draft_value``. Narratives:
    ``level`` (index into the rubric's levels), ``composite`` (NaN when there is none), ``biased``,
    ``moved_down`` (a rating lowered in calibration)."""

    policy: Policy
    engineer: np.ndarray
    category: np.ndarray
    rating: np.ndarray
    value: np.ndarray
    evidence: np.ndarray
    draft_value: np.ndarray
    level: np.ndarray
    composite: np.ndarray
    biased: np.ndarray
    moved_down: np.ndarray
    groups: dict[str, frozenset[int]]
    partitions: list[list[str]]

    @property
    def size(self) -> int:
        return len(self.level)


def frame(policy: Policy, cycle: Cycle, people: People | None, *, managers: bool) -> Frame:
    categories = {category: index for index, category in enumerate(policy.categories)}
    scale = {entry["id"]: index for index, entry in enumerate(policy.scale)}
    levels = {level: index for index, level in enumerate(policy.levels)}
    rows = [(index, rating) for index, narrative in enumerate(cycle.narratives) for rating in narrative.ratings]
    narratives = cycle.narratives
    groups, partitions = _groups(policy, cycle, people, managers=managers)
    return Frame(
        policy=policy,
        engineer=column((index for index, _ in rows), int),
        category=column((categories[rating.category] for _, rating in rows), int),
        rating=column((scale[rating.rating] for _, rating in rows), int),
        value=column(rating.value for _, rating in rows),
        evidence=column(rating.evidence for _, rating in rows),
        draft_value=column(rating.draft_value for _, rating in rows),
        level=column((levels[narrative.level] for narrative in narratives), int),
        composite=column(math.nan if narrative.composite is None else narrative.composite for narrative in narratives),
        biased=column((narrative.biased_language for narrative in narratives), int),
        moved_down=column((any(r.draft_value > r.value for r in narrative.ratings) for narrative in narratives), bool),
        groups=groups,
        partitions=partitions,
    )


def column(values: Iterable[object], kind: type = float) -> np.ndarray:
    return np.array(list(values), dtype=kind)


def _groups(policy: Policy, cycle: Cycle, people: People | None, *, managers: bool) -> tuple[dict[str, frozenset[int]], list[list[str]]]:
    """Every group a report may show, and the partitions they form: the levels, each attribute of the
    people file, and (in the restricted report) the managers."""
    members: dict[str, set[int]] = {}
    partitions: dict[str, list[str]] = {}

    def join(kind: str, partition: str, group_label: str, index: int) -> None:
        group = key(kind, group_label)
        if group not in members:
            members[group] = set()
            partitions.setdefault(partition, []).append(group)
        members[group].add(index)

    rows = people.rows if people is not None else {}
    attributes = people.attributes if people is not None else []
    for index, narrative in enumerate(cycle.narratives):
        join(LEVEL, LEVEL, narrative.level, index)
        if managers and narrative.manager:
            join(MANAGER, MANAGER, narrative.manager, index)
        values = rows.get(narrative.engineer, {})
        for attribute in attributes:
            if attribute in values:
                join(ATTRIBUTE, f"{ATTRIBUTE}:{attribute}", f"{attribute}={values[attribute]}", index)
    order = {level: index for index, level in enumerate(policy.levels)}
    partitions[LEVEL] = sorted(partitions.get(LEVEL, []), key=lambda group: order[label(group)])
    return {group: frozenset(found) for group, found in members.items()}, list(partitions.values())
