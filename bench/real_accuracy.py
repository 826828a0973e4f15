"""Precision and recall of the guardrail rules on real-derived sentences, through the real `openrubric check`,
next to a plain keyword baseline.

Each sentence is placed twice in a copy of this repository's content: as a paragraph of a policy page and as
a paragraph of a filled narrative (the worked example). A placement counts as flagged for a rule when the rule
reports a finding in its file. Sentences labelled for one rule are the positives of that rule; every other
labelled sentence is a negative for it. `pass` sentences must get no error at all.

An entry of `policy/guardrails.yaml` may set its own `level`, so each rule is measured twice: counting every
finding, and counting errors only (what fails a check). A rule whose loose entries warn has its error precision
above its precision and its error recall below its recall; ordinary placements are counted with an error and
with any finding.

    python bench/real_accuracy.py                 # the development part
    python bench/real_accuracy.py --held-out      # the held-out part: measure it once, after tuning
    python bench/real_accuracy.py --misses        # list what each rule got wrong (development part only)
    python bench/real_accuracy.py --held-out --register policy,review   # only sentences from these kinds of text
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from fnmatch import fnmatch
from pathlib import Path

from real_corpus import PROJECT, RULE_OF_LABEL, Labelled, load

from openrubric.check import run_check
from openrubric.repository import Repository

CONTENT = ("policy", "rubrics", "narratives/templates")
EXAMPLE = PROJECT / "narratives" / "examples" / "review-avery-okafor.md"
PLACES = ("policy page", "narrative")

# The baseline a policy owner would write in five minutes: a list of words per rule, matched as substrings.
KEYWORDS = {
    "quota": ["quota", "curve", "forced", "stack rank", "ranking", "distribution", "%", "percent", "cap", "bottom", "attrition"],
    "banned-signal": ["hours", "slack", "online", "commits", "lines of code", "pull requests", "tickets", "activity",
                      "responsive", "weekend", "late", "office", "idle", "messages", "leaderboard"],
    "biased-language": ["abrasive", "aggressive", "bossy", "emotional", "personality", "attitude", "smile", "confiden",
                        "approachable", "assertive", "arrogan", "warm", "charisma", "negativ", "culture fit", "presence"],
}


def placed(text: str, place: str) -> str:
    if place == "policy page":
        return f"---\ntitle: Corpus statement\n---\n\n{text}\n"
    example = EXAMPLE.read_text(encoding="utf-8")
    return example.replace("\n## What changed because of the work?", f"\n{text}\n\n## What changed because of the work?", 1)


def flags(sentences: list[Labelled]) -> dict[tuple[int, str], dict[str, str]]:
    """(sentence index, place) -> {rule: severity} for the guardrail findings in its file: "error" when any of
    the rule's findings there is one."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in CONTENT:
            shutil.copytree(PROJECT / name, root / name)
        (root / ".git").mkdir()  # marks the root; nothing here needs history
        where: dict[str, tuple[int, str]] = {}
        for index, sentence in enumerate(sentences):
            for place in PLACES:
                path = f"policy/corpus-{index:04d}.md" if place == "policy page" else f"narratives/corpus/corpus-{index:04d}.md"
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_text(placed(sentence.text, place), encoding="utf-8")
                where[path] = (index, place)
        report = run_check(Repository(root), None)
        # A broken guardrails file switches the rules off: every figure would be zero, so stop instead.
        broken = [f"{finding.path}:{finding.line}: {finding.message}" for finding in report.findings if finding.path not in where]
        if broken:
            raise SystemExit(f"the repository's own content has findings; fix them first: {broken[0]}")
        found: dict[tuple[int, str], dict[str, str]] = {key: {} for key in where.values()}
        for finding in report.findings:
            if finding.path in where and finding.rule in KEYWORDS:
                rules = found[where[finding.path]]
                if rules.get(finding.rule) != "error":
                    rules[finding.rule] = finding.severity.value
    return found


def keyword_flags(sentences: list[Labelled]) -> dict[tuple[int, str], dict[str, str]]:
    found = {}
    for index, sentence in enumerate(sentences):
        lowered = sentence.text.lower()
        hits = {rule: "error" for rule, words in KEYWORDS.items() if any(word in lowered for word in words)}
        for place in PLACES:
            found[(index, place)] = hits
    return found


def figures(sentences: list[Labelled], found: dict[tuple[int, str], dict[str, str]]) -> dict[str, object]:
    """Per rule, precision and recall counting every finding and counting errors only; and how many ordinary
    (`pass`) placements got an error, and any finding."""
    result: dict[str, object] = {}
    for label, rule in RULE_OF_LABEL.items():
        expected = [sentences[i].label == label for i, _ in found]
        result[rule] = {
            **_precision_recall(expected, [rule in rules for rules in found.values()]),
            **_precision_recall(expected, [rules.get(rule) == "error" for rules in found.values()], prefix="error "),
            "positives": sum(expected),
            "placements": len(expected),
        }
    ordinary = [rules for (i, _), rules in found.items() if sentences[i].label == "pass"]
    result["errors on pass sentences"] = sum("error" in rules.values() for rules in ordinary)
    result["findings on pass sentences"] = sum(bool(rules) for rules in ordinary)
    result["pass placements"] = len(ordinary)
    return result


def _precision_recall(expected: list[bool], flagged: list[bool], prefix: str = "") -> dict[str, float]:
    true_positive = sum(want and got for want, got in zip(expected, flagged, strict=True))
    return {f"{prefix}precision": round(true_positive / max(sum(flagged), 1), 3), f"{prefix}recall": round(true_positive / max(sum(expected), 1), 3),
            f"{prefix}flagged": sum(flagged)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="measure the held-out part (once, after tuning)")
    parser.add_argument("--misses", action="store_true", help="list wrong verdicts (development part only)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--files", metavar="GLOB", help="only the sentences of files whose name matches, e.g. 'gathered_dev_seen_s8_*'")
    parser.add_argument("--register", metavar="NAMES", help="only sentences from these kinds of text, e.g. 'policy,review' (sets from s14 on record one)")
    args = parser.parse_args()
    registers = set(args.register.split(",")) if args.register else None
    sentences = [s for s in load() if s.held_out == args.held_out and (args.files is None or fnmatch(s.file, args.files))
                 and (registers is None or s.register in registers)]
    if not sentences and args.held_out:
        raise SystemExit("no held-out sentences: add a tests/corpus/real/gathered_heldout_*.yaml file or list sources in split.yaml")
    if not sentences:
        raise SystemExit("no real-derived sentences found: ../shared/corpus is missing beside this checkout")
    found = flags(sentences)
    report = {"part": "held-out" if args.held_out else "development", "sentences": len(sentences),
              "openrubric": figures(sentences, found), "keyword baseline": figures(sentences, keyword_flags(sentences))}
    print(json.dumps(report, indent=2) if args.json else _table(report))
    if args.misses and not args.held_out:
        _print_misses(sentences, found)
    return 0


def _table(report: dict) -> str:  # type: ignore[type-arg]
    lines = [f"{report['part']} part: {report['sentences']} sentences, each placed in a policy page and a narrative", "",
             "| rule | openrubric P / R | keyword baseline P / R | positive placements | openrubric errors only P / R |",
             "| --- | --- | --- | --- | --- |"]
    ours, base = report["openrubric"], report["keyword baseline"]
    for rule in KEYWORDS:
        lines.append(f"| {rule} | {ours[rule]['precision']:.3f} / {ours[rule]['recall']:.3f} | "
                     f"{base[rule]['precision']:.3f} / {base[rule]['recall']:.3f} | {ours[rule]['positives']} | "
                     f"{_errors_only(ours[rule])} |")
    lines.append(f"\nErrors on ordinary (`pass`) placements: openrubric {ours['errors on pass sentences']} "
                 f"(any finding: {ours['findings on pass sentences']}), "
                 f"keyword baseline {base['errors on pass sentences']} (of {ours['pass placements']}).")
    return "\n".join(lines)


def _errors_only(figures: dict) -> str:  # type: ignore[type-arg]
    if not figures["error flagged"]:
        return "- (no error)"  # every finding of the rule a warning: a precision would be 0/0
    return f"{figures['error precision']:.3f} / {figures['error recall']:.3f}"


def _print_misses(sentences: list[Labelled], found: dict[tuple[int, str], dict[str, str]]) -> None:
    for (index, place), rules in sorted(found.items()):
        sentence = sentences[index]
        expected = RULE_OF_LABEL.get(sentence.label)
        wrong = sorted(rule for rule in rules if rule != expected and (rules[rule] == "error" or sentence.label != "pass"))
        if expected and expected not in rules:
            print(f"  missed {expected:15} [{place}] {sentence.text}")
        for rule in wrong:
            print(f"  false  {rule:15} [{place}] {sentence.text}")


if __name__ == "__main__":
    sys.exit(main())
