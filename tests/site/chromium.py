"""What the browser tests share: Debian's chromium, launched by Playwright, and a built site served on 127.0.0.1.

Playwright's own browser download is never used.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("OPENRUBRIC_CHROMIUM") or next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
# Without the background-networking flags Chromium calls Google's hosts at start-up, which a closed network refuses.
FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SKIP_REASON = "Debian's chromium is not installed (apt-get install chromium); CI installs it and runs these"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder served on 127.0.0.1; yields its URL, ending with `/`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launched() -> Iterator[object]:
    """Debian's chromium driven by Playwright, for a module's tests; CI must have it (see .ci/run)."""
    import pytest
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.fail("CI must install Debian's chromium for the browser tests (see .ci/run)")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def built_pages(out: Path) -> set[str]:
    """The URL path of every page MkDocs wrote, such as `/rubric/levels/`."""
    return {"/" + "".join(f"{part}/" for part in path.parent.relative_to(out).parts) for path in out.rglob("index.html")}
