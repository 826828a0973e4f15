"""Precision and recall of a guardrail rule on a labelled corpus, through the real `openrubric check`.

Each statement is written into its own Markdown policy page in a copy of this repository's content, in the
place its `where` names (visible text, a YAML value or comment in the front matter, an HTML or Jinja
comment), and the whole repository is checked once. A statement counts as flagged when the rule reports a
finding in its file.

    python bench/guardrail_accuracy.py tests/corpus/quota.yaml --rule quota
    python bench/guardrail_accuracy.py tests/corpus/banned_signal.yaml --rule banned-signal --misses
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from openrubric.check import run_check
from openrubric.repository import Repository

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = ("policy", "rubrics", "narratives/templates")


def page(text: str, where: str) -> str:
    """A policy page holding ``text`` in the place ``where`` names."""
    value = json.dumps(text)  # a JSON string is a valid double-quoted YAML scalar
    front = {"yaml-value": f"summary: {value}\n", "yaml-comment": f"# {text}\n"}.get(where, "")
    body = {"markdown": text, "html-comment": f"<!-- {text} -->", "jinja-comment": f"{{# {text} #}}"}.get(where, "")
    return f"---\ntitle: Corpus statement\n{front}---\n\n{body}\n"


def flagged_statements(statements: list[dict], rule: str) -> list[bool]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in CONTENT:
            shutil.copytree(PROJECT / name, root / name)
        (root / ".git").mkdir()  # marks the root; nothing here needs history
        paths = []
        for index, statement in enumerate(statements):
            path = f"policy/corpus-{index:04d}.md"
            (root / path).write_text(page(statement["text"], statement["where"]), encoding="utf-8")
            paths.append(path)
        findings = run_check(Repository(root), None).findings
        broken = [finding.message for finding in findings if finding.rule == "internal-error"]
        if broken:
            raise SystemExit(f"openrubric failed: {broken[0]}")
        hits = {finding.path for finding in findings if finding.rule == rule}
    return [path in hits for path in paths]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rule", required=True)
    parser.add_argument("--misses", action="store_true", help="list the statements classified wrongly")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    corpus = yaml.safe_load(args.corpus.read_text(encoding="utf-8"))
    positive_label = next(key for key in corpus if key != "legitimate")
    statements = [*corpus[positive_label], *corpus["legitimate"]]
    expected = [True] * len(corpus[positive_label]) + [False] * len(corpus["legitimate"])
    flagged = flagged_statements(statements, args.rule)

    true_positives = sum(f and e for f, e in zip(flagged, expected, strict=True))
    precision = true_positives / max(sum(flagged), 1)
    recall = true_positives / max(sum(expected), 1)
    figures = {"rule": args.rule, "corpus": str(args.corpus), "positives": sum(expected), "negatives": len(expected) - sum(expected),
               "flagged": sum(flagged), "precision": round(precision, 3), "recall": round(recall, 3)}
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{args.rule} on {args.corpus}: precision {precision:.3f}, recall {recall:.3f} "
              f"({figures['positives']} {positive_label}, {figures['negatives']} legitimate, {sum(flagged)} flagged)")
    if args.misses:
        for statement, was_flagged, should in zip(statements, flagged, expected, strict=True):
            if was_flagged != should:
                label = "missed" if should else "false alarm"
                print(f"  {label:11} [{statement['where']}] {statement['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
