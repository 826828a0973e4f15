"""The change history page: every commit that touched the review system, with what it changed in meaning.

It walks the commits touching policy/, rubrics/, schemas/ and narratives/templates/ and diffs each with its
first parent using the same semantic diff as ``openrubric diff``. Parsed files are cached by blob, so each
version of a file is read once however many commits share it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from .. import snapshots
from ..repository import Repository
from ..semantic_diff import LOOSENS, changes
from .pages import cell, text

PATHS = ("policy", "rubrics", "schemas", "narratives/templates")


def history_page(repository: Repository, repo_url: str | None = None) -> str:
    try:
        repo = snapshots.open_repository(repository)
        commits = list(repo.iter_commits("HEAD", paths=list(PATHS)))
    except Exception:  # noqa: BLE001 - no git, or no commits yet: the page says so instead of failing the build
        return "# Change history\n\nNo history is available: this site was built outside a git repository.\n"
    lines = ["# Change history", ""]
    if (Path(repo.git_dir) / "shallow").exists():
        lines += ["!!! warning \"History is truncated\"", "    This site was built from a shallow clone, so older changes are missing. Build with the full history (`fetch-depth: 0`).", ""]
    cache: dict[str, Any] = {}
    version = None
    for commit in commits:
        new = snapshots.read_commit(commit, cache)
        in_force = (new.get("rubric") or {}).get("version", "unversioned")
        if in_force != version:
            version = in_force
            lines += [f"## Version {text(version)}", ""]
        try:
            old = snapshots.read_commit(commit.parents[0], cache) if commit.parents else snapshots.Snapshot("empty")
        except ValueError:  # the parent lies beyond a shallow clone's boundary
            lines += _commit_section(commit, None, repo_url)
            continue
        lines += _commit_section(commit, changes(old, new), repo_url)
    return "\n".join(lines) + "\n"


def _commit_section(commit: Any, found: list | None, repo_url: str | None) -> list[str]:  # type: ignore[type-arg]
    sha = commit.hexsha[:7]
    link = f"[`{sha}`]({repo_url.rstrip('/')}/commit/{commit.hexsha})" if repo_url else f"`{sha}`"
    date = commit.committed_datetime.date().isoformat()
    lines = [f"### {date}: {text(commit.summary)}", "", f"{link} by {escape(commit.author.name or 'unknown')}", ""]
    if found is None:
        return [*lines, "What this commit changed is not known: its parent is not in this clone.", ""]
    if not found:
        return [*lines, "No change in meaning.", ""]
    lines += ["| Effect | Change | Subject | Old | New |", "| --- | --- | --- | --- | --- |"]
    for change in sorted(found, key=lambda change: change.effect != LOOSENS):
        lines.append(f"| {change.effect} | {cell(change.kind)} | `{cell(change.subject)}` | {_short(change.old)} | {_short(change.new)} |")
    return [*lines, ""]


def _short(value: object) -> str:
    shown = "-" if value is None else str(value)
    return cell(shown if len(shown) <= 60 else shown[:57] + "...")
