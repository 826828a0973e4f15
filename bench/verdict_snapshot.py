"""Record what `openrubric check` finds, and every guardrail verdict under it, so that a change meant to make
the check faster can be shown to change nothing it reports.

Three repositories are checked with the real ``run_check``:

- ``repo``: this repository's own content;
- ``drafted``: the 300 drafted narratives of ``bench/check_benchmark.py --drafted`` (seeded, so the same each run);
- ``corpora``: every labelled sentence of the real-derived corpora (``bench/real_corpus.py``) and of the
  written-to-order corpora under ``tests/corpus/``, each placed in a policy page and in a filled narrative as
  ``bench/real_accuracy.py`` places them.

For each, the snapshot holds every finding (path, line, column, rule, severity, message); for every readable
document, a digest of the sentences the guardrail rules read (text, line, column, where it sits); and for each
distinct sentence and kind of document, the entries that fire on it and the words they matched. Findings alone
would say little about a clean repository.

    python bench/verdict_snapshot.py record /tmp/before.json
    python bench/verdict_snapshot.py compare /tmp/before.json      # exit 1 and the first differences if any
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from check_benchmark import generate
from real_accuracy import CONTENT, PLACES, placed
from real_corpus import PROJECT, load

from openrubric import prose
from openrubric.check import run_check
from openrubric.content import Content
from openrubric.repository import Repository
from openrubric.rules.guardrails import reading_of

DRAFTED_NARRATIVES = 300
WRITTEN_CORPORA = PROJECT / "tests" / "corpus"


def corpus_sentences() -> list[str]:
    """Every sentence of the real-derived corpora, then of the written-to-order ones, each once."""
    texts = [labelled.text for labelled in load()]
    for path in sorted(WRITTEN_CORPORA.rglob("*.yaml")):
        if path.parent.name == "real":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts += [" ".join(str(item["text"]).split()) for items in data.values() if isinstance(items, list) for item in items if isinstance(item, dict) and "text" in item]
    return list(dict.fromkeys(texts))


def write_corpora(root: Path) -> None:
    for name in CONTENT:
        shutil.copytree(PROJECT / name, root / name)
    (root / ".git").mkdir()
    for index, text in enumerate(corpus_sentences()):
        for place in PLACES:
            path = root / (f"policy/corpus-{index:05d}.md" if place == "policy page" else f"narratives/corpus/corpus-{index:05d}.md")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(placed(text, place), encoding="utf-8")


def snapshot(root: Path) -> dict[str, Any]:
    repository = Repository(root)
    findings = [[f.path, f.line, f.column, f.rule, f.severity.value, f.message] for f in run_check(repository, None).findings]
    content = Content.load(repository, None)
    content.findings  # noqa: B018 - validation decides which documents are readable
    reading = reading_of(content)
    sentences: dict[str, str] = {}
    verdicts: dict[str, list[Any]] = {}
    for path, document in sorted(content.documents.items()):
        if not document.readable:
            continue
        rows = [[s.text, s.line, s.column, s.where, list(s.key_path or ())] for s in prose.sentences(document)]
        sentences[path] = hashlib.sha256(json.dumps(rows).encode()).hexdigest()  # the corpora hold a million sentences
        for text, *_ in rows:
            key = f"{document.kind}\t{text}"
            if reading is not None and key not in verdicts:
                matches = reading.read(text, document.kind)
                verdicts[key] = [[match.entry.id, [list(part) for part in match.parts]] for match in matches]
        prose.forget(document)
    return {"findings": findings, "sentences": sentences, "verdicts": verdicts}


def snapshots() -> dict[str, Any]:
    makers = {"drafted": lambda root: generate(root, DRAFTED_NARRATIVES, drafted=True), "corpora": write_corpora}
    found = {"repo": snapshot(PROJECT)}
    for name, make in makers.items():
        with tempfile.TemporaryDirectory(prefix=f"openrubric-snapshot-{name}-") as folder:
            make(Path(folder))
            found[name] = snapshot(Path(folder))
    for name, taken in found.items():
        print(f"{name}: {len(taken['findings'])} findings, {len(taken['verdicts'])} distinct sentences", file=sys.stderr)
    return found


def differences(before: dict[str, Any], after: dict[str, Any], limit: int = 20) -> list[str]:
    found = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name, {}), after.get(name, {})
        old_findings, new_findings = set(map(json.dumps, old.get("findings", []))), set(map(json.dumps, new.get("findings", [])))
        found += [f"{name}: finding only before: {row}" for row in sorted(old_findings - new_findings)]
        found += [f"{name}: finding only after: {row}" for row in sorted(new_findings - old_findings)]
        for part in ("sentences", "verdicts"):
            old_part, new_part = old.get(part, {}), new.get(part, {})
            found += [
                f"{name}: {part} of {key!r}: {old_part.get(key)} before, {new_part.get(key)} after"
                for key in sorted(old_part.keys() | new_part.keys())
                if old_part.get(key) != new_part.get(key)
            ]
    return found[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("file", type=Path)
    args = parser.parse_args()
    current = snapshots()
    if args.action == "record":
        args.file.write_text(json.dumps(current), encoding="utf-8")
        return 0
    found = differences(json.loads(args.file.read_text(encoding="utf-8")), current)
    print("\n".join(found) if found else "identical: every finding, sentence and verdict")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
