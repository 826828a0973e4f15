"""How often each guardrail entry is right on the real-derived labelled sentences: a policy owner's evidence for an
entry's `level` (error or warning) or for rewriting it.

Each entry of `guardrail_rules.entries` is compiled alone, so it is counted wherever it fires, also where an
earlier entry of its rule fires first in the check. Each sentence is read as a policy page and as a narrative; a
placement it fires on is right when the sentence is labelled for the entry's rule. Sentences labelled `ambiguous`
are left out, as from every figure.

    python bench/entry_precision.py                     # the development part
    python bench/entry_precision.py --files 'gathered_dev_seen_s13_*'
"""

from __future__ import annotations

import argparse
import copy
import sys
from fnmatch import fnmatch

from real_corpus import PROJECT, RULE_OF_LABEL, load

from openrubric.content import Content
from openrubric.repository import Repository
from openrubric.rules.entries import compile_reading, entry_level

KINDS = ("page", "narrative")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="the held-out part instead (read it only after measuring it)")
    parser.add_argument("--files", metavar="GLOB", help="only the sentences of files whose name matches")
    args = parser.parse_args()
    sentences = [s for s in load() if s.held_out == args.held_out and (args.files is None or fnmatch(s.file, args.files))]
    if not sentences:
        raise SystemExit("no real-derived sentences found: ../shared/corpus is missing beside this checkout")
    content = Content.load(Repository(PROJECT), [])
    guardrails, rubric = content.single("guardrails"), content.single("rubric")
    if guardrails is None or rubric is None:
        raise SystemExit("this checkout has no guardrails file or no rubric")
    scale_words = [word for step in rubric.data["scale"] for word in (step["id"], step["label"])]  # type: ignore[index]
    print(f"{len(sentences)} sentences, each read as a policy page and as a narrative\n")
    print("| entry | rule | level | fires | right | wrong | precision |\n| --- | --- | --- | --- | --- | --- | --- |")
    for raw in guardrails.data["guardrail_rules"]["entries"]:  # type: ignore[index]
        right, wrong = _count(_alone(guardrails.data, raw), scale_words, raw, sentences)
        level = entry_level(raw).value
        print(f"| {raw['id']} | {raw['rule']} | {level} | {right + wrong} | {right} | {wrong} | {right / max(right + wrong, 1):.2f} |")
    return 0


def _alone(data: dict, raw: dict) -> dict:  # type: ignore[type-arg]
    """The guardrails data with ``raw`` as its only entry."""
    alone = copy.deepcopy(data)
    alone["guardrail_rules"]["entries"] = [raw]
    return alone


def _count(data: dict, scale_words: list[str], raw: dict, sentences: list) -> tuple[int, int]:  # type: ignore[type-arg]
    reading = compile_reading(data, scale_words)
    right = wrong = 0
    for sentence in sentences:
        for kind in KINDS:
            if any(match.entry.id == raw["id"] for match in reading.read(sentence.text, kind)):
                if RULE_OF_LABEL.get(sentence.label) == raw["rule"]:
                    right += 1
                else:
                    wrong += 1
    return right, wrong


if __name__ == "__main__":
    sys.exit(main())
