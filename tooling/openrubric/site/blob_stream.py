"""Many blobs read from git through one process: `git cat-file --batch`, given every blob id up front.

Asking for one blob at a time waits on git once per blob; a long history has thousands. Fed the ids in the
order the replay will want them, git streams them back while the replay parses, and a blob wanted again
after its turn (a file changed back to an earlier version) is read on its own.
"""

from __future__ import annotations

import subprocess
import threading
from types import TracebackType
from typing import IO, Callable


class BlobStream:
    def __init__(self, git_dir: str, shas: list[str], read_alone: Callable[[str], bytes]) -> None:
        self._read_alone = read_alone
        self._to_come = set(shas)
        self._ahead: dict[str, bytes] = {}  # read from the stream before they were asked for
        self._process = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # noqa: S603, S607 - git, as GitPython runs it
        threading.Thread(target=_feed, args=(self._process.stdin, shas), daemon=True).start()

    def read(self, sha: str) -> bytes:
        if sha in self._ahead:
            return self._ahead.pop(sha)
        while sha in self._to_come:
            found, content = self._next()
            if found is None:  # git stopped early: nothing more comes this way
                self._to_come.clear()
                break
            self._to_come.discard(found)
            if found == sha:
                return content
            self._ahead[found] = content
        return self._read_alone(sha)

    def _next(self) -> tuple[str | None, bytes]:
        assert self._process.stdout is not None  # noqa: S101 - opened with a pipe
        header = self._process.stdout.readline().split()
        if not header:
            return None, b""
        if len(header) != 3:  # "<sha> missing": read as empty, which the replay reports as unreadable
            return header[0].decode(), b""
        content = self._process.stdout.read(int(header[2]) + 1)[:-1]  # the content, then a newline
        return header[0].decode(), content

    def __enter__(self) -> BlobStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._process.kill()
        self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


def _feed(stdin: IO[bytes] | None, shas: list[str]) -> None:
    if stdin is None:
        return
    try:
        stdin.write("".join(f"{sha}\n" for sha in shas).encode())
        stdin.close()
    except (BrokenPipeError, ValueError, OSError):  # the reader stopped early and closed the stream
        pass
