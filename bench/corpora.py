"""Which labelled corpora train the learned models and which are held out (tests/corpus/training.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml

CORPORA = Path(__file__).resolve().parent.parent / "tests" / "corpus"
MANIFEST: dict[str, dict] = yaml.safe_load((CORPORA / "training.yaml").read_text(encoding="utf-8"))


def training_files(rule: str) -> list[Path]:
    """The rule's corpora, at the top level and under train/, less the held-out ones."""
    entry = MANIFEST[rule]
    files = sorted([*CORPORA.glob(f"{entry['prefix']}*.yaml"), *(CORPORA / "train").glob(f"{entry['prefix']}*.yaml")])
    return [path for path in files if path.name not in entry["held_out"]]


def held_out_files(rule: str) -> list[Path]:
    return [CORPORA / name for name in MANIFEST[rule]["held_out"]]
