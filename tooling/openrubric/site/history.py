"""The content's history, replayed commit by commit: what each commit changed, in a reader's words.

One ``git log --raw`` lists, oldest first along the first-parent line, the commits touching policy/,
rubrics/, schemas/ and narratives/templates/ with the blobs each one changed. The replay reads and parses
each blob once (a blob id names its content for good), compares each commit with the state before it using
the same semantic diff as ``openrubric diff``, and keeps, per commit, the version it left in force and the
sentences a reader is told (`change_sentences`). A commit with none, such as one that only touched schemas or
comments, is not part of the history a reader sees.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from .. import snapshots
from ..repository import Repository
from ..rules.versioning import missing_bump
from ..semantic_diff import changes
from .blob_stream import BlobStream
from .change_sentences import Sentence, sentences
from .escaping import text
from .yaml_blocks import CACHED_BLOCKS, BlockReader

PATHS = ("policy", "rubrics", "schemas", "narratives/templates")
_FORMAT = "--format=commit %H%x00%an%x00%ct%x00%s"


@dataclass
class Commit:
    sha: str
    author: str
    timestamp: int  # committer time, seconds since the epoch
    subject: str
    raw: list[str] = field(default_factory=list)
    position: int = 0  # order along the first-parent line, oldest first: dates need not be monotonic

    @property
    def when(self) -> datetime.date:
        return datetime.datetime.fromtimestamp(self.timestamp, datetime.UTC).date()

    def link(self, repo_url: str | None) -> str:
        """The short sha as inline code, linked to the commit when the site knows its repository."""
        short = f"`{self.sha[:7]}`"
        return f"[{short}]({repo_url.rstrip('/')}/commit/{self.sha})" if repo_url else short


@dataclass(frozen=True)
class ChangeSet:
    """One commit's changes that a reader is told about, and the version it left in force."""

    commit: Commit
    version: str | None  # None before the rubric existed
    previous_version: str | None
    effective: str | None
    sentences: list[Sentence]
    missing_bump: str | None  # the bump ("major", ...) its changes in meaning needed and did not get

    @property
    def released(self) -> bool:
        return self.version != self.previous_version


@dataclass
class History:
    """The replayed history: the change sets a reader sees, and where each path last changed."""

    available: bool = False
    shallow: bool = False
    change_sets: list[ChangeSet] = field(default_factory=list)
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
    commits = _parse(log)

    def read_alone(sha: str) -> bytes:
        return bytes(repo.odb.stream(bytes.fromhex(sha)).read())

    with BlobStream(repo.git_dir, _diffed_blobs(commits), read_alone) as blobs:
        replay = _Replay(blobs)
        previous = snapshots.Snapshot("empty")
        for index, commit in enumerate(commits):
            commit.position = index
            history.last_commit.update(dict.fromkeys(replay.apply(commit.raw), commit))
            current = replay.snapshot()
            # Beyond a shallow clone's boundary the first commit's parent is missing: what it changed is unknown.
            if not (history.shallow and index == 0):
                change_set = _change_set(commit, previous, current)
                if change_set.sentences or (change_set.released and change_set.previous_version is not None):
                    history.change_sets.append(change_set)
            previous = current
    return history


def _diffed_blobs(commits: list[Commit]) -> list[str]:
    """The blob ids the replay will read, in the order it first reads them."""
    shas: dict[str, None] = {}
    for commit in commits:
        for new_sha, status, paths in map(_raw_change, commit.raw):
            if not status.startswith("D") and snapshots.is_diffed(paths[-1]):
                shas[new_sha] = None
    return list(shas)


def _raw_change(line: str) -> tuple[str, str, list[str]]:
    """One line of `git log --raw`: `:old-mode new-mode old-sha new-sha STATUS<TAB>path[<TAB>new-path]`, as
    (new sha, status, paths)."""
    meta, *paths = line[1:].split("\t")
    fields = meta.split()
    return fields[3], fields[4], paths


def last_changed(history: History, paths: list[str], repo_url: str | None = None) -> str:
    """One line saying when the newest of ``paths`` last changed, and in which commit."""
    if any(path in history.uncommitted for path in paths):
        return "*Built from changes not yet committed to its sources.*"
    commits = [history.last_commit[path] for path in paths if path in history.last_commit]
    if not commits:
        return "*Its sources have no recorded commit in this clone.*" if history.available else ""
    newest = max(commits, key=lambda commit: commit.position)
    return f"*Last changed on {newest.when.isoformat()} in commit {newest.link(repo_url)}: {text(newest.subject)}.*"


def version_of(snapshot: snapshots.Snapshot) -> tuple[str | None, str | None]:
    """The rubric's version and effective date in ``snapshot``, as text; None where there is none."""
    rubric = snapshot.get("rubric") or {}
    version, effective = rubric.get("version"), rubric.get("effective")
    return (None if version is None else str(version)), (None if effective is None else str(effective))


def _change_set(commit: Commit, before: snapshots.Snapshot, after: snapshots.Snapshot) -> ChangeSet:
    found = changes(before, after)
    old_version, _ = version_of(before)
    version, effective = version_of(after)
    said = sentences(found, before, after)
    if version != old_version:  # a new version's date heads its section
        said = [sentence for sentence in said if sentence.change.kind != "effective"]
    needed = missing_bump(found, old_version, version) if version is not None else None
    return ChangeSet(commit, version, old_version, effective, said, needed)


def _parse(log: str) -> list[Commit]:
    commits: list[Commit] = []
    for line in log.splitlines():
        if line.startswith("commit "):
            sha, author, timestamp, subject = line[len("commit ") :].split("\x00", 3)
            commits.append(Commit(sha, author, int(timestamp), subject))
        elif line.startswith(":") and commits:
            commits[-1].raw.append(line)
    return commits


class _Replay:
    """The content's files as of the commit being replayed, each blob read and parsed once (and each top-level
    block of a YAML file once, see `yaml_blocks`)."""

    def __init__(self, blobs: BlobStream) -> None:
        self._blobs = blobs
        self._state: dict[str, str] = {}  # path -> blob sha
        self._parsed: OrderedDict[tuple[str, str], snapshots.Snapshot] = OrderedDict()  # (blob sha, path) -> the file parsed
        self._readable: dict[str, snapshots.Snapshot] = {}  # path -> its last parse that could be read
        self._reader = BlockReader()

    def apply(self, raw: list[str]) -> list[str]:
        """Replay one commit's raw changes; returns the paths it touched."""
        touched = []
        for new_sha, status, paths in map(_raw_change, raw):
            if status.startswith(("D", "R")):
                self._state.pop(paths[0], None)
                self._readable.pop(paths[0], None)
            if not status.startswith("D"):
                self._state[paths[-1]] = new_sha
            touched.append(paths[-1])
        return touched

    def snapshot(self) -> snapshots.Snapshot:
        """The content now. A file that cannot be read counts as its last readable version, so that a broken
        commit and the commit that mends it show, together, what changed between the two readable ones."""
        snapshot = snapshots.Snapshot("")
        for path, sha in self._state.items():
            if not snapshots.is_diffed(path):
                continue
            parsed = self._parse(path, sha)
            if parsed.unreadable:
                parsed = self._readable.get(path, snapshots.Snapshot(""))
            else:
                self._readable[path] = parsed
            for store in ("data", "bodies"):
                for value in getattr(parsed, store).values():
                    getattr(snapshot, store)[path] = value
        return snapshot

    def _parse(self, path: str, sha: str) -> snapshots.Snapshot:
        key = (sha, path)
        if key in self._parsed:
            self._parsed.move_to_end(key)
        else:
            self._parsed[key] = self._reader.parse(path, self._blobs.read(sha))
            if len(self._parsed) > CACHED_BLOCKS:  # a long history holds more versions than memory should
                self._parsed.popitem(last=False)
        return self._parsed[key]
