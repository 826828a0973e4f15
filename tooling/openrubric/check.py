"""``openrubric check``: validate a policy repository, or the files pre-commit passes, and report."""

from __future__ import annotations

import dataclasses
import datetime
import gc
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NamedTuple

from . import selection, suppressions
from .config import Config
from .content import SHARED_KINDS, Content
from .findings import Finding, Severity
from .formatters import FORMATTERS, Report
from .registry import CHECKS, INTERNAL_ERROR, RULES
from .repository import Repository, kind_of
from .suppressions import Silenced

Outcome = tuple[list[Finding], list[Silenced]]

# Below this many narratives, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
# Allocations between two passes of the garbage collector during a check (see _fewer_collections); mypy's value.
_COLLECT_EVERY = 200_000


def run_check(
    repository: Repository, targets: list[str] | None, *, jobs: int = 1, exclude: tuple[str, ...] = (), supplied: dict[str, bytes] | None = None
) -> Report:
    """Check ``targets`` (repository-relative paths), or the whole repository when None.

    Cross-file checks always see the whole repository, but with explicit targets only findings in a target,
    or involving one, are reported: that is what lets pre-commit pass just the changed files, and what lets
    a large repository be checked in parallel, one share of its narratives per process. Files matching
    ``exclude`` are not checked, but the shared ones (the rubric, guardrails ...) are still read by the
    rules that need them. ``supplied`` gives the bytes of targets read from standard input.
    """
    with _fewer_collections():
        return _checked(repository, targets, jobs=jobs, exclude=exclude, supplied=supplied)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The garbage collector set to pass less often for the time of a check, then as the caller had it. A check
    keeps tens of thousands of objects (documents, sentences and verdicts kept by text), which each pass at the
    default pace (every 700 allocations) walks again, and makes almost no reference cycles for a pass to free.
    Memory stays bounded: at most a fixed number of objects wait for the next pass."""
    before = gc.get_threshold()
    gc.set_threshold(_COLLECT_EVERY, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _checked(
    repository: Repository, targets: list[str] | None, *, jobs: int, exclude: tuple[str, ...], supplied: dict[str, bytes] | None
) -> Report:
    if targets is not None:
        targets = [path for path in targets if not selection.excluded(path, exclude)]
        findings, silenced = _findings(repository, targets, supplied=supplied)
        files_checked = sum(kind_of(path) is not None for path in targets)
        return _report(repository, findings, files_checked, silenced)
    survey = repository.survey()
    every = [path for path in survey.paths if not selection.excluded(path, exclude) or kind_of(path).name in SHARED_KINDS]  # type: ignore[union-attr]
    narratives = [path for path in every if kind_of(path).name == "narrative"]  # type: ignore[union-attr]
    if jobs > 1 and len(narratives) >= PARALLEL_FROM:
        others = sorted(set(every) - set(narratives))
        shares = [narratives[index::jobs] for index in range(jobs)]
        findings, silenced = _in_parallel(repository, [others, *shares], jobs, survey.tracked)
    else:
        findings, silenced = _findings(repository, None, survey.tracked, every=every)
    return _report(repository, findings, sum(not selection.excluded(path, exclude) for path in every), silenced)


def _report(repository: Repository, findings: list[Finding], files_checked: int, silenced: list[Silenced]) -> Report:
    return Report(sorted(set(findings)), files_checked, sorted(set(silenced), key=lambda pair: pair[0]), repository.root)


def _findings(
    repository: Repository,
    targets: list[str] | None,
    tracked: frozenset[str] | None = None,
    *,
    every: list[str] | None = None,
    supplied: dict[str, bytes] | None = None,
) -> Outcome:
    """Findings and silenced findings for ``targets``; for the whole repository, ``every`` (already
    surveyed) spares a second walk of its folders. ``tracked``, when known, spares asking git again."""
    if every is not None:
        content = Content(repository, paths=every, tracked=tracked)
    else:
        content = Content.load(repository, targets, tracked=tracked, supplied=supplied)
    return check_content(content, targets)


def check_content(content: Content, targets: list[str] | None) -> Outcome:
    """Every check run over ``content``, suppressions applied; with ``targets``, only what concerns them."""
    findings = list(content.findings)
    for check in CHECKS:
        findings += _run_one(check.run, content)
    checked = [d for d in content.documents.values() if targets is None or d.path in targets]
    findings, silenced = suppressions.apply(checked, findings, RULES, datetime.date.today())
    if targets is None:
        return findings, silenced
    wanted = set(targets)
    # A check that broke is reported whichever files were asked for: it may have missed findings in them.
    return [f for f in findings if f.path in wanted or f.involves & wanted or f.rule == INTERNAL_ERROR.name], silenced


def _in_parallel(repository: Repository, groups: list[list[str]], jobs: int, tracked: frozenset[str]) -> Outcome:
    # Imported here: a pre-commit run never needs them, and they cost it 60 ms.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers start with the modules already imported, so a worker costs milliseconds.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = list(pool.map(_findings, [repository] * len(groups), groups, [tracked] * len(groups)))
    return [f for findings, _ in results for f in findings], [pair for _, silenced in results for pair in silenced]


def _run_one(check, content: Content) -> list[Finding]:  # type: ignore[no-untyped-def]
    try:
        return list(check(content))
    except Exception as error:  # noqa: BLE001 - one broken check must not hide the others' findings
        from .crash import location

        path, line = location(error) or ("openrubric", 1)
        detail = " ".join(str(error).split())[:300]
        message = f"the check {check.__module__}.{check.__name__} failed on this file: {type(error).__name__}: {detail}; please report it"
        return [INTERNAL_ERROR.finding(path, line, 1, message)]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def against_base(repository: Repository, base: str) -> list[Finding]:
    """Version discipline: the changes since ``base`` against the version, changelog and open cycles."""
    from . import snapshots
    from .rules import versioning
    from .semantic_diff import changes

    old = snapshots.read(repository, base)
    found = changes(old, snapshots.read(repository, None))
    content = Content.load(repository, [])
    content.findings  # noqa: B018 - validation decides which documents are usable
    old_version = (old.get("rubric") or {}).get("version")
    old_version = old_version if isinstance(old_version, str) else None  # the base need not match the schema
    return list(versioning.check_against_base(content, found, old_version, datetime.date.today()))


class Request(NamedTuple):
    """What the command line asked of ``openrubric check``, beside the configuration."""

    paths: list[str]
    output_format: str
    jobs: int
    base: str | None = None
    stdin_name: str | None = None  # the path the content read from standard input stands for
    quiet: bool = False


def main(repository: Repository, request: Request, config: Config | None = None) -> int:
    config = config or Config()
    supplied, targets = None, None
    if request.stdin_name is not None:
        name = repository.relative(request.stdin_name, Path.cwd(), must_exist=False)
        supplied, targets = {name: sys.stdin.buffer.read()}, [name]
    elif request.paths:
        targets = [repository.relative(path, Path.cwd()) for path in request.paths]
    report = run_check(repository, targets, jobs=request.jobs, exclude=config.exclude, supplied=supplied)
    if request.base is not None:
        from .snapshots import RevisionError

        try:
            extra = against_base(repository, request.base)
        except RevisionError as error:
            print(f"openrubric: error: {error}", file=sys.stderr)
            return 2
        report = dataclasses.replace(report, findings=sorted(set(report.findings) | set(extra)))
    report = dataclasses.replace(
        report,
        findings=selection.shaped(report.findings, config),
        silenced=[(f, s) for f, s in report.silenced if selection.chosen(f, config)],
        fail_on=Severity(config.fail_on),
        quiet=request.quiet,
    )
    report = in_work_tree(report, repository)
    output = FORMATTERS[request.output_format](report)
    if output:
        print(output)
    return report.exit_code


def in_work_tree(report: Report, repository: Repository) -> Report:
    """``report`` with every path relative to the git work tree rather than the content's root (``hr/policy/
    policy.md`` for a policy kept in ``hr/``), so that annotations and SARIF name the files a pull request shows."""
    work_tree = repository.work_tree()
    prefix = repository.root.relative_to(work_tree).as_posix()
    if prefix == ".":
        return dataclasses.replace(report, root=work_tree)

    def moved(finding: Finding) -> Finding:
        return dataclasses.replace(finding, path=f"{prefix}/{finding.path}", involves=frozenset(f"{prefix}/{path}" for path in finding.involves))

    silenced = [(moved(f), s._replace(path=f"{prefix}/{s.path}")) for f, s in report.silenced]
    return dataclasses.replace(report, findings=[moved(f) for f in report.findings], silenced=silenced, root=work_tree)
