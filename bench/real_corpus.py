"""The real-derived labelled sentences and which of them are held out (tests/corpus/real/split.yaml).

The shared corpus lives outside the project (``../shared/corpus/realworld-dev.yaml``) and is read from there;
gathered files in ``tests/corpus/real/`` use the same format. Each sentence keeps its label, source and file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared" / "corpus" / "realworld-dev.yaml"
GATHERED = PROJECT / "tests" / "corpus" / "real"
SPLIT = yaml.safe_load((GATHERED / "split.yaml").read_text(encoding="utf-8"))
# Label -> the rule that must flag it; `pass` must be flagged by none, `ambiguous` is never measured.
RULE_OF_LABEL = {"quota_flag": "quota", "signal_flag": "banned-signal", "bias_flag": "biased-language"}
LABELS = (*RULE_OF_LABEL, "pass")


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str
    source: str
    file: str
    held_out: bool
    register: str = ""  # policy, review, commentary or product, where the gatherer recorded it (from set s14 on)


def load(*, include_shared: bool = True, include_ambiguous: bool = False) -> list[Labelled]:
    """Every labelled sentence (ambiguous ones left out unless asked for), shared corpus first."""
    labels = (*LABELS, "ambiguous") if include_ambiguous else LABELS
    found: list[Labelled] = []
    if include_shared and SHARED.is_file():
        held = SPLIT["shared_held_out_sources"]
        found += _read(SHARED, labels, lambda label, source: source in held.get(label, ()))
    for path in sorted(GATHERED.glob("gathered_*.yaml")):
        found += _read(path, labels, lambda label, source, whole="heldout" in path.name: whole)
    return found


def _read(path: Path, labels: tuple[str, ...], held_out) -> list[Labelled]:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        Labelled(
            " ".join(str(item["text"]).split()), label, str(item["source"]), path.name, held_out(label, str(item["source"])),
            str(item.get("register", "")),
        )
        for label in labels
        for item in data.get(label) or []
    ]
