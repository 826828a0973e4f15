"""``openrubric narrative new|check|score``: a manager's loop from an empty file to a checked composite."""

from __future__ import annotations

import sys
from pathlib import Path

from . import narratives, scoring
from .check import in_work_tree, run_check
from .formatters import FORMATTERS
from .repository import Repository, kind_of


def new(repository: Repository, request: narratives.Request, out: Path | None, force: bool) -> int:
    try:
        path = narratives.write(repository, request, out, force=force)
    except narratives.TemplateFailed as error:
        print(error, file=sys.stderr)  # path:line: message, where an editor can jump to it
        return 1
    except narratives.DraftError as error:
        print(f"openrubric: {error}", file=sys.stderr)
        return 1
    usual = repository.root / narratives.default_path(request)
    if out is None and path != usual:
        print(f"{usual.name} is another engineer's draft, so this one is {path.name}.")
    print("Fill in every TODO, then run `openrubric narrative check` on it.")
    print(path)
    return 0


def check(repository: Repository, paths: list[str], output_format: str) -> int:
    report = in_work_tree(run_check(repository, paths), repository)
    print(FORMATTERS[output_format](report))
    return 1 if report.errors else 0


def score(repository: Repository, path: str, output_format: str) -> int:
    kind = kind_of(path)
    if kind is None or kind.name != "narrative":
        what = f"it is a {kind.name} file" if kind else "it is not a content file"
        print(f"openrubric: {path} is not a narrative ({what}); narratives are Markdown files under narratives/, outside templates/", file=sys.stderr)
        return 1
    report = run_check(repository, [path])
    errors = [finding for finding in report.findings if finding.is_error]
    if errors:
        print(FORMATTERS["text"](report), file=sys.stderr)
        print(f"openrubric: {path} has {len(errors)} error(s): no score without evidence; fix them first", file=sys.stderr)
        return 1
    from .content import Content

    content = Content.load(repository, [path])
    narrative, rubric = content.documents[path], content.single("rubric")
    if rubric is None:
        print(f"openrubric: {path} cannot be scored: the rubric has errors; run `openrubric check` and fix them first", file=sys.stderr)
        return 1
    if narrative not in content.valid("narrative"):
        print(f"openrubric: {path} could not be validated (is schemas/narrative.schema.json broken? `openrubric check` says): no score", file=sys.stderr)
        return 1
    try:
        total, parts = scoring.composite(narrative.data, rubric.data)  # type: ignore[arg-type]
    except scoring.ScoringError as error:
        print(f"openrubric: {path} cannot be scored with {rubric.path}: {error}", file=sys.stderr)
        return 1
    print(scoring.as_json(total, parts) if output_format == "json" else scoring.as_text(total, parts))
    return 0
