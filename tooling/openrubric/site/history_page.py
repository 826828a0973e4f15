"""The change history page, and the entries of its feed: the replayed history (`history.py`) as a reader reads it.

Newest version first. Each version says when it takes or took effect and why it exists, in the words of
`rubrics/changelog.yaml`; then the guardrails it loosened, each with the reason given or a plain statement
that none was; then its changes, commit by commit. A commit that changed the meaning of a published version
without the version bump the policy asks for is marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ..semantic_diff import LOOSENS, TIGHTENS
from .change_sentences import Sentence
from .escaping import text
from .history import ChangeSet, History

FEED = "history/feed.xml"  # beside the page, whose URL is history/
_INTRO = (
    "What changed in the rubric, the metric catalogue, the guardrails, the policy and the narrative templates, "
    "newest version first, with the reasons recorded in the changelog. In each version the guardrails it loosened "
    "come first. In changed wording, removed words are struck through and added words underlined."
)


@dataclass(frozen=True)
class Version:
    """A run of consecutive change sets that left the same rubric version in force, oldest first."""

    version: str | None  # None before the first rubric
    change_sets: list[ChangeSet]
    anchor: str

    @property
    def effective(self) -> str | None:
        return self.change_sets[-1].effective


@dataclass(frozen=True)
class FeedEntry:
    """One change set as the feed tells it."""

    anchor: str
    title: str  # plain text
    body: str  # Markdown
    change_set: ChangeSet


def history_page(history: History, repo_url: str | None = None, *, changelog: dict[str, Any] | None = None, today: str = "9999-12-31") -> str:
    """The page in Markdown; ``today`` (ISO) says which versions are in force, ``changelog`` why each exists."""
    if not history.available:
        return "# Change history\n\nNo history is available: this site was built outside a git repository.\n"
    lines = ["# Change history", "", _INTRO, f"To be told of each change, follow the [Atom feed]({FEED}) in a feed reader.", ""]
    if history.shallow:
        lines += ["!!! warning \"History is truncated\"", "    This site was built from a shallow clone, so older changes are missing. Build with the full history (`fetch-depth: 0`).", ""]
    found = versions(history)
    if not found:
        lines += ["No change to the policy is recorded yet.", ""]
    entries = _changelog_entries(changelog)
    statuses = _statuses(found, today)
    for version in reversed(found):
        lines += _version_section(version, entries.get(version.version or ""), statuses[version.anchor], repo_url)
    return "\n".join(lines) + "\n"


def feed_entries(history: History, repo_url: str | None = None, *, changelog: dict[str, Any] | None = None) -> list[FeedEntry]:
    """Every change set, newest first, titled and told on its own for a feed reader."""
    entries = _changelog_entries(changelog)
    told = []
    for version in versions(history):
        entry = entries.get(version.version or "")
        for change_set in version.change_sets:
            body = _version_intro(entry) if change_set.released else []  # the intro of the version it released
            body += _loosened([change_set], entry) + _change_set_body(change_set, repo_url)
            told.append(FeedEntry(_anchor(change_set), _title(change_set, str), "\n".join(body), change_set))
    return told[::-1]


def versions(history: History) -> list[Version]:
    """The change sets grouped by the version they left in force, oldest first; each with its own anchor."""
    found: list[Version] = []
    for change_set in history.change_sets:
        if found and found[-1].version == change_set.version:
            found[-1].change_sets.append(change_set)
        else:
            anchor = _slug(f"version-{change_set.version}" if change_set.version is not None else "before-the-first-version")
            found.append(Version(change_set.version, [change_set], _unique(anchor, {version.anchor for version in found})))
    return found


def _version_section(version: Version, entry: dict[str, Any] | None, status: str, repo_url: str | None) -> list[str]:
    heading = f"Version {text(version.version)}" if version.version is not None else "Before the first rubric version"
    lines = [f"## {heading} {{#{version.anchor}}}", ""]
    lines += [status, ""] if status else []
    lines += _version_intro(entry) if version.version is not None else []
    lines += _loosened(version.change_sets, entry)
    for change_set in version.change_sets:
        lines += [f"### {_title(change_set, text, in_version=True)} {{#{_anchor(change_set)}}}", ""]
        lines += _change_set_body(change_set, repo_url)
    return lines


def _version_intro(entry: dict[str, Any] | None) -> list[str]:
    """The changelog's word on a version: when it was agreed, what it changed and why."""
    if entry is None:
        return ["*The changelog has no entry for this version.*", ""]
    agreed = f"*Agreed on {text(entry['date'])}.* " if entry.get("date") else ""
    lines = [f"{agreed}{text(entry['summary'])}", ""] if entry.get("summary") else []
    return lines + ([f"**Why:** {text(entry['rationale'])}", ""] if entry.get("rationale") else [])


def _loosened(change_sets: list[ChangeSet], entry: dict[str, Any] | None) -> list[str]:
    """The guardrails these change sets loosened, each with the reason given for it, or a plain "none"."""
    items = []
    for change_set in change_sets:
        loosened = [sentence for sentence in change_set.sentences if sentence.change.effect == LOOSENS]
        if loosened:
            commit = change_set.commit
            items += [f"    On {commit.when.isoformat()}, in commit `{commit.sha[:7]}`. {_loosening_reason(change_set, entry)}", ""]
            for sentence in loosened:
                items += [f"    - {sentence.text}"] + [f"\n        > {paragraph}" for paragraph in sentence.wording]
            items.append("")
    if not items:
        return []
    return ['!!! warning "Guardrails loosened"', "", "    These changes let through something the guardrails used to stop.", "", *items]


def _loosening_reason(change_set: ChangeSet, entry: dict[str, Any] | None) -> str:
    if not change_set.released:
        return "**No reason was given:** this change came without a new version, so without a changelog entry."
    if entry is None:
        return "**No reason was given:** the changelog has no entry for this version."
    if not entry.get("loosening_rationale"):
        return "**No reason was given** in this version's changelog entry."
    return f"**Reason given:** {text(entry['loosening_rationale'])}"


def _change_set_body(change_set: ChangeSet, repo_url: str | None) -> list[str]:
    """A change set's changes but those it loosened, which `_loosened` lists first with their reason."""
    lines = _missing_bump_warning(change_set)
    shown = [sentence for sentence in change_set.sentences if sentence.change.effect != LOOSENS]
    if not change_set.sentences:
        lines += ["The version number was raised here; the changes it covers came in the commits before.", ""]
    elif not shown:
        lines += ["Its changes are the loosened guardrails listed above.", ""]
    for sentence in shown:
        lines += [f"- {_marked(sentence)}"] + [f"\n    > {paragraph}" for paragraph in sentence.wording]
    commit = change_set.commit
    by = f"by {text(commit.author)} " if commit.author else ""
    return [*lines, "", f"*Commit {commit.link(repo_url)} {by}on {commit.when.isoformat()}: {text(commit.subject)}*", ""]


def _marked(sentence: Sentence) -> str:
    """A guardrail change with its effect in words, which reads without colour."""
    return {LOOSENS: "**Loosened:** ", TIGHTENS: "**Tightened:** "}.get(sentence.change.effect, "") + sentence.text


def _missing_bump_warning(change_set: ChangeSet) -> list[str]:
    if change_set.missing_bump is None:
        return []
    version, bump = text(change_set.version), change_set.missing_bump
    if change_set.released:
        why = f"These changes need a {bump} version under the policy, but the version went from {text(change_set.previous_version)} to {version}."
        return ['!!! danger "Released with too small a version bump"', "", f"    {why}", ""]
    why = (
        f"This commit changed the meaning of version {version} after it was published, without raising the version "
        f"number. The policy asks for a new {bump} version for such a change, and a changelog entry saying why."
    )
    return ['!!! danger "Changed without a new version"', "", f"    {why}", ""]


def _title(change_set: ChangeSet, show: Callable[[object], str], *, in_version: bool = False) -> str:
    """The heading of a change set; ``show`` makes the version Markdown (`text`) or leaves it plain (`str`)."""
    day, version = change_set.commit.when.isoformat(), show(change_set.version)
    if change_set.released:
        action = "First published" if change_set.previous_version is None else "Released"
        return f"{action} on {day}" if in_version else f"Version {version} {action.lower()} on {day}"
    if change_set.missing_bump:
        return f"Changed on {day} without a new version" if in_version else f"Version {version} changed on {day} without a new version"
    if in_version:
        return f"Changed on {day}"
    return f"Wording changed on {day} (version {version})" if change_set.version is not None else f"Wording changed on {day}"


def _statuses(found: list[Version], today: str) -> dict[str, str]:
    """Per version: whether it takes effect later, is in force, or was replaced (and when)."""
    started = [version for version in found if version.effective is not None and version.effective <= today]  # ISO dates compare as text
    in_force = started[-1] if started else None
    statuses = {}
    for version in found:
        effective = version.effective
        if effective is None:
            statuses[version.anchor] = ""
        elif effective > today:
            statuses[version.anchor] = f"**Takes effect on {text(effective)}.** Until then the version in force before it applies."
        elif version is in_force:
            statuses[version.anchor] = f"**In force since {text(effective)}.**"
        else:
            statuses[version.anchor] = f"In force from {text(effective)} until a later version took effect."
    return statuses


def _changelog_entries(changelog: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    entries = (changelog or {}).get("entries")
    return {str(entry.get("version")): entry for entry in entries if isinstance(entry, dict)} if isinstance(entries, list) else {}


def _anchor(change_set: ChangeSet) -> str:
    return f"change-{change_set.commit.sha[:12]}"


def _slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")


def _unique(anchor: str, taken: set[str]) -> str:
    number = 2
    found = anchor
    while found in taken:
        found, number = f"{anchor}-{number}", number + 1
    return found
