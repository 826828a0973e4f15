"""The pre-commit path's CPU time on several source trees, interleaved: ``openrubric check rubrics/rubric.yaml``
run from each tree's root with that tree's ``tooling`` first on the path, one tree after another, ``--runs`` times,
each run a new process whose CPU time (user + system) is read from ``os.wait4``. Each tree runs once first, so its
entries in the cache folder are kept (row d1 of check_benchmark.py; d3 is the same with nothing kept).

``--bytecode`` lets Python keep the compiled modules (in a folder of its own, outside the trees), as an installed
package has them; without it, the environment decides (``PYTHONDONTWRITEBYTECODE=1`` compiles every module of a
source tree in every run).

Run: ``python bench/precommit_cpu.py [--runs 21] [--bytecode] TREE...`` (e.g. a ``git archive`` of each commit).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

COMMAND = ("-m", "openrubric", "check", "rubrics/rubric.yaml")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path, metavar="TREE")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--bytecode", action="store_true", help="keep compiled modules between runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as compiled:
        environments = [_environment(tree.resolve(), Path(compiled) if args.bytecode else None) for tree in args.trees]
        for tree, environment in zip(args.trees, environments, strict=True):
            _cpu(tree, environment)  # keeps the tree's entries (and its compiled modules)
        times: list[list[float]] = [[] for _ in args.trees]
        for _ in range(args.runs):
            for index, (tree, environment) in enumerate(zip(args.trees, environments, strict=True)):
                times[index].append(_cpu(tree, environment))
    print(f"| Tree | median CPU s | min | max |  ({args.runs} runs each, interleaved{', bytecode kept' if args.bytecode else ''})")
    print("| --- | --- | --- | --- |")
    for tree, values in zip(args.trees, times, strict=True):
        print(f"| {tree} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")
    return 0


def _environment(tree: Path, compiled: Path | None) -> dict[str, str]:
    environment = {**os.environ, "PYTHONPATH": str(tree / "tooling")}
    if compiled is not None:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(compiled)
    return environment


def _cpu(tree: Path, environment: dict[str, str]) -> float:
    process = subprocess.Popen([sys.executable, *COMMAND], cwd=tree, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{tree}: exit {os.waitstatus_to_exitcode(status)}: {process.stderr.read().decode() if process.stderr else ''}")
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
