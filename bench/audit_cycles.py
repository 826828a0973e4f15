"""Synthetic review cycles for `openrubric audit`: narratives written as real files, and a people file.

The scale, categories, levels, evidence minimums, biased-language terms and template id all come from the
policy repository given (``--root``); nothing here assumes this repository's rubric. Attributes of the
people file (team, team type, location, role family, tenure band) are the generator's own.

Every rating is drawn independently from one distribution over the scale, peaked one step below the top,
so that a cycle with no planted effect is a null cycle: any finding on it is a false alarm. Planted
effects (``Effects``), each with its size as the probability that an affected rating moves one step down:

- ``manager``: the first manager's ratings in one category;
- ``remote``: the collaboration-like category of engineers whose location is remote;
- ``platform``: the operations-like category of engineers on platform teams;
- ``calibration``: a rating of an engineer in the first tenure band lowered in calibration (on top of the
  moves every cycle has, up or down alike, for everyone).

Run: ``python bench/audit_cycles.py OUT [--engineers 400] [--seed 1] [--period 2026-H2] [--remote 0.4] ...``
writes OUT/narratives/*.md and OUT/people.csv.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TEAM_SIZE = 10
REMOTE_SHARE = 0.35
PLATFORM_TEAMS = 0.3
ROLE_FAMILIES = ("backend", "frontend", "infrastructure", "data", "mobile")
TENURE_BANDS = ("0-1y", "1-3y", "3-5y", "5y+")
CALIBRATED = 0.1  # narratives with one rating changed in calibration, in every cycle
BIASED = 0.04  # narratives with one sentence holding a biased-language term

FIRST = "Avery Blake Casey Dana Eden Farrah Gale Harper Imani Jules Kai Lior Morgan Noor Oakley Parisa Quinn Rafe Sasha Tamsin Uri Vesna Wren Xiomara Yael Zuri".split()
LAST = "Abara Brandt Cavill Dorsey Estrada Fenwick Galvao Hollis Iwu Jaskolski Kerrigan Lindqvist Mbatha Novak Orsini Pryce Quarles Rinaldi Sokolov Thorne Ueda Varga Whitlock Xu Yilmaz Zeller".split()
MANAGER_FIRST = "Adaeze Bertil Cosima Dmitri Elspeth Florin Greer Hallvard Ingrid Jorunn".split()
MANAGER_LAST = "Achterberg Brennan Castellanos Drummond Eriksen Fairweather Gundersen Halloran Ibarra Jovanovic".split()

SENTENCES = (
    "The checkout service now recovers from a failed deploy in minutes, as the incident timeline shows.",
    "The migration plan moved four services to the new queue without a customer-facing incident.",
    "Review threads on the ledger changes caught two defects before release.",
    "The onboarding guide was rewritten, and the last two new joiners shipped a change in their first week.",
    "The search latency work cut p99 from 800 ms to 350 ms on the dashboard linked below.",
    "A runbook for the billing export replaced three pages of tribal knowledge.",
    "The design document for the cache layer recorded the alternatives and the decision.",
)
REASONS = (
    "The incident review showed the follow-up actions were still open at the end of the period.",
    "The design document and the adoption figures show the work reached more teams than the draft said.",
    "Peer feedback named two reviews where the concern raised was not followed up.",
)


@dataclass(frozen=True)
class Effects:
    manager: float = 0.0
    remote: float = 0.0
    platform: float = 0.0
    calibration: float = 0.0


NO_EFFECTS = Effects()


@dataclass(frozen=True)
class Engineer:
    name: str
    manager: str
    level: str
    team: str
    team_type: str
    location: str
    role_family: str
    tenure_band: str


@dataclass
class Planted:
    """Where each effect was planted, as the audit names it."""

    manager: str
    manager_category: str
    remote: str
    remote_category: str
    platform: str
    platform_category: str
    calibration: str
    engineers: list[Engineer] = field(default_factory=list)


@dataclass(frozen=True)
class Policy:
    scale: list[str]
    categories: list[str]
    levels: list[str]
    weights: dict[str, list[str]]  # level -> the categories it weighs
    evidence_minimum: int
    evidence_by_rating: dict[str, int]
    biased_terms: list[str]
    template: str

    @classmethod
    def read(cls, root: Path) -> Policy:
        rubric = yaml.safe_load((root / "rubrics" / "rubric.yaml").read_text(encoding="utf-8"))
        guardrails = yaml.safe_load((root / "policy" / "guardrails.yaml").read_text(encoding="utf-8"))
        templates = sorted((root / "narratives" / "templates").glob("*.md"))
        template_ids = [yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["id"] for path in templates if path.name != "README.md"]
        return cls(
            scale=[entry["id"] for entry in rubric["scale"]],
            categories=[category["id"] for category in rubric["categories"]],
            levels=[level["id"] for level in rubric["levels"]],
            weights={level["id"]: list(level["weights"]) for level in rubric["levels"]},
            evidence_minimum=guardrails["evidence"]["minimum_items"],
            evidence_by_rating=dict(guardrails["evidence"].get("by_rating", {})),
            biased_terms=[entry["term"] for entry in guardrails.get("biased_language", [])],
            template="review" if "review" in template_ids else template_ids[0],
        )

    def category_like(self, word: str, fallback: int) -> str:
        """The category whose id mentions ``word``, else the one at ``fallback``: the planted effects name
        categories of whatever rubric they are given."""
        return next((category for category in self.categories if word in category), self.categories[fallback % len(self.categories)])


def rating_weights(size: int) -> list[float]:
    """A distribution over a scale of ``size``, peaked one step below the top, as most ratings are."""
    mode = max(size - 2, 0)
    return [math.exp(-((index - mode) ** 2) / 1.0) for index in range(size)]


def organisation(policy: Policy, engineers: int, rng: random.Random) -> list[Engineer]:
    teams = max(1, round(engineers / TEAM_SIZE))
    managers = _names(MANAGER_FIRST, MANAGER_LAST, teams, rng, middle=teams > len(MANAGER_FIRST) * len(MANAGER_LAST))
    team_types = ["platform" if index < round(teams * PLATFORM_TEAMS) else "product" for index in range(teams)]
    rng.shuffle(team_types)
    level_weights = [1 + min(index, len(policy.levels) - 1 - index) for index in range(len(policy.levels))]
    people = []
    for index, name in enumerate(_names(FIRST, LAST, engineers, rng, middle=True)):
        team = index % teams
        people.append(
            Engineer(
                name=name,
                manager=managers[team],
                level=rng.choices(policy.levels, level_weights)[0],
                team=f"team-{team + 1:03d}",
                team_type=team_types[team],
                location="remote" if rng.random() < REMOTE_SHARE else "office",
                role_family=rng.choice(ROLE_FAMILIES),
                tenure_band=rng.choice(TENURE_BANDS),
            )
        )
    return people


def _names(first: list[str], last: list[str], count: int, rng: random.Random, *, middle: bool) -> list[str]:
    """``count`` distinct full names; with ``middle``, an initial makes room for 26 times as many."""
    if count > len(first) * len(last) * (26 if middle else 1):
        raise ValueError(f"{count} names asked for, more than the lists can make")
    names: set[str] = set()
    while len(names) < count:
        initial = f" {chr(65 + rng.randrange(26))}." if middle else ""
        names.add(f"{rng.choice(first)}{initial} {rng.choice(last)}")
    ordered = sorted(names)
    rng.shuffle(ordered)
    return ordered


def planted(policy: Policy, people: list[Engineer]) -> Planted:
    return Planted(
        manager=people[0].manager,
        manager_category=policy.categories[1 % len(policy.categories)],
        remote="location=remote",
        remote_category=policy.category_like("collab", 2),
        platform="team_type=platform",
        platform_category=policy.category_like("operation", 0),
        calibration=f"tenure_band={TENURE_BANDS[0]}",
        engineers=people,
    )


def write_cycle(root: Path, out: Path, *, engineers: int = 400, seed: int = 1, period: str = "2026-H2", effects: Effects = NO_EFFECTS,
                people: list[Engineer] | None = None, people_file: bool = True) -> Planted:  # fmt: skip
    """Write one cycle under ``out`` (``narratives/`` and ``people.csv``); ``people`` keeps an organisation
    from an earlier cycle. Returns where the effects were planted."""
    policy = Policy.read(root)
    rng = random.Random(seed)
    staff = people if people is not None else organisation(policy, engineers, rng)
    truth = planted(policy, staff)
    folder = out / "narratives"
    folder.mkdir(parents=True, exist_ok=True)
    for engineer in staff:
        text = narrative(policy, engineer, period, effects, truth, rng)
        (folder / f"{slug(engineer.name)}.md").write_text(text, encoding="utf-8")
    if people_file:
        write_people(out / "people.csv", staff)
    return truth


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def write_people(path: Path, people: list[Engineer]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["engineer", "team", "team_type", "location", "role_family", "tenure_band"])
        for person in people:
            writer.writerow([person.name, person.team, person.team_type, person.location, person.role_family, person.tenure_band])


def narrative(policy: Policy, engineer: Engineer, period: str, effects: Effects, truth: Planted, rng: random.Random) -> str:
    weights = rating_weights(len(policy.scale))
    ratings: dict[str, Any] = {}
    for category in policy.weights[engineer.level]:
        position = rng.choices(range(len(policy.scale)), weights)[0]
        position -= _lowered(engineer, category, effects, truth, rng) and position > 0
        ratings[category] = {"rating": policy.scale[position], "evidence": _evidence(policy, policy.scale[position], rng)}
    _calibrate(policy, engineer, ratings, effects, truth, rng)
    data = {"engineer": engineer.name, "level": engineer.level, "period": period, "manager": engineer.manager, "template": policy.template, "ratings": ratings}
    front = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n{_body(policy, period, rng)}"


def _lowered(engineer: Engineer, category: str, effects: Effects, truth: Planted, rng: random.Random) -> bool:
    chances = (
        (effects.manager, engineer.manager == truth.manager and category == truth.manager_category),
        (effects.remote, engineer.location == "remote" and category == truth.remote_category),
        (effects.platform, engineer.team_type == "platform" and category == truth.platform_category),
    )
    return any(applies and rng.random() < size for size, applies in chances)


def _calibrate(policy: Policy, engineer: Engineer, ratings: dict[str, Any], effects: Effects, truth: Planted, rng: random.Random) -> None:
    """Record calibration changes as the narrative schema has them: the draft value, a reason, evidence."""
    categories = list(ratings)
    moves = []
    if rng.random() < CALIBRATED:
        moves.append((rng.choice(categories), rng.choice((-1, 1))))
    if f"tenure_band={engineer.tenure_band}" == truth.calibration and rng.random() < effects.calibration:
        moves.append((rng.choice(categories), -1))
    for category, step in moves:
        entry = ratings[category]
        if "calibration" in entry:
            continue
        position = policy.scale.index(entry["rating"])
        if not 0 <= position + step < len(policy.scale):
            continue
        final = policy.scale[position + step]
        entry["rating"] = final
        entry["evidence"] = _evidence(policy, final, rng)
        entry["calibration"] = {"from": policy.scale[position], "to": final, "reason": rng.choice(REASONS), "evidence": _evidence(policy, final, rng)[:1]}


def _evidence(policy: Policy, rating: str, rng: random.Random) -> list[dict[str, str]]:
    needed = policy.evidence_by_rating.get(rating, policy.evidence_minimum)
    return [
        {"ref": f"ENG-{rng.randrange(100, 99999)}", "summary": rng.choice(("Shipped the change with its rollout notes.", "Incident review with every action closed.", "Design document approved by two teams."))}
        for _ in range(needed + rng.choice((0, 0, 1, 2)))
    ]


def _body(policy: Policy, period: str, rng: random.Random) -> str:
    sentences = rng.sample(SENTENCES, 3)
    if policy.biased_terms and rng.random() < BIASED:
        sentences[2] = f"In the March planning meeting they came across as {rng.choice(policy.biased_terms)}."
    return (
        f"# Review for {period}\n\n## What problem was solved?\n\n{sentences[0]}\n\n## What changed because of the work?\n\n"
        f"{sentences[1]}\n\n## What evidence shows growth or risk?\n\n{sentences[2]}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent, help="the policy repository whose rubric to use")
    parser.add_argument("--engineers", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--period", default="2026-H2")
    for name in ("manager", "remote", "platform", "calibration"):
        parser.add_argument(f"--{name}", type=float, default=0.0, help=f"size of the {name} effect (probability a rating moves one step down)")
    args = parser.parse_args()
    effects = Effects(args.manager, args.remote, args.platform, args.calibration)
    write_cycle(args.root, args.out, engineers=args.engineers, seed=args.seed, period=args.period, effects=effects)
    print(f"wrote {args.engineers} narratives to {args.out / 'narratives'} and {args.out / 'people.csv'}")


if __name__ == "__main__":
    main()
