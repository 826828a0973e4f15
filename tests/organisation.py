"""Another organisation's shape, written over a policy repository: six levels IC1 to IC6, five categories, a
three-point scale, review periods that are halves of a fiscal year (FY27-H1) and purposes of its own.

Nothing here is this repository's shape, so a test that passes on it shows the shape lives in the content.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import yaml
from ruamel.yaml import YAML

LEVELS = [f"IC{number}" for number in range(1, 7)]
CATEGORIES = ["delivery", "craft", "customer-impact", "teamwork", "ownership"]
SCALE = [("developing", "Developing", 1), ("solid", "Solid", 2), ("outstanding", "Outstanding", 3)]
PERIOD = "FY27-H1"
# Weights per level, in the order of CATEGORIES; each row sums to 100.
WEIGHTS = {
    "IC1": [35, 30, 10, 20, 5],
    "IC2": [35, 25, 15, 15, 10],
    "IC3": [30, 25, 15, 15, 15],
    "IC4": [25, 20, 20, 15, 20],
    "IC5": [20, 20, 20, 15, 25],
    "IC6": [15, 15, 25, 15, 30],
}
# The templates' new purposes, by template id.
PURPOSES = {"review": "half-year-review", "promotion": "level-change"}


def rubric() -> dict:
    return {
        "version": "1.0.0",
        "effective": "2026-07-01",
        "title": "Northwind engineering expectations",
        "summary": "What Northwind looks at in an engineer's half year, and how much each part counts at each level.",
        "scale": [
            {"id": id_, "label": label, "value": value, "meaning": f"{label}: what the evidence shows against the level's expectations."}
            for id_, label, value in SCALE
        ],
        "categories": [
            {
                "id": category,
                "name": category.replace("-", " ").capitalize(),
                "measures": f"How the engineer's work shows {category.replace('-', ' ')}.",
                "why": "Customers and colleagues depend on it.",
                "evidence": ["Linked pull requests, design documents or customer tickets"],
                "metrics": ["customer-tickets-resolved"] if category == "customer-impact" else [],
            }
            for category in CATEGORIES
        ],
        "levels": [
            {
                "id": level,
                "name": f"Individual contributor {level[2:]}",
                "summary": f"The scope expected at {level}.",
                "weights": dict(zip(CATEGORIES, WEIGHTS[level], strict=True)),
                "expectations": {category: f"At {level}, {category.replace('-', ' ')} with growing independence." for category in CATEGORIES},
            }
            for level in LEVELS
        ],
        "periods": {"pattern": "FY[0-9]{2}-H[12]", "example": PERIOD, "description": "a half of the fiscal year"},
        "purposes": [
            {"id": "half-year-review", "name": "Half-year review", "description": "The narrative at the end of each fiscal half."},
            {"id": "level-change", "name": "Level change", "description": "The case for the next level.", "for_next_level": True},
        ],
    }


def metrics() -> dict:
    return {
        "families": [
            {
                "id": "support",
                "name": "Customer support",
                "measures": "How customer problems reach engineering and get solved.",
                "why_it_matters": "Customers feel it first.",
                "failure_mode": "Counting tickets instead of reading what was solved.",
                "use_in_reviews": "with-evidence",
            }
        ],
        "metrics": [
            {
                "id": "customer-tickets-resolved",
                "name": "Customer tickets resolved",
                "family": "support",
                "definition": "Escalated customer tickets the engineer's changes closed in the period, with the tickets linked.",
                "scope": "individual",
                "review_use": "evidence",
                "owner": "Support engineering",
                "collection": "Exported from the support desk with links to the fixing changes.",
                "cadence": "per-cycle",
                "feeds": ["customer-impact"],
            }
        ],
    }


def reshape(root: Path) -> None:
    """Write the organisation's rubric and metrics over the repository at ``root``, make the guardrails' evidence
    minimums and the templates' purposes its own, and drop narratives written for the old shape."""
    (root / "rubrics" / "rubric.yaml").write_text(yaml.safe_dump(rubric(), sort_keys=False), encoding="utf-8")
    (root / "rubrics" / "metrics.yaml").write_text(yaml.safe_dump(metrics(), sort_keys=False), encoding="utf-8")
    guardrails = root / "policy" / "guardrails.yaml"
    round_trip = YAML()
    data = round_trip.load(guardrails.read_text(encoding="utf-8"))
    data["evidence"]["by_rating"] = {"developing": 3, "outstanding": 3}
    stream = StringIO()
    round_trip.dump(data, stream)
    guardrails.write_text(stream.getvalue(), encoding="utf-8")
    for template in (root / "narratives" / "templates").glob("*.md"):
        text = template.read_text(encoding="utf-8")
        purpose = PURPOSES[re.search(r"^id: (\S+)$", text, re.M).group(1)]
        template.write_text(re.sub(r"^purpose: \S+$", f"purpose: {purpose}", text, count=1, flags=re.M), encoding="utf-8")
    for example in (root / "narratives" / "examples").glob("*.md"):
        example.unlink()


ANSWER = "The checkout service stopped dropping orders after the retry change, and support escalations about it ended."


def fill(draft: str, ratings: dict[str, str]) -> str:
    """The draft as a manager finishes it: a rating with linked evidence for every category, every question
    answered in place of the template's TODO lines, the hidden TODO notes removed."""
    _, front, body = draft.split("---\n", 2)
    data = yaml.safe_load(front)
    for category, entry in data["ratings"].items():
        entry["rating"] = ratings[category]
        entry["evidence"] = [
            {"ref": f"https://code.northwind-shop.com/checkout/pull/{100 + index}", "summary": f"Change {index + 1} for {category} and what it fixed"}
            for index in range(len(entry["evidence"]) + 1)
        ]
    body = re.sub(r"<!-- TODO:.*?-->\n", "", body, flags=re.S)
    body = re.sub(r"^_TODO:.*_$", ANSWER, body, flags=re.M)
    return f"---\n{yaml.safe_dump(data, sort_keys=False, allow_unicode=True)}---\n{body}"
