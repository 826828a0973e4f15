"""Benchmark ``openrubric diff`` over many commits, against ``git log -p``.

A generated repository holds this project's content and a history of N commits (default 2,000) of the kinds
a policy repository sees (``content_history``): weights, evidence minimums, guardrail phrases, policy wording,
schema-only commits and a version bump every 50 commits. The peer is what a reviewer
would otherwise read: ``git log -p BASE..HEAD`` over the same paths. Both run as subprocesses in one run;
each is repeated and the median kept. The site's history page over the same history is measured by
``site_benchmark.py --commits 2000``, which builds on ``content_history``.

    python bench/diff_benchmark.py [--commits 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = ("policy", "rubrics", "narratives/templates")
PATHS = ("policy", "rubrics", "schemas", "narratives/templates")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args], cwd=root, check=True, capture_output=True)


def build(root: Path, commits: int) -> None:
    for folder in CONTENT:
        shutil.copytree(PROJECT / folder, root / folder)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    content_history(root, commits)


def content_history(root: Path, commits: int) -> None:
    """``commits`` commits on the content in ``root``, of the kinds a policy repository sees, in turn: a weight
    point moved between two categories, an evidence minimum raised or lowered, phrases added to or removed
    from a guardrail, a policy paragraph reworded, and a schema-only (tooling) commit; every 50th commit also
    raises the rubric's major version with a changelog entry. The content stays valid throughout, and the
    repository ends packed."""
    for number in range(commits):
        kind = number % 5
        if kind == 0:
            step = 1 if (number // 5) % 2 == 0 else -1
            edit(root / "rubrics/rubric.yaml", r"(      operational-outcomes: )(\d+)", lambda m, step=step: f"{m.group(1)}{int(m.group(2)) - step}")
            edit(root / "rubrics/rubric.yaml", r"(      code-quality: )(\d+)", lambda m, step=step: f"{m.group(1)}{int(m.group(2)) + step}")
        elif kind == 1:
            edit(root / "policy/guardrails.yaml", r"minimum_items: (\d)", lambda m: f"minimum_items: {5 - int(m.group(1))}")
        elif kind == 2:
            # One phrase added, then taken out again: the removal loosens the guardrail.
            edit(root / "policy/guardrails.yaml", r"phrases: \[stay\* late,( bench phrase \d+,)?", lambda m, n=number: m.group(0)[: -len(m.group(1))] if m.group(1) else f"{m.group(0)} bench phrase {n},")
        elif kind == 3:
            edit(root / "policy/policy.md", r"can appeal within (\d+) days", lambda m: f"can appeal within {61 - int(m.group(1))} days")
        else:
            edit(root / "schemas/rubric.schema.json", r'"title": "Rubric[^"]*"', lambda m, n=number: f'"title": "Rubric (revision {n})"')
        if number % 50 == 49:
            bump(root, 2 + number // 50)
        git(root, "commit", "-qam", f"change {number}")
    # Packed, as a clone is: loose objects would slow git's own reading and make the peer's figure drift.
    git(root, "gc", "-q")


def edit(path: Path, pattern: str, replacement) -> None:  # type: ignore[no-untyped-def]
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
    if count != 1:
        sys.exit(f"{path}: the benchmark's edit {pattern!r} found nothing to change")
    path.write_text(text, encoding="utf-8")


def bump(root: Path, major: int) -> None:
    """Raise the rubric to ``major``.0.0, with its changelog entry."""
    edit(root / "rubrics/rubric.yaml", r"(?m)^version: .*$", lambda m: f"version: {major}.0.0")
    entry = f"  - version: {major}.0.0\n    date: 2026-01-01\n    summary: Benchmark release {major}.\n    rationale: Benchmark history.\n"
    edit(root / "rubrics/changelog.yaml", r"(?m)^entries:\n", lambda m: m.group(0) + entry)


def median_seconds(command: list[str], cwd: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root, args.commits)
        base = f"HEAD~{args.commits}"
        openrubric = median_seconds([sys.executable, "-m", "openrubric", "diff", base, "HEAD", "--format", "json"], root, args.repeat)
        git_log = median_seconds(["git", "log", "-p", f"{base}..HEAD", "--", *PATHS], root, args.repeat)
    print(f"commits between the versions: {args.commits}")
    print(f"openrubric diff {base} HEAD --format json: {openrubric:.3f} s (median of {args.repeat})")
    print(f"git log -p {base}..HEAD -- {' '.join(PATHS)}: {git_log:.3f} s (median of {args.repeat})")
    print(f"ratio openrubric / git log -p: {openrubric / git_log:.2f} (target <= 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
