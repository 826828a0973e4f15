"""What the pre-commit hook costs an adopting repository: building its environment, and each run.

a. The environment. pre-commit builds a hook's environment by installing the hook's repository into a fresh
   virtual environment. Here both installs are made from the same source (this repository at HEAD) and the
   same local wheelhouse, alternately, each into a fresh venv with no pip cache:
   - before: ``openrubric[site]``, every dependency the package had before the site moved to an extra;
   - after: ``openrubric``, the check-only install the hook now makes.
   The wheelhouse is filled once beforehand (``pip wheel``), so network and download time are left out of
   both: what remains is what differs, the unpacking and byte-compiling of what gets installed.
b. The pre-commit path: ``pre-commit run HOOK --files rubrics/metrics.yaml`` in a copy of this repository's
   content, for the openrubric hook (the check-only install of a) and for check-jsonschema validating the same
   file against the same schema (the tool a team would otherwise wire in), alternately; and the two commands
   without pre-commit around them. check-jsonschema does far less (one file, one schema, no cross-file rules,
   no prose), so it is a demanding yardstick, not a flattering one.

Run: ``python bench/hook_benchmark.py [--repeat 3] [--runs 10]`` (needs git, and pre-commit and
check-jsonschema beside this Python: ``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = ("policy", "rubrics", "narratives/templates", "narratives/examples")
CHANGED = "rubrics/metrics.yaml"
VARIANTS = {"before (all dependencies)": "openrubric[site]", "after (check-only)": "openrubric"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="environments built per variant")
    parser.add_argument("--runs", type=int, default=10, help="pre-commit runs per hook")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="openrubric-hook-bench-") as scratch:
        work = Path(scratch)
        source = export_head(work / "source")
        wheelhouse = fill_wheelhouse(source, work / "wheelhouse")
        light = environments(wheelhouse, work, args.repeat)
        pre_commit_path(source, light, work / "policy", args.runs)
    return 0


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=True)


def export_head(destination: Path) -> Path:
    """This repository at HEAD, as pre-commit clones it."""
    destination.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=PROJECT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive, check=True)
    return destination


def fill_wheelhouse(source: Path, wheelhouse: Path) -> Path:
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", wheelhouse, f"{source}[site]")
    return wheelhouse


def environments(wheelhouse: Path, work: Path, repeat: int) -> Path:
    """Build each variant ``repeat`` times, alternately; print the table; return a check-only environment."""
    seconds: dict[str, list[float]] = {name: [] for name in VARIANTS}
    sizes: dict[str, tuple[int, int]] = {}
    for index in range(repeat):
        for name, requirement in VARIANTS.items():
            venv = work / f"env-{index}-{requirement.replace('[', '-').strip(']')}"
            started = time.monotonic()
            run(sys.executable, "-m", "venv", venv)
            pip = venv / "bin" / "pip"
            run(pip, "install", "--quiet", "--no-cache-dir", "--no-index", "--find-links", wheelhouse, requirement)
            seconds[name].append(time.monotonic() - started)
            sizes[name] = (folder_bytes(venv), len(run(pip, "list", "--format", "freeze").stdout.splitlines()))
            if index < repeat - 1 or name != "after (check-only)":
                shutil.rmtree(venv)
            else:
                light = venv
    print(f"## Hook environment (median of {repeat}; python -m venv + pip install from a local wheelhouse, no cache)\n")
    print("| Environment | Build time | Size on disk | Packages |")
    print("| --- | ---: | ---: | ---: |")
    for name in VARIANTS:
        size, packages = sizes[name]
        print(f"| {name} | {statistics.median(seconds[name]):.1f} s | {size / 1e6:.0f} MB | {packages} |")
    before, after = (statistics.median(seconds[name]) for name in VARIANTS)
    (size_before, _), (size_after, _) = (sizes[name] for name in VARIANTS)
    print(f"\nbefore/after: build time x{before / after:.2f}, size x{size_before / size_after:.2f}\n")
    return light


def folder_bytes(folder: Path) -> int:
    return sum(entry.stat(follow_symlinks=False).st_size for entry in folder.rglob("*") if not entry.is_symlink() and entry.is_file())


def pre_commit_path(source: Path, light: Path, repo: Path, runs: int) -> None:
    for folder in CONTENT:
        shutil.copytree(source / folder, repo / folder)
    (repo / ".gitignore").write_text("narratives/drafts/\n", encoding="utf-8")
    schema = source / "tooling" / "openrubric" / "schema_files" / "metrics.schema.json"  # the packaged schema openrubric applies
    check_jsonschema = Path(sys.executable).parent / "check-jsonschema"
    peer = f"{check_jsonschema} --base-uri {schema.as_uri()} --schemafile {schema}"
    (repo / ".pre-commit-config.yaml").write_text(
        f"""repos:
  - repo: local
    hooks:
      - id: openrubric-check
        name: openrubric check
        entry: {light / "bin" / "openrubric"} check
        language: system
        files: ^(policy|rubrics|narratives|schemas|site)/.*\\.(ya?ml|md|json)$
        require_serial: true
      - id: check-jsonschema
        name: check-jsonschema
        entry: {peer}
        language: system
        files: ^rubrics/metrics\\.yaml$
""",
        encoding="utf-8",
    )
    identity = ("-c", "user.name=bench", "-c", "user.email=bench@example.invalid")
    run("git", "init", "-q", cwd=repo)
    run("git", *identity, "add", "-A", cwd=repo)
    run("git", *identity, "commit", "-qm", "content", cwd=repo)
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--files", CHANGED]
    commands = {
        "pre-commit run openrubric-check --files": [*pre_commit[:4], "openrubric-check", *pre_commit[4:]],
        "pre-commit run check-jsonschema --files": [*pre_commit[:4], "check-jsonschema", *pre_commit[4:]],
        "openrubric check FILE": [str(light / "bin" / "openrubric"), "check", CHANGED],
        "check-jsonschema ... FILE": [*peer.split(), CHANGED],
    }
    times = alternate(commands, repo, runs)
    print(f"## The pre-commit path: one changed file ({CHANGED}), median of {runs} alternating runs\n")
    print("| Command | Wall time | openrubric / check-jsonschema |")
    print("| --- | ---: | ---: |")
    names = list(commands)
    for ours, theirs in ((names[0], names[1]), (names[2], names[3])):
        ratio = statistics.median(a / b for a, b in zip(times[ours], times[theirs], strict=True))
        print(f"| {ours} | {statistics.median(times[ours]) * 1000:.0f} ms | x{ratio:.2f} |")
        print(f"| {theirs} | {statistics.median(times[theirs]) * 1000:.0f} ms | |")


def alternate(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, list[float]]:
    """Wall seconds of each command, run in turn ``runs`` times after one warm-up each; every run must pass."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    for index in range(runs + 1):
        for name, command in commands.items():
            started = time.monotonic()
            completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
            elapsed = time.monotonic() - started
            if completed.returncode != 0:
                raise SystemExit(f"{name} failed:\n{completed.stdout}{completed.stderr}")
            if index:
                times[name].append(elapsed)
    return times


if __name__ == "__main__":
    sys.exit(main())
