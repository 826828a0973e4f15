"""The HTML report opened in headless Chromium, as a reader would: one page, nothing fetched, charts drawn,
and a hostile name in the input shown as text."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from audit_cycles import Effects
from audit_support import PROJECT, run_audit, write

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))  # the site tests' Chromium helpers
from chromium import CHROMIUM, FLAGS, SKIP_REASON, served

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip(SKIP_REASON, allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="install the test extras: pip install -e '.[test]'")

HOSTILE = '<script>alert("x")</script><img src=http://192.0.2.1/x.png> Mallory'


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    """The restricted report of a cycle whose first team's manager has a name made of markup."""
    folder = tmp_path_factory.mktemp("html")
    cycle = write(folder / "cycle", engineers=100, effects=Effects(remote=1.0))
    for path in cycle.narratives.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf"(?m)^manager: {re.escape(cycle.truth.manager)}$", f"manager: '{HOSTILE}'", text), encoding="utf-8")
    out = folder / "site"
    out.mkdir()
    run = run_audit(cycle.narratives, "--people", cycle.people, "--format", "html", "--out", out / "audit.html")
    assert run.status == 0, run.err
    with served(out) as url:
        yield url + "audit.html"


@pytest.mark.slow
def test_the_report_is_one_page_with_its_charts_and_the_hostile_name_as_text(page_url):
    if CHROMIUM is None:
        pytest.fail("CI must install Debian's chromium for the browser tests (see .ci/run)")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        requested: list[str] = []
        context.route("**/*", lambda route: (requested.append(route.request.url), route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort()))
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(page_url)
        assert requested == [page_url]  # no style sheet, font, script or image from anywhere
        assert dialogs == []
        assert page.locator("h1").inner_text() == "Audit of 2026-H2"
        assert HOSTILE in page.locator("body").inner_text()
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        charts = page.locator("svg")
        assert charts.count() >= 4  # a distribution per category
        for index in range(charts.count()):
            chart = charts.nth(index)
            assert re.fullmatch(r"0 0 \d+ \d+", chart.get_attribute("viewBox") or "")
            box = chart.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 40
        assert page.locator("svg rect").count() > 0 and page.locator("table").count() >= 4
        assert page.locator("svg circle").count() >= 1  # the planted finding, drawn with its interval
        screenshots = PROJECT / "build" / "screenshots"
        screenshots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshots / "audit-report.png"), full_page=True)
        browser.close()
