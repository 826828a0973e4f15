"""``openrubric audit``: read a cycle, compare, and print the report (or write it where ``--out`` says).

Exit status: 0 when every input was used; 1 when the report was made but some input was left out (a
narrative failing its check, a people-file row or column), each named on standard error by file and line;
2 when no report can be made (no narratives, an unreadable people file, a missing extra, a bad option).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..repository import Repository, inside
from .cycle import AuditError, Cycle, Policy, load_policy, read_cycle
from .people import People, read_people, unmatched
from .privacy import DEFAULT_MINIMUM

if TYPE_CHECKING:
    from .report import Context  # imports numpy, which only the audit extra brings

MAX_MESSAGES = 50  # input problems printed per run; the rest are counted
# A restricted report names managers: readable by its author only. The publishable summary is for everyone.
RESTRICTED_MODE, PUBLISHABLE_MODE = 0o600, 0o644


def formats() -> dict[str, Callable[[dict[str, Any]], str]]:
    from .html import as_html
    from .render import as_markdown, as_text
    from .report import as_json

    return {"text": as_text, "markdown": as_markdown, "json": as_json, "html": as_html}


def main(
    repository: Repository, folders: list[Path], *, people_file: Path | None, previous: list[Path], output_format: str,
    minimum: int = DEFAULT_MINIMUM, publishable: bool = False, out: Path | None = None, force: bool = False,
) -> int:  # fmt: skip
    try:
        if out is not None:
            _check_target(repository, out, publishable=publishable, force=force)
        report, problems = _report(repository, folders, people_file, previous, minimum=minimum, publishable=publishable)
        text = formats()[output_format](report)
        _show(problems)
        if out is None:
            sys.stdout.write(text)
        else:
            _write(out, text, PUBLISHABLE_MODE if publishable else RESTRICTED_MODE)
            print(f"openrubric: wrote the {report['report']} report to {out}", file=sys.stderr)
    except AuditError as error:
        print(f"openrubric: error: {error}", file=sys.stderr)
        return 2
    return 1 if problems else 0


def _report(
    repository: Repository, folders: list[Path], people_file: Path | None, previous: list[Path], *, minimum: int, publishable: bool
) -> tuple[dict[str, Any], list[str]]:
    from .statistics import libraries

    libraries()  # before anything imports numpy: a missing extra is said at once, and plainly
    from . import analyses
    from .frame import frame
    from .report import document

    policy = load_policy(repository)
    cycle = read_cycle(policy, folders)
    earlier = sorted((read_cycle(policy, [folder]) for folder in previous), key=lambda found: found.label)
    if publishable and people_file is not None:
        print(f"openrubric: the publishable summary compares no groups, so {people_file} is not read", file=sys.stderr)
    people = read_people(people_file) if people_file is not None and not publishable else None
    problems = _problems(cycle, earlier, people, people_file)
    if not cycle.narratives:
        _show(problems)
        raise AuditError(f"every narrative in {', '.join(map(str, folders))} was left out (see above): nothing to audit")
    current = frame(policy, cycle, people, managers=not publishable)
    before = [(found.label, frame(policy, found, None, managers=False)) for found in earlier if found.narratives]
    audit = analyses.run(current, before, cycle.label, minimum)
    context = _context(policy, cycle, before, people, problems, minimum=minimum, publishable=publishable)
    return document(audit, context), problems


def _context(policy: Policy, cycle: Cycle, before: list[tuple[str, Any]], people: People | None, problems: list[str], *, minimum: int, publishable: bool) -> Context:
    from .report import Context

    return Context(
        cycle=cycle.label,
        previous=[label for label, _ in before],
        rubric_version=str(policy.rubric.get("version", "")),
        scale=policy.scale,
        audited=len(cycle.narratives),
        left_out=len(cycle.left_out),
        attributes=people.attributes if people is not None else None,
        input_problems=len(problems),
        minimum=minimum,
        publishable=publishable,
    )


def _problems(cycle: Cycle, earlier: list[Cycle], people: People | None, people_file: Path | None) -> list[str]:
    """Every input left out, as `path:line: why`; they name files and lines, never the people in them."""
    problems = [f"{left.reason} - left out of the audit" for found in (cycle, *earlier) for left in found.left_out]
    if people is not None and people_file is not None:
        problems += people.problems
        paths = _paths(cycle)
        problems += unmatched(people, paths, people_file)
    return problems


def _paths(cycle: Cycle) -> dict[str, str]:
    """Each engineer's narrative file, for messages that point at a file rather than name a person."""
    return {narrative.engineer: path for narrative, path in zip(cycle.narratives, cycle.paths, strict=True)}


def _show(problems: list[str]) -> None:
    for message in problems[:MAX_MESSAGES]:
        print(message, file=sys.stderr)
    if len(problems) > MAX_MESSAGES:
        print(f"openrubric: and {len(problems) - MAX_MESSAGES} more problems with the input", file=sys.stderr)


def _check_target(repository: Repository, out: Path, *, publishable: bool, force: bool) -> None:
    if out.is_dir():
        raise AuditError(f"--out {out}: a folder; give a file name")
    if os.path.lexists(out) and not force:
        raise AuditError(f"--out {out}: the file exists; pass --force to replace it")
    if os.path.islink(out):
        raise AuditError(f"--out {out}: a symbolic link; a report is never written through one")
    if not publishable and inside(repository.root, out.parent.resolve() / out.name):
        raise AuditError(
            f"--out {out}: inside the policy repository, which everyone who reads the rubric can read; the restricted "
            "report names managers, so write it elsewhere, or write the --publishable summary there"
        )
    if not out.parent.is_dir():
        raise AuditError(f"--out {out}: the folder {out.parent} does not exist")


def _write(out: Path, text: str, mode: int) -> None:
    """A new file renamed over the target: a failure leaves no half-written report, and a link that
    appeared since the check is replaced rather than written through."""
    descriptor, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name[:40]}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, out)
    except OSError as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise AuditError(f"--out {out}: cannot write: {error.strerror or error}") from None
