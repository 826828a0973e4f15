"""The built site, read as an engineer would: served on 127.0.0.1 and driven in headless Chromium.

Uses Debian's `chromium` (installed by `.ci/run`) through Playwright's `executable_path`; Playwright's own
browser download is never used. Screenshots land in `build/screenshots/` for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from urllib.parse import urlsplit

import pytest
import yaml
from chromium import CHROMIUM, SKIP_REASON, built_pages, launched, served
from conftest import PROJECT, make_policy_repo

from openrubric import cli

SCREENSHOTS = PROJECT / "build" / "screenshots"

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip(SKIP_REASON, allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="install the test extras: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site of a policy repository whose last commit moved L3's weights, served on 127.0.0.1."""
    repo = make_policy_repo(tmp_path_factory.mktemp("browser") / "policy-repo")
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    repo.replace("rubrics/rubric.yaml", "    weights:\n      operational-outcomes: 45\n", "    weights:\n      operational-outcomes: 41\n")
    repo.replace("rubrics/rubric.yaml", "      growth-leadership: 10\n", "      growth-leadership: 14\n")
    repo.git("-c", "user.name=Rubric Owner", "-c", "user.email=owner@example.org", "add", "-A")
    repo.git("-c", "user.name=Rubric Owner", "-c", "user.email=owner@example.org", "commit", "-qm", "Shift L3 weight toward growth")
    out = repo.root.parent / "out"
    assert cli.main(["site", "build", "--root", str(repo.root), "--out", str(out)]) == 0
    with served(out) as url:
        yield {"url": url, "out": out, "rubric": yaml.safe_load(repo.read("rubrics/rubric.yaml").replace("2026-01-01", "'2026-01-01'"))}


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    """A fresh page that records every request and refuses any that leaves 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested: list[str] = []

    def only_local(route):
        requested.append(route.request.url)
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    tab = context.new_page()
    tab.requested = requested
    yield tab
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.slow
def test_the_navigation_reaches_every_page(site, page):
    page.goto(site["url"])
    screenshot(page, "home")
    reached, queue = set(), ["/"]
    while queue:
        path = queue.pop()
        if path in reached:
            continue
        reached.add(path)
        assert page.goto(site["url"].rstrip("/") + path).ok, path
        # Tabs, then the sidebar of each section: the menus a reader clicks through.
        for href in page.eval_on_selector_all("a.md-tabs__link, nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.hostname == "127.0.0.1" and not parts.fragment:
                queue.append(parts.path if parts.path.endswith("/") else parts.path + "/")

    assert reached == built_pages(site["out"]) - {"/404/"}


def test_the_scorecard_shows_the_weights_the_rubric_holds(site, page):
    rubric = site["rubric"]
    names = {category["id"]: category["name"] for category in rubric["categories"]}
    for level in rubric["levels"]:
        page.goto(f"{site['url']}rubric/scorecard-{level['id'].lower()}/")
        shown = {row[0]: row[1] for row in page.eval_on_selector_all("article table tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")}

        assert shown == {names[category]: f"{weight}%" for category, weight in level["weights"].items()}, level["id"]
        chart = page.locator("article svg[role=img]").bounding_box()
        assert chart and chart["width"] > 300 and chart["height"] > 50
    page.goto(f"{site['url']}rubric/scorecard-l3/")
    screenshot(page, "scorecard-l3")
    page.goto(f"{site['url']}rubric/levels/")
    screenshot(page, "level-comparison")


def test_search_finds_change_failure_rate(site, page):
    page.goto(site["url"])
    page.locator("input.md-search__input").click()
    # Material says "Initializing search" until its worker has loaded the index; a query typed before is dropped.
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=15_000)
    page.locator("input.md-search__input").press_sequentially("change failure rate")  # key events: Material ignores fill()
    page.locator(".md-search-result__item a").first.wait_for(timeout=15_000)
    hits = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => [new URL(a.href).pathname + new URL(a.href).hash, a.innerText])")

    assert ["/rubric/metrics/#change-failure-rate", "Change failure rate"] in [[path, text.split("\n", 1)[0]] for path, text in hits], hits


def test_a_committed_weight_change_shows_on_the_history_page(site, page):
    page.goto(f"{site['url']}history/")
    screenshot(page, "history")
    newest = page.locator("article h3").last  # a version's commits come oldest first
    changes = newest.locator("xpath=following::ul[1]").inner_text()

    assert "without a new version" in newest.inner_text()  # the weights moved under the same version number
    assert "Engineer (L3): Operational outcomes weight 45% → 41%" in changes
    assert "Engineer (L3): Growth and leadership behaviours weight 10% → 14%" in changes
    assert "Rubric Owner on" in page.locator("article").inner_text() and "Shift L3 weight toward growth" in page.locator("article").inner_text()


@pytest.mark.slow
def test_every_generated_page_says_when_it_last_changed(site, page):
    written = {f"/{path.relative_to(PROJECT / 'site').with_suffix('').as_posix()}/" for path in (PROJECT / "site").rglob("*.md")}
    for path in sorted(built_pages(site["out"]) - written - {"/404/", "/"}):
        page.goto(site["url"].rstrip("/") + path)
        article = page.locator("article").inner_text()

        # A page made from the schemas shipped with openrubric names that release instead of a commit here.
        shipped = re.search(r"Generated from the schemas shipped with openrubric \d+\.\d+", article)
        assert shipped or re.search(r"Last changed on \d{4}-\d{2}-\d{2} in commit [0-9a-f]{7}", article), path


@pytest.mark.slow
def test_no_request_leaves_127_0_0_1(site, page):
    for path in sorted(built_pages(site["out"])):
        page.goto(site["url"].rstrip("/") + path, wait_until="networkidle")
    page.locator("input.md-search__input").press_sequentially("weight")  # the search worker and its index load too
    page.wait_for_load_state("networkidle")

    assert page.requested, "no request was recorded"
    assert {urlsplit(url).hostname for url in page.requested} == {"127.0.0.1"}
