"""Benchmark ``openrubric diff`` and the site's history page over many commits, against ``git log -p``.

A generated repository holds this project's content and a history of N commits (default 2,000), each
changing one weight pair, an evidence minimum or a banned-signal phrase list. The peer is what a reviewer
would otherwise read: ``git log -p BASE..HEAD`` over the same paths. Both run as subprocesses in one run;
each is repeated and the median kept.

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
    rubric = root / "rubrics/rubric.yaml"
    guardrails = root / "policy/guardrails.yaml"
    for number in range(commits):
        if number % 2 == 0:
            # Move one point between two categories of one level, back and forth.
            text = rubric.read_text(encoding="utf-8")
            step = 1 if (number // 2) % 2 == 0 else -1
            text = re.sub(r"(      operational-outcomes: )(\d+)", lambda m, step=step: f"{m.group(1)}{int(m.group(2)) - step}", text, count=1)
            text = re.sub(r"(      code-quality: )(\d+)", lambda m, step=step: f"{m.group(1)}{int(m.group(2)) + step}", text, count=1)
            rubric.write_text(text, encoding="utf-8")
        else:
            text = guardrails.read_text(encoding="utf-8")
            text = text.replace("minimum_items: 2", "minimum_items: 3") if "minimum_items: 2" in text else text.replace("minimum_items: 3", "minimum_items: 2")
            guardrails.write_text(text, encoding="utf-8")
        git(root, "commit", "-qam", f"change {number}")


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
        history_script = "from pathlib import Path; from openrubric.repository import Repository; from openrubric.site.history import history_page, read_history; history_page(read_history(Repository(Path('.'))))"
        history = median_seconds([sys.executable, "-c", history_script], root, args.repeat)
    print(f"commits between the versions: {args.commits}")
    print(f"openrubric diff {base} HEAD --format json: {openrubric:.3f} s (median of {args.repeat})")
    print(f"git log -p {base}..HEAD -- {' '.join(PATHS)}: {git_log:.3f} s (median of {args.repeat})")
    print(f"ratio openrubric / git log -p: {openrubric / git_log:.2f} (target <= 2.0)")
    print(f"site history page over all {args.commits + 1} commits: {history:.3f} s (median of {args.repeat})")
    print(f"ratio history / git log -p: {history / git_log:.2f} (target <= 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
