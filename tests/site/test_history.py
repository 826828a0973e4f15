"""The change history a person can follow, and its Atom feed: real git histories in tmp_path, real MkDocs builds.

The history used here: the content at 1.0.0; a commit that touches only a schema (tooling); version 2.0.0,
which moves L4 weights and loosens a guardrail with a reason; version 3.0.0, which loosens one without a
reason and takes effect after the build date; then, still at 3.0.0, new guardrail phrases (a change of
meaning without a version bump) and an edited policy paragraph.
"""

from __future__ import annotations

import datetime
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from conftest import PROJECT, PolicyRepo, make_policy_repo
from test_build import page

from openrubric import cli
from openrubric.repository import Repository
from openrubric.site.history import read_history
from openrubric.site.history_page import FEED, history_page

ATOM = "{http://www.w3.org/2005/Atom}"
BUILT_ON = "2026-08-01"
CHANGELOG_2 = """\
  - version: 2.0.0
    date: 2026-05-20
    summary: L4 weighs code quality more.
    rationale: Calibration found maintainability work at L4 went unrecognised.
    loosening_rationale: Leaving early is ordinary; the phrases flagged parents who work flexible hours.
"""
CHANGELOG_3 = """\
  - version: 3.0.0
    date: 2026-07-10
    summary: Lowest ratings need the same evidence as the others.
    rationale: Managers asked for one rule for every rating.
"""


def commit(repo: PolicyRepo, message: str, author: str = "Rubric Owner") -> None:
    repo.git("-c", f"user.name={author}", "-c", "user.email=owner@example.org", "commit", "-qam", message)


def bump(repo: PolicyRepo, version: str, effective: str, entry: str) -> None:
    text = repo.read("rubrics/rubric.yaml")
    text = re.sub(r"^version: .*$", f"version: {version}", text, count=1, flags=re.M)
    repo.write("rubrics/rubric.yaml", re.sub(r"^effective: .*$", f"effective: {effective}", text, count=1, flags=re.M))
    repo.replace("rubrics/changelog.yaml", "entries:\n", "entries:\n" + entry)


def make_history(repo: PolicyRepo) -> PolicyRepo:
    schema = repo.own_schema("rubric.schema.json")
    repo.git("add", schema)
    repo.replace(schema, '"title": "Rubric"', '"title": "Rubric file"')
    commit(repo, "Tooling: rename the schema's title")

    repo.replace("rubrics/rubric.yaml", "    weights:\n      operational-outcomes: 40\n      code-quality: 25\n", "    weights:\n      operational-outcomes: 35\n      code-quality: 30\n")
    repo.replace("policy/guardrails.yaml", "leav* early, head* home early,", "")
    bump(repo, "2.0.0", "2026-06-01", CHANGELOG_2)
    commit(repo, "Release 2.0.0")

    repo.replace("policy/guardrails.yaml", "    below: 3\n", "    below: 2\n")
    bump(repo, "3.0.0", "2026-09-01", CHANGELOG_3)
    commit(repo, "Release 3.0.0")

    repo.replace("policy/guardrails.yaml", "phrases: [stay* late,", "phrases: [stay* late, sleeps at the office, midnight pusher, lights-out leaver,")
    commit(repo, "More ways to say long hours")

    repo.replace("policy/policy.md", "can appeal within 30 days of the review", "can appeal within 45 days of the review")
    commit(repo, "Appeals: 45 days")
    return repo


@pytest.fixture
def history_repo(repo: PolicyRepo) -> PolicyRepo:
    return make_history(repo)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site built once, on BUILT_ON, from the history above."""
    root = tmp_path_factory.mktemp("history")
    repo = make_history(make_policy_repo(root / "repo"))
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime.fromisoformat(f"{BUILT_ON}T12:00:00+00:00").timestamp())))
        assert cli.main(["site", "build", "--root", str(repo.root), "--out", str(root / "out")]) == 0
    return root / "out"


def article(html: str) -> str:
    """The page's content as text on one line; inline markup leaves no space behind."""
    content = html[html.index('<article class="md-content__inner') :]
    content = re.sub(r"</?(?:em|strong|code|a|del|ins)\b[^>]*>", "", content)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", content)).split())


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


@pytest.mark.slow
def test_versions_come_newest_first_with_their_dates_and_reasons(built):
    shown = article(page(built, "history"))

    assert shown.index("Version 3.0.0") < shown.index("Version 2.0.0") < shown.index("Version 1.0.0")
    assert "Takes effect on 2026-09-01." in section(shown, "Version 3.0.0", "Version 2.0.0")
    assert "In force since 2026-06-01." in section(shown, "Version 2.0.0", "Version 1.0.0")
    assert "Agreed on 2026-05-20. L4 weighs code quality more." in shown
    assert "Why: Calibration found maintainability work at L4 went unrecognised." in shown


@pytest.mark.slow
def test_changes_are_told_with_the_names_a_reader_knows(built):
    html = page(built, "history")
    shown = article(html)

    assert "Engineer II (L4): Operational outcomes weight 40% → 35%" in shown
    assert "Engineer II (L4): Code quality and maintainability weight 25% → 30%" in shown
    assert "A rating of Below expectations needs at least 2 evidence items (was 3)" in shown
    assert "Added 3 phrases to hours and presence: “sleeps at the office”, “midnight pusher”, “lights-out leaver”" in shown
    assert "..." not in shown and "operational-outcomes" not in shown and "guardrail-phrase" not in shown


@pytest.mark.slow
def test_loosened_guardrails_come_first_in_their_version_with_the_reason_or_its_absence(built):
    shown = article(page(built, "history"))
    version_2, version_3 = section(shown, "Version 2.0.0", "Version 1.0.0"), section(shown, "Version 3.0.0", "Version 2.0.0")

    assert version_2.index("Guardrails loosened") < version_2.index("Released on")
    assert "Removed 2 phrases from hours and presence: “leav* early”, “head* home early”" in version_2
    assert "Reason given: Leaving early is ordinary; the phrases flagged parents who work flexible hours." in version_2
    assert version_3.index("Guardrails loosened") < version_3.index("Released on")
    assert "No reason was given in this version's changelog entry." in version_3


@pytest.mark.slow
def test_a_change_of_meaning_without_a_version_bump_is_marked(built):
    shown = article(page(built, "history"))
    unbumped = section(shown, "without a new version", "Commit")

    assert "This commit changed the meaning of version 3.0.0 after it was published, without raising the version number." in unbumped
    assert "a new minor version" in unbumped
    assert "midnight pusher" in unbumped
    assert shown.count("Changed without a new version") == 1


@pytest.mark.slow
def test_an_edited_policy_paragraph_reads_as_a_word_diff(built):
    html = page(built, "history")

    assert re.search(r"can appeal within <del class=\"critic\">30</del> <ins class=\"critic\">45</ins> days of the review", html)
    assert "Changed the wording of <em>Appeals</em> in <em>Engineering performance review policy</em>" in html


@pytest.mark.slow
def test_tooling_commits_stay_off_the_history(built):
    shown = article(page(built, "history"))

    assert "Tooling: rename the schema" not in shown
    assert "Rubric file" not in shown


@pytest.mark.slow
def test_the_page_links_its_feed_and_the_feed_is_atom(built):
    html = page(built, "history")
    assert '<link rel="alternate" type="application/atom+xml" title="Changes" href="feed.xml">' in html
    assert 'href="feed.xml"' in html[html.index("<article") :]  # the visible link too

    feed = ET.parse(built / FEED).getroot()  # noqa: S314 - the build's own output
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    titles = [re.sub(r"\d{4}-\d\d-\d\d", "DAY", entry.findtext(f"{ATOM}title")) for entry in entries]
    assert titles == [
        "Wording changed on DAY (version 3.0.0)",
        "Version 3.0.0 changed on DAY without a new version",
        "Version 3.0.0 released on DAY",
        "Version 2.0.0 released on DAY",
        "Version 1.0.0 first published on DAY",
    ]
    for entry in entries:
        for required in ("id", "title", "updated", "content"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).tzinfo is not None
        assert entry.find(f"{ATOM}link").get("href").startswith("./#change-")
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)
    assert feed.findtext(f"{ATOM}updated") == max(entry.findtext(f"{ATOM}updated") for entry in entries)
    release = next(entry for entry in entries if entry.findtext(f"{ATOM}title").startswith("Version 2.0.0"))
    content = release.findtext(f"{ATOM}content")
    assert "Leaving early is ordinary" in content and content.count("head* home early") == 1
    assert "weight 40% → 35%" in content


def test_the_feed_is_the_same_on_every_build(history_repo, monkeypatch):
    from openrubric.site.build import site_pages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first = site_pages(Repository(history_repo.root)).files[FEED]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # entries carry commit times, not the build's

    assert site_pages(Repository(history_repo.root)).files[FEED] == first


def test_a_commit_full_of_payloads_leaves_the_feed_well_formed_and_inert(repo, monkeypatch):
    from openrubric.site.build import site_pages

    payload = '<script>pwn(1)</script>]]><x:script xmlns:x="http://www.w3.org/1999/xhtml">pwn(2)</x:script>&amp;\x01\x1b'
    repo.replace("rubrics/rubric.yaml", "    name: Engineer II\n", f"    name: '{payload.replace(chr(1), '').replace(chr(27), '')}'\n")
    commit(repo, payload, author="<b>Mallory</b> ]]>")

    feed = ET.fromstring(site_pages(Repository(repo.root)).files[FEED])  # noqa: S314 - raises unless well-formed
    entry = feed.find(f"{ATOM}entry")

    assert entry is not None
    assert all(element.tag.startswith(ATOM) for element in feed.iter())  # no element but Atom's
    content = entry.findtext(f"{ATOM}content")
    assert "<script" not in content and "&lt;script&gt;pwn(1)&lt;/script&gt;" in content
    assert "<x:script" not in content
    assert "Mallory" in entry.findtext(f"{ATOM}author/{ATOM}name")


def test_without_git_the_page_says_so():
    from openrubric.site.history import History

    assert "No history is available" in history_page(History())


def test_a_broken_commit_and_its_fix_show_only_what_changed_between_readable_versions(repo):
    original = repo.read("rubrics/rubric.yaml")
    repo.write("rubrics/rubric.yaml", original + "version: [\n")
    commit(repo, "Broken")
    repo.write("rubrics/rubric.yaml", original.replace("    name: Engineer II\n", "    name: Engineer Two\n"))
    commit(repo, "Fixed, and L4 renamed")

    change_sets = read_history(Repository(repo.root)).change_sets
    said = [sentence.text for change_set in change_sets[1:] for sentence in change_set.sentences]

    assert said == ["Renamed the level *Engineer II* to *Engineer Two*"]
    assert change_sets[-1].commit.subject == "Fixed, and L4 renamed"


def test_changes_before_the_first_rubric_have_their_own_section(tmp_path):
    repo = PolicyRepo(tmp_path)
    repo.git("init", "-q", "-b", "main")
    shutil.copytree(PROJECT / "narratives/templates", tmp_path / "narratives/templates")
    repo.git("add", "-A")
    commit(repo, "Templates first")
    for folder in ("policy", "rubrics", "schemas"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    repo.git("add", "-A")
    commit(repo, "Then the rubric")

    page = history_page(read_history(Repository(tmp_path)), today=BUILT_ON)

    assert page.index("## Version 1&#46;0.0 {#version-1-0-0}") < page.index("## Before the first rubric version {#before-the-first-version}")
    assert "Published the narrative template *Review narrative*" in page.split("## Before the first rubric version")[1]
    assert "### First published on" in page.split("## Before the first rubric version")[0]


@pytest.mark.slow
def test_a_word_diff_reads_without_colour_in_a_browser(built):
    from chromium import CHROMIUM, FLAGS, SKIP_REASON, served

    if CHROMIUM is None:
        pytest.skip(SKIP_REASON)
    playwright = pytest.importorskip("playwright.sync_api")
    with served(built) as url, playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(f"{url}history/")
        decorations = page.evaluate("[...document.querySelectorAll('article del, article ins')].map(e => [e.tagName, e.innerText, getComputedStyle(e).textDecorationLine])")
        browser.close()

    assert decorations == [["DEL", "30", "line-through"], ["INS", "45", "underline"]]
