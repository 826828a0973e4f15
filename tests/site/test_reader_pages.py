"""The built site read in Debian's Chromium as its readers would: on a phone, with a keyboard, in dark mode, on
paper, through search, and by axe-core, the accessibility engine browsers' own audits use.

axe-core comes from npm (`.ci/run` installs it into build/axe, which git ignores; OPENRUBRIC_AXE names another
copy of `axe.min.js`). Without it or without Chromium these tests skip, except under `CI=true`, where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from chromium import CHROMIUM, SKIP_REASON, built_pages, launched, served
from conftest import PROJECT, make_policy_repo

from openrubric import cli

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip(SKIP_REASON, allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="install the test extras: pip install -e '.[test]'")

pytestmark = pytest.mark.slow

AXE = Path(os.environ.get("OPENRUBRIC_AXE") or PROJECT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
SCREENSHOTS = PROJECT / "build" / "screenshots"
# Violations that come from Material's own markup, which the site uses as the theme ships it: (rule, element).
THEME_VIOLATIONS = {
    # The search overlay is a `role="dialog"` without a name in the theme's partials/search.html. Naming it would
    # mean overriding the theme's templates (HTML the site otherwise never carries) for one attribute.
    ("aria-dialog-name", ".md-search"): "Material's search dialog has no accessible name",
}
# Only what axe rates serious or critical fails a test; moderate and minor findings are advice.
SERIOUS = ("serious", "critical")
RUN_AXE = """async ([serious, rules]) => (await axe.run(document, {resultTypes: ['violations'], ...(rules ? {runOnly: rules} : {})}))
  .violations.filter(v => serious.includes(v.impact))
  .flatMap(v => v.nodes.map(n => [v.id, v.impact, n.target.join(' '), n.failureSummary.replace(/\\s+/g, ' ')]))"""
# What the dark scheme changes: colours only.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def _build(repo, out: Path, **environment: str) -> Path:
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        assert cli.main(["site", "build", "--root", str(repo.root), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """This repository's content as published, served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("reading")
    out = _build(make_policy_repo(folder / "policy-repo"), folder / "out", OPENRUBRIC_REPO_URL="https://git.example.org/people/policy")
    with served(out) as url:
        yield {"url": url, "out": out}


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory):
    """A rubric with twelve levels, L3 to L14: its level comparison is wider than a small tablet."""
    folder = tmp_path_factory.mktemp("wide")
    repo = make_policy_repo(folder / "policy-repo")
    rubric = yaml.safe_load(repo.read("rubrics/rubric.yaml"))
    for number in range(7, 15):
        rubric["levels"].append(rubric["levels"][-1] | {"id": f"L{number}", "name": f"Level {number} engineer"})
    repo.write("rubrics/rubric.yaml", yaml.safe_dump(rubric, sort_keys=False, allow_unicode=True))
    out = _build(repo, folder / "out")
    with served(out) as url:
        yield {"url": url, "out": out, "levels": [level["id"] for level in rubric["levels"]]}


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI must install axe-core for the accessibility tests (see .ci/run): {AXE} is missing")
        pytest.skip(f"axe-core is not installed: npm install --prefix build/axe axe-core (as .ci/run does); looked for {AXE}")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


def _tab(browser, size: str):
    """A page at one of SIZES that refuses every request leaving 127.0.0.1."""
    context = browser.new_context(viewport=SIZES[size])
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort())
    return context, context.new_page()


def _axe(page, script: str, rules: list[str] | None = None) -> list[list[str]]:
    """The serious and critical violations on the page as it is now (of ``rules``, or all), less the theme's own."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=script)
    found = page.evaluate(RUN_AXE, [list(SERIOUS), rules])
    return [violation for violation in found if (violation[0], violation[2]) not in THEME_VIOLATIONS]


def _dark(page) -> None:
    """The dark scheme, as the header's toggle sets it, with the theme's colour transitions off: axe would
    otherwise read colours halfway between the schemes."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")


def test_no_page_has_a_serious_accessibility_violation_in_either_scheme_at_either_size(site, browser, axe_script):
    problems = []
    for size in SIZES:
        context, page = _tab(browser, size)
        for path in sorted(built_pages(site["out"])):
            page.goto(site["url"].rstrip("/") + path)
            for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):
                if scheme == "dark":
                    _dark(page)
                problems += [f"{size} {scheme} {path}: [{rule}, {impact}] {target}: {summary}" for rule, impact, target, summary in _axe(page, axe_script, rules)]
        context.close()

    assert not problems, "\n".join(problems)


def test_search_lands_on_the_guardrails_before_the_lint_rules_and_its_results_pass_contrast(site, browser, axe_script):
    context, page = _tab(browser, "desktop")
    page.goto(site["url"])
    page.locator("input.md-search__input").click()
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=15_000)
    page.locator("input.md-search__input").press_sequentially("appeal")
    page.locator(".md-search-result__item a").first.wait_for(timeout=15_000)
    hits = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => new URL(a.href).pathname)")
    problems = _axe(page, axe_script)
    _dark(page)
    problems += _axe(page, axe_script, COLOUR_RULES)
    context.close()

    assert hits[0] == "/policy/guardrails/", hits
    lint_rules = [index for index, path in enumerate(hits) if path == "/reference/lint-rules/"]
    assert all(index > hits.index("/policy/guardrails/") for index in lint_rules), hits
    assert not problems, "\n".join(map(str, problems))


def test_the_header_toggle_switches_between_light_and_dark(site, browser):
    context, page = _tab(browser, "phone")
    page.goto(f"{site['url']}rubric/scorecard-l4/")
    scheme = page.evaluate("() => document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"() => document.body.dataset.mdColorScheme !== '{scheme}'")
    page.wait_for_timeout(500)  # the theme fades its colours from one scheme to the other
    after, background = page.evaluate("() => [document.body.dataset.mdColorScheme, getComputedStyle(document.body).backgroundColor]")
    page.screenshot(path=str(_screenshots() / "scorecard-l4-phone-dark.png"))
    context.close()

    assert (scheme, after) == ("default", "slate")
    assert background == "rgb(30, 33, 41)", background  # Material's slate


def test_on_a_phone_the_chart_scales_with_legible_text_and_no_page_scrolls_sideways(site, browser):
    context, page = _tab(browser, "phone")
    widths = {}
    for path in sorted(built_pages(site["out"])):
        page.goto(site["url"].rstrip("/") + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    page.goto(f"{site['url']}rubric/scorecard-l3/")
    chart = page.evaluate("""() => { const svg = document.querySelector('article svg[role=img]');
      const text = svg.querySelector('text'); return [svg.getBoundingClientRect().width, text.getBoundingClientRect().height,
      svg.viewBox.baseVal.width, svg.getAttribute('width')]; }""")
    page.screenshot(path=str(_screenshots() / "scorecard-l3-phone.png"), full_page=True)
    context.close()

    width, text_height, drawn, attribute = chart
    assert attribute is None and width <= SIZES["phone"]["width"] - 32 < drawn * 1.1
    assert text_height >= 12, f"chart text {text_height:.1f} px high on a phone"
    assert {path: w for path, w in widths.items() if w > SIZES["phone"]["width"]} == {}


def test_on_a_phone_the_level_comparison_shows_every_level_as_a_card(wide_site, browser):
    context, page = _tab(browser, "phone")
    page.goto(f"{wide_site['url']}rubric/levels/")
    region = page.locator("article .openrubric-table").first
    cards = region.evaluate("""r => [...r.querySelectorAll('tbody tr')].map(row => [...row.cells].slice(1).map(cell => {
      const box = cell.getBoundingClientRect(); return [getComputedStyle(cell, '::before').content, box.left >= 0 && box.right <= innerWidth]; }))""")
    overflow = region.evaluate("r => r.scrollWidth - r.clientWidth")
    page.screenshot(path=str(_screenshots() / "level-comparison-phone.png"))
    context.close()

    assert len(cards) == 4 and overflow <= 0
    for card in cards:  # every level named beside its weight, and inside the screen
        assert card == [[f'"{level}"', True] for level in wide_site["levels"]]


def test_where_the_level_comparison_is_too_wide_it_shows_that_it_scrolls_and_the_keyboard_reaches_its_last_level(wide_site, browser):
    context = browser.new_context(viewport={"width": 640, "height": 800})  # a small tablet: too wide for cards
    page = context.new_page()
    page.goto(f"{wide_site['url']}rubric/levels/")
    region = page.locator("article .openrubric-table").first
    before = region.evaluate("r => ({scrolls: r.scrollWidth > r.clientWidth, tabindex: r.getAttribute('tabindex'), shadow: getComputedStyle(r).backgroundImage})")
    named = page.get_by_role("region", name=re.compile(r"^Level comparison")).evaluate("(r, first) => r === first", region.element_handle())
    last = region.locator("th").last
    hidden_at_first = last.evaluate("(th, r) => th.getBoundingClientRect().right > r.getBoundingClientRect().right + 1", region.element_handle())
    page.add_style_tag(content="* { scroll-behavior: auto !important; }")  # each key's scroll done before the next
    for _ in range(200):  # Tab through the page's links until the table's region has the focus
        page.keyboard.press("Tab")
        if focused := region.evaluate("r => r === document.activeElement"):
            break
    for _ in range(80):  # the arrow keys scroll the focused region, as they scroll a page
        page.keyboard.press("ArrowRight")
        if region.evaluate("r => r.scrollLeft + r.clientWidth >= r.scrollWidth - 1"):
            break
    reached = last.evaluate("(th, r) => th.getBoundingClientRect().right <= r.getBoundingClientRect().right + 1", region.element_handle())
    last_level = last.inner_text()
    page.screenshot(path=str(_screenshots() / "level-comparison-tablet-scrolled.png"))
    context.close()

    assert before["scrolls"] and hidden_at_first, "the fixture's levels should not fit"
    assert focused and before["tabindex"] == "0" and named  # a region a screen reader announces by the heading above it
    assert "gradient" in before["shadow"]  # the edge shading that shows there is more to the side
    assert last_level == wide_site["levels"][-1] and reached


def test_steps_and_worksheets_follow_the_rubrics_levels_in_order(wide_site, browser):
    context, page = _tab(browser, "desktop")
    page.goto(f"{wide_site['url']}rubric/levels/")
    navigation = page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.innerText.trim())")
    page.goto(f"{wide_site['url']}rubric/from-l9-to-l10/")
    columns = page.eval_on_selector_all("article .openrubric-step", "steps => steps.map(s => [...s.children].map(c => c.getBoundingClientRect().top))")
    page.screenshot(path=str(_screenshots() / "from-l9-to-l10.png"))
    context.close()

    levels = wide_site["levels"]
    steps = [name for name in navigation if name.startswith("From ")]
    assert steps == [f"From {low} to {high}" for low, high in pairwise(levels)]
    assert [name.split(":")[1].split(",")[0].strip() for name in navigation if name.startswith("Self-review worksheet")] == levels
    assert columns and all(len(set(tops)) == 1 for tops in columns), "the two levels stand side by side on a desktop"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_self_review_worksheet_prints_on_one_sheet(site, browser, paper):
    context, page = _tab(browser, "desktop")
    pages = {}
    for path in sorted(p for p in built_pages(site["out"]) if p.startswith("/rubric/worksheet-")):
        page.goto(site["url"].rstrip("/") + path)
        pdf = page.pdf(format=paper)
        pages[path] = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    page.emulate_media(media="print")
    printed = page.locator("article").inner_text()
    page.screenshot(path=str(_screenshots() / f"worksheet-print-{paper}.png"), full_page=True)
    context.close()

    assert len(pages) == 4 and set(pages.values()) == {1}, pages
    assert "Rubric version 1.0.0" in printed and printed.count("Exceeds expectations") >= 4
    assert "Last changed on" not in printed


def _screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
