"""The change history page: every commit that touched the review system, with what it changed in meaning.

One ``git log --raw`` lists, oldest first along the first-parent line, the commits touching policy/,
rubrics/, schemas/ and narratives/templates/ with the blobs each one changed. The page replays them: each
blob is read and parsed once, and each commit is compared with the state before it using the same semantic
diff as ``openrubric diff``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .. import snapshots
from ..repository import Repository
from ..semantic_diff import LOOSENS, Change, changes
from .escaping import code, text

PATHS = ("policy", "rubrics", "schemas", "narratives/templates")
_FORMAT = "--format=commit %H%x00%an%x00%ct%x00%s"


@dataclass
class Commit:
    sha: str
    author: str
    when: datetime.date
    subject: str
    raw: list[str] = field(default_factory=list)
    position: int = 0  # order along the first-parent line, oldest first: dates need not be monotonic

    def link(self, repo_url: str | None) -> str:
        """The short sha as inline code, linked to the commit when the site knows its repository."""
        short = f"`{self.sha[:7]}`"
        return f"[{short}]({repo_url.rstrip('/')}/commit/{self.sha})" if repo_url else short


@dataclass
class History:
    """The replayed history: each commit with its changes (None when unknown), and where each path last changed."""

    available: bool = False
    shallow: bool = False
    entries: list[tuple[str, Commit, list[Change] | None]] = field(default_factory=list)  # (version in force, commit, changes)
    last_commit: dict[str, Commit] = field(default_factory=dict)
    uncommitted: set[str] = field(default_factory=set)


def read_history(repository: Repository) -> History:
    try:
        repo = snapshots.open_repository(repository)
        log = repo.git.log("--first-parent", "-m", "--reverse", "--raw", "--no-abbrev", _FORMAT, "--", *PATHS)
    except Exception:  # noqa: BLE001 - no git, or no commits yet: the pages say so instead of failing the build
        return History()
    history = History(available=True, shallow=(Path(repo.git_dir) / "shallow").exists())
    history.uncommitted = {line[3:].split(" -> ")[-1] for line in repo.git.status("--porcelain", "--", *PATHS).splitlines()}
    state: dict[str, str] = {}  # path -> blob sha, as of the commit being replayed
    parsed: dict[tuple[str, str], snapshots.Snapshot] = {}
    previous = snapshots.Snapshot("empty")
    for index, commit in enumerate(_parse(log)):
        commit.position = index
        touched = _apply(state, commit.raw)
        history.last_commit.update(dict.fromkeys(touched, commit))
        current = _snapshot(repo, state, parsed)
        # Beyond a shallow clone's boundary the first commit's parent is missing: its diff is unknown.
        found = None if history.shallow and index == 0 else changes(previous, current)
        history.entries.append((str((current.get("rubric") or {}).get("version", "unversioned")), commit, found))
        previous = current
    return history


def history_page(history: History, repo_url: str | None = None) -> str:
    if not history.available:
        return "# Change history\n\nNo history is available: this site was built outside a git repository.\n"
    sections = [[version, *_commit_section(commit, found, repo_url)] for version, commit, found in reversed(history.entries)]
    return _page(sections, history.shallow)


def last_changed(history: History, paths: list[str], repo_url: str | None = None) -> str:
    """One line saying when the newest of ``paths`` last changed, and in which commit."""
    if any(path in history.uncommitted for path in paths):
        return "*Built from changes not yet committed to its sources.*"
    commits = [history.last_commit[path] for path in paths if path in history.last_commit]
    if not commits:
        return "*Its sources have no recorded commit in this clone.*" if history.available else ""
    newest = max(commits, key=lambda commit: commit.position)
    return f"*Last changed on {newest.when.isoformat()} in commit {newest.link(repo_url)}: {text(newest.subject)}.*"


def _page(sections: list[list[str]], shallow: bool) -> str:
    lines = ["# Change history", ""]
    if shallow:
        lines += ["!!! warning \"History is truncated\"", "    This site was built from a shallow clone, so older changes are missing. Build with the full history (`fetch-depth: 0`).", ""]
    version = None
    for in_force, *section in sections:
        if in_force != version:
            version = in_force
            lines += [f"## Version {text(version)}", ""]
        lines += section
    return "\n".join(lines) + "\n"


def _parse(log: str) -> list[Commit]:
    commits: list[Commit] = []
    for line in log.splitlines():
        if line.startswith("commit "):
            sha, author, timestamp, subject = line[len("commit ") :].split("\x00", 3)
            commits.append(Commit(sha, author, datetime.datetime.fromtimestamp(int(timestamp), datetime.UTC).date(), subject))
        elif line.startswith(":") and commits:
            commits[-1].raw.append(line)
    return commits


def _apply(state: dict[str, str], raw: list[str]) -> list[str]:
    """Replay one commit's raw changes: `:old-mode new-mode old-sha new-sha STATUS<TAB>path[<TAB>new-path]`.

    Returns the paths the commit touched."""
    touched = []
    for line in raw:
        meta, *paths = line[1:].split("\t")
        new_sha, status = meta.split()[3], meta.split()[4]
        if status.startswith("D"):
            state.pop(paths[0], None)
        elif status.startswith("R"):
            state.pop(paths[0], None)
            state[paths[1]] = new_sha
        else:
            state[paths[-1]] = new_sha
        touched.append(paths[-1])
    return touched


def _snapshot(repo, state: dict[str, str], parsed: dict[tuple[str, str], snapshots.Snapshot]) -> snapshots.Snapshot:  # type: ignore[no-untyped-def]
    snapshot = snapshots.Snapshot("")
    for path, sha in state.items():
        if not snapshots.is_diffed(path):
            continue
        key = (sha, Path(path).suffix)
        if key not in parsed:
            parsed[key] = snapshots.parse_files({path: repo.odb.stream(bytes.fromhex(sha)).read()})
        for store in ("data", "bodies", "unreadable"):
            for value in getattr(parsed[key], store).values():
                getattr(snapshot, store)[path] = value
    return snapshot


def _commit_section(commit: Commit, found: list[Change] | None, repo_url: str | None) -> list[str]:
    lines = [f"### {commit.when.isoformat()}: {text(commit.subject)}", "", f"{commit.link(repo_url)} by {text(commit.author or 'unknown')}", ""]
    if found is None:
        return [*lines, "What this commit changed is not known: its parent is not in this clone.", ""]
    if not found:
        return [*lines, "No change in meaning.", ""]
    lines += ["| Effect | Change | Subject | Old | New |", "| --- | --- | --- | --- | --- |"]
    for change in sorted(found, key=lambda change: change.effect != LOOSENS):
        lines.append(f"| {change.effect} | {text(change.kind)} | {code(change.subject)} | {_short(change.old)} | {_short(change.new)} |")
    return [*lines, ""]


def _short(value: object) -> str:
    shown = "-" if value is None else str(value)
    return text(shown if len(shown) <= 60 else shown[:57] + "...")
