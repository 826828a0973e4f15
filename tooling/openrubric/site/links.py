"""Where the site links into the repository it was built from: commits, and each page's source to edit."""

from __future__ import annotations

import re
from urllib.parse import quote

from .. import snapshots
from ..repository import Repository

# Remotes as git writes them: `https://host/path`, `ssh://user@host:port/path` or scp-like `user@host:path`.
# Only a host and a plain path reach the site: any user name or token before the host is dropped.
_URL_REMOTE = re.compile(r"^(?:https?|ssh|git)://(?:[^@/]*@)?(?P<host>[A-Za-z0-9.-]+)(?::\d+)?/(?P<path>[A-Za-z0-9._~/-]+?)(?:\.git)?/?$")
_SCP_REMOTE = re.compile(r"^(?:[A-Za-z0-9._-]+@)?(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]+):(?P<path>[A-Za-z0-9._~-][A-Za-z0-9._~/-]*?)(?:\.git)?/?$")


def web_address(remote: str) -> str | None:
    """The `https://` address of a git remote's web pages, or None for a remote that has none (a local path).

    >>> web_address("git@github.com:people/rubric.git")
    'https://github.com/people/rubric'
    >>> web_address("https://x-access-token:secret@github.com/people/rubric.git")
    'https://github.com/people/rubric'
    """
    found = _URL_REMOTE.match(remote.strip()) or _SCP_REMOTE.match(remote.strip())
    if found is None or ".." in found["path"].split("/"):
        return None
    return f"https://{found['host']}/{found['path']}"


def origin_web_address(repository: Repository) -> str | None:
    """The web address of the repository's `origin` remote, when it has one."""
    try:
        remote = snapshots.open_repository(repository).git.config("--get", "remote.origin.url")
    except Exception:  # noqa: BLE001 - no git, no origin: the site simply has no links into the repository
        return None
    return web_address(remote)


def edit_url(repo_url: str, edit_uri: str, source: str) -> str:
    """Where a reader edits ``source`` (a path from the repository's root), such as `<repo>/edit/main/<source>`.

    The theme prints it into an `href` unescaped, and a file name may hold any character git allows, so the
    path is percent-encoded: a quote or a bracket cannot end the attribute."""
    return f"{repo_url.rstrip('/')}/{quote(edit_uri.strip('/'))}/{quote(source)}"
