"""How honest `openrubric audit` is, and how fast: false alarms on null cycles, power on planted effects, and
the time for a large cycle against the floor of reading its YAML.

- ``--null N``: N null cycles (a fresh organisation each, with an earlier null cycle for drift); the share of
  cycles with any finding at all is the false-alarm rate (target: at most 5%).
- ``--power N --manager A --remote B --platform C --calibration D``: N cycles with the four planted effects
  of ``audit_cycles`` at those sizes (each in its own place: one manager and category, remote engineers'
  collaboration, platform teams' operations, a tenure band in calibration); power is the share of cycles
  where the audit flags the effect where it was planted, in the planted direction.
- ``--timing N``: one cycle of N narratives; the audit in process (reading, checking, statistics, the JSON
  report) against PyYAML's CSafeLoader over the same files' front matter, in the same run, as a ratio.

Every cycle goes through the real pipeline: narratives written as files, read and checked with the
repository's rules, the people file read, the report built as `openrubric audit --format json` builds it.

Run: ``python bench/audit_benchmark.py --null 200`` | ``--power 100 --manager 0.8 --remote 0.3 ...`` |
``--timing 10000``;
``--engineers`` sets the cycle size (default 400), ``--seed`` the first seed.
"""

from __future__ import annotations

import argparse
import gc
import platform
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from audit_cycles import Effects, Planted, write_cycle

from openrubric.audit import command
from openrubric.audit.statistics import libraries
from openrubric.repository import Repository

ROOT = Path(__file__).resolve().parent.parent


def audit(folder: Path, previous: Path | None) -> dict[str, Any]:
    """The JSON report of the cycle in ``folder`` (restricted, with its people file), built in process."""
    report, _ = command._report(Repository(ROOT), [folder / "narratives"], folder / "people.csv", [previous / "narratives"] if previous else [], minimum=5, publishable=False)
    return report


def null_cycles(count: int, engineers: int, seed: int) -> None:
    alarmed, kinds = 0, Counter[str]()
    started = time.perf_counter()
    for number in range(count):
        with tempfile.TemporaryDirectory(prefix="audit-null-") as temporary:
            before, now = Path(temporary, "before"), Path(temporary, "now")
            truth = write_cycle(ROOT, before, engineers=engineers, seed=2 * (seed + number), period="2026-H1")
            write_cycle(ROOT, now, engineers=engineers, seed=2 * (seed + number) + 1, period="2026-H2", people=truth.engineers)
            report = audit(now, before)
        found = report["findings"]
        alarmed += bool(found)
        kinds.update(finding["kind"] for finding in found)
        tally = f"cycles with any finding so far: {alarmed} of {number + 1}"
        print(f"null cycle {number + 1}/{count}: {len(found)} findings of {report['comparisons']} comparisons; {tally}", file=sys.stderr, flush=True)
    print(f"null cycles: {count} of {engineers} engineers (and an earlier null cycle each); cycles with any finding: {alarmed} ({alarmed / count:.1%})")
    print(f"findings by kind: {dict(kinds) or 'none'}; {time.perf_counter() - started:.0f} s")


def detected(report: dict[str, Any], truth: Planted) -> dict[str, bool]:
    """Whether each planted effect was flagged where it was planted, in its direction."""

    def flagged(kind: str, subject: str, category: str | None, measure: str, sign: int) -> bool:
        return any(
            f["kind"] == kind and f["subject"] == subject and f["category"] == category and f["measure"] == measure and f["effect"] * sign > 0
            for f in report["findings"]
        )  # fmt: skip

    return {
        "manager": flagged("manager-consistency", truth.manager, truth.manager_category, "rating", -1),
        "remote": flagged("disparity", truth.remote, truth.remote_category, "rating", -1),
        "platform": flagged("disparity", truth.platform, truth.platform_category, "rating", -1),
        "calibration": flagged("disparity", truth.calibration, None, "lowered in calibration", +1),
    }


def power(count: int, engineers: int, seed: int, effects: Effects) -> None:
    hits, others = Counter[str](), Counter[str]()
    for number in range(count):
        with tempfile.TemporaryDirectory(prefix="audit-power-") as temporary:
            truth = write_cycle(ROOT, Path(temporary), engineers=engineers, seed=seed + number, effects=effects)
            report = audit(Path(temporary), None)
        found = detected(report, truth)
        hits.update(name for name, hit in found.items() if hit)
        others.update(_source(finding, truth) for finding in report["findings"])
        so_far = ", ".join(f"{name} {hits[name]}" for name in ("manager", "remote", "platform", "calibration"))
        print(f"power cycle {number + 1}/{count}: {sorted(name for name, hit in found.items() if hit)}; found so far: {so_far}", file=sys.stderr, flush=True)
    print(f"power with {effects}, {count} cycles of {engineers} engineers:")
    for name in ("manager", "remote", "platform", "calibration"):
        print(f"  {name}: {hits[name] / count:.0%}")
    print(f"  every finding, by where it comes from: {dict(sorted(others.items()))}")


def _source(finding: dict[str, Any], truth: Planted) -> str:
    """Where a finding comes from: a planted effect where it was planted ("hit"), a group that contains or
    complements a planted one (a platform team's manager rates operations lower because the team is a
    platform team; the other tenure bands are lowered less often), or nowhere planted ("unrelated")."""
    subject, category, measure = finding["subject"], finding["category"], finding["measure"]
    platform_managers = {engineer.manager for engineer in truth.engineers if engineer.team_type == "platform"}
    platform_teams = {f"team={engineer.team}" for engineer in truth.engineers if engineer.team_type == "platform"}
    planted = {
        (truth.manager, truth.manager_category, "rating"), (truth.remote, truth.remote_category, "rating"),
        (truth.platform, truth.platform_category, "rating"), (truth.calibration, None, "lowered in calibration"),
    }  # fmt: skip
    if (subject, category, measure) in planted:
        return "hit"
    if category == truth.platform_category and (subject in platform_managers or subject in platform_teams or subject == "team_type=product"):
        return "within or beside a planted group"
    if measure == "lowered in calibration" and subject.startswith("tenure_band="):
        return "within or beside a planted group"
    if subject == truth.manager and category == truth.manager_category:
        return "within or beside a planted group"
    if measure == "composite" and subject in (truth.remote, truth.platform, *platform_teams, "team_type=product"):
        return "within or beside a planted group"  # the composite carries the planted category's rating
    return f"unrelated: {finding['kind']} {measure}"


def timing(engineers: int, seed: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="audit-timing-"))
    try:
        write_cycle(ROOT, folder, engineers=engineers, seed=seed)
        files = sorted((folder / "narratives").glob("*.md"))
        libraries()  # scipy and statsmodels imported before timing: a cost paid once per process, not per narrative
        floor = _timed(lambda: [yaml.load(path.read_text(encoding="utf-8").split("---\n", 2)[1], Loader=yaml.CSafeLoader) for path in files])
        whole = _timed(lambda: audit(folder, None))
        print(f"{engineers} narratives, {sum(path.stat().st_size for path in files) / 1e6:.1f} MB; {platform.python_implementation()} {platform.python_version()}")
        print(f"floor (CSafeLoader over the front matter): {floor:.2f} s; audit in process: {whole:.2f} s; ratio {whole / floor:.1f}")
    finally:
        shutil.rmtree(folder)


def _timed(work: Any) -> float:
    gc.collect()
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--null", type=int, metavar="N")
    parser.add_argument("--power", type=int, metavar="N")
    for name in ("manager", "remote", "platform", "calibration"):
        parser.add_argument(f"--{name}", type=float, default=0.0, help=f"--power: size of the {name} effect (see audit_cycles)")
    parser.add_argument("--timing", type=int, metavar="NARRATIVES")
    parser.add_argument("--engineers", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1000)
    args = parser.parse_args()
    if args.null:
        null_cycles(args.null, args.engineers, args.seed)
    if args.power:
        power(args.power, args.engineers, args.seed, Effects(args.manager, args.remote, args.platform, args.calibration))
    if args.timing:
        timing(args.timing, args.seed)


if __name__ == "__main__":
    main()
