"""``openrubric check``: validate a policy repository, or the files pre-commit passes, and report."""

from __future__ import annotations

from pathlib import Path

from .content import Content
from .findings import Finding
from .formatters import FORMATTERS, Report
from .repository import Repository, kind_of
from .rules import CHECKS, INTERNAL_ERROR

def run_check(repository: Repository, targets: list[str] | None) -> Report:
    """Check ``targets`` (repository-relative paths), or the whole repository when None.

    Cross-file checks always see the whole repository, but with explicit targets only findings in a target,
    or involving one, are reported: pre-commit may split a long file list into several runs, and each
    finding then belongs to exactly one of them.
    """
    content = Content.load(repository, targets)
    findings = list(content.findings)
    for check in CHECKS:
        findings += _run_one(check, content)
    if targets is not None:
        wanted = set(targets)
        findings = [f for f in findings if f.path in wanted or f.involves & wanted]
        files_checked = sum(kind_of(path) is not None for path in wanted)
    else:
        files_checked = len(content.documents)
    return Report(sorted(set(findings)), files_checked)


def _run_one(check, content: Content) -> list[Finding]:  # type: ignore[no-untyped-def]
    try:
        return list(check(content))
    except Exception as error:  # noqa: BLE001 - one broken check must not hide the others' findings
        message = f"the check {check.__module__}.{check.__name__} failed: {type(error).__name__}: {error}"
        return [INTERNAL_ERROR.finding("openrubric", 1, 1, message)]


def main(*, root: Path | None, paths: list[str], output_format: str) -> int:
    repository = Repository(root.resolve()) if root else Repository.around(Path.cwd())
    targets = [repository.relative(path, Path.cwd()) for path in paths] if paths else None
    report = run_check(repository, targets)
    print(FORMATTERS[output_format](report))
    return 1 if report.errors else 0
