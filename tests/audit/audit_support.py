"""What the audit tests share: synthetic cycles written by bench/audit_cycles.py, and `openrubric audit` run
in process. The audit only reads the policy repository, so most tests read this project's own content;
tests that reshape the rubric use the `repo` copy."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from audit_cycles import NO_EFFECTS, Effects, Planted, slug, write_cycle

from openrubric import cli

PROJECT = Path(__file__).resolve().parent.parent.parent
FORMATS = ("text", "markdown", "json", "html")


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def report(self) -> dict:
        return json.loads(self.out)


@dataclass
class Cycle:
    folder: Path
    truth: Planted

    @property
    def narratives(self) -> Path:
        return self.folder / "narratives"

    @property
    def people(self) -> Path:
        return self.folder / "people.csv"

    def identifiers(self) -> set[str]:
        """Every engineer's name and the file name made from it."""
        return {found for engineer in self.truth.engineers for found in (engineer.name, slug(engineer.name))}


def run_audit(*args: str | Path, root: Path = PROJECT) -> Run:
    """`openrubric audit --root ROOT ARGS...` in process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["audit", "--root", str(root), *map(str, args)])
    return Run(status, out.getvalue(), err.getvalue())


def write(folder: Path, *, root: Path = PROJECT, engineers: int = 60, seed: int = 1, period: str = "2026-H2", effects: Effects = NO_EFFECTS, people=None) -> Cycle:
    return Cycle(folder, write_cycle(root, folder, engineers=engineers, seed=seed, period=period, effects=effects, people=people))


@pytest.fixture(scope="session")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """100 engineers in 10 teams, with a strong planted disparity: every remote engineer's collaboration rating one step lower."""
    return write(tmp_path_factory.mktemp("cycle"), engineers=100, effects=Effects(remote=1.0))


@pytest.fixture(scope="session")
def previous(tmp_path_factory: pytest.TempPathFactory, cycle: Cycle) -> Cycle:
    return write(tmp_path_factory.mktemp("previous"), seed=2, period="2026-H1", people=cycle.truth.engineers)


@pytest.fixture(scope="session")
def reports(cycle: Cycle, previous: Cycle) -> dict[tuple[str, bool], Run]:
    """The cycle's report in every format, restricted and publishable: (format, publishable) -> run."""
    found = {}
    for output_format in FORMATS:
        for publishable in (False, True):
            extra = ["--publishable"] if publishable else []
            found[output_format, publishable] = run_audit(cycle.narratives, "--people", cycle.people, "--previous", previous.narratives, "--format", output_format, *extra)
    return found
