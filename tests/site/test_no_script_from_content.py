"""No script from content: a repository whose fields, pages and commit are full of script payloads passes
`openrubric check`, as it should (the payloads are valid text), and the site built from it runs none of them.

Every built page is loaded in Debian's Chromium and its DOM read: no payload ran (each calls `pwn(n)`, which
the test defines; a dialog counts too), no element carries an `on*` handler, no URL attribute has a scheme other
than http, https or mailto, there is no `<script>` the theme's own pages (a clean build) do not have, no frame,
object, embed, form, base or meta refresh, and no content id in the theme's `__` namespace. Payloads typed into
the search box, and passed to the page as `?q=` and `?h=`, run nothing either.
"""

from __future__ import annotations

import json
import os
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from chromium import CHROMIUM, SKIP_REASON, built_pages, launched, served
from conftest import PROJECT, PolicyRepo, make_policy_repo
from payloads import Payloads
from ruamel.yaml import YAML

from openrubric import cli

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip(SKIP_REASON, allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="install the test extras: pip install -e '.[test]'")

pytestmark = pytest.mark.slow

# Where payloads go: every text field the site shows, found by its path in the file.
YAML_FIELDS = {
    "rubrics/rubric.yaml": [
        ("title",), ("summary",), ("scale", 0, "label"), ("scale", 0, "meaning"),
        ("categories", 0, "name"), ("categories", 0, "measures"), ("categories", 0, "evidence", 0),
        ("levels", 0, "name"), ("levels", 0, "summary"), ("levels", 0, "expectations", "operational-outcomes"),
    ],
    "rubrics/metrics.yaml": [
        ("families", 0, "name"), ("families", 0, "measures"), ("families", 0, "why_it_matters"), ("families", 0, "failure_mode"),
        ("metrics", 0, "name"), ("metrics", 0, "definition"), ("metrics", 0, "owner"), ("metrics", 0, "collection"),
    ],
    "policy/guardrails.yaml": [
        ("banned_signals", 0, "signal"), ("banned_signals", 0, "reason"), ("calibration", "statement"), ("calibration", "audit"),
        ("appeal", "contact"), ("appeal", "steps", 0),
    ],
    "schemas/rubric.schema.json": [("title",), ("description",), ("$defs", "level", "properties", "name", "description")],
    "schemas/common.schema.json": [("$defs", "non-empty-text", "title"), ("$defs", "non-empty-text", "description")],
}  # fmt: skip
# Front matter of Markdown files: (file, key).
FRONT_MATTER = [("policy/policy.md", "title"), ("narratives/templates/review.md", "title"), ("narratives/templates/review.md", "description")]
# URL attributes a payload could point at script with.
URL_ATTRIBUTES = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping", "cite", "srcset"]

READ_DOM = """(urlAttributes) => {
  const elements = [...document.querySelectorAll('*')];
  const handlers = elements.flatMap(e => [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on')).map(a => `${e.tagName} ${a.name}=${a.value}`));
  const urls = elements.flatMap(e => [...e.attributes].filter(a => urlAttributes.includes(a.name.toLowerCase()) || a.name === 'srcdoc')
    .map(a => [e.tagName, a.name, a.value]));
  const unsafe = urls.filter(([tag, name, value]) => {
    if (name === 'srcdoc') return true;
    try { return !['http:', 'https:', 'mailto:'].includes(new URL(value, location.href).protocol); } catch { return true; }
  }).map(u => u.join(' '));
  const embedded = [...document.querySelectorAll('iframe, frame, frameset, object, embed, applet, base, meta[http-equiv], article form, article input, article button')].map(e => e.outerHTML.slice(0, 120));
  // The theme numbers code blocks `__code_N` itself; any other `__` id in the content came from it.
  const themeIds = [...document.querySelectorAll('article [id^="__"]:not(pre[id^="__code_"]), [id="__config"]:not(script)')].map(e => e.outerHTML.slice(0, 120));
  const scripts = [...document.scripts].map(s => s.src ? new URL(s.src).pathname : `${s.id} ${s.type} ` + s.text.replace(/(\\.\\.\\/)+|"\\.\\.?"/g, ''));
  return {handlers, unsafe, embedded, themeIds, scripts, ran: window.__ran};
}"""
RECORD = "window.__ran = []; window.pwn = n => window.__ran.push(n);"


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    assert isinstance(data[path[-1]], str), path
    data[path[-1]] = value


def _with_front_matter(text: str, key: str, value: str) -> str:
    _, front, body = text.split("---\n", 2)
    yaml = YAML()
    data = yaml.load(front)
    data[key] = value
    return "---\n" + _dump(yaml, data) + "---\n" + body


def _dump(yaml: YAML, data: Any) -> str:
    yaml.width = 10**6
    stream = StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def fill_with_payloads(repo: PolicyRepo, payloads: Payloads) -> None:
    """Payloads in every field of the content, in its Markdown bodies, in hand-written pages and in a commit."""
    for relative, fields in YAML_FIELDS.items():
        if relative.endswith(".json"):
            data = json.loads(repo.read(repo.own_schema(relative.removeprefix("schemas/"))))
            for path in fields:
                _set(data, path, payloads.inline(f"{relative} {'.'.join(map(str, path))}"))
            repo.write(relative, json.dumps(data, indent=2))
        else:
            yaml = YAML()
            data = yaml.load(repo.read(relative))
            for path in fields:
                _set(data, path, payloads.inline(f"{relative} {'.'.join(map(str, path))}"))
            repo.write(relative, _dump(yaml, data))
    for relative, key in FRONT_MATTER:
        repo.write(relative, _with_front_matter(repo.read(relative), key, payloads.inline(f"{relative} front matter {key}")))
    repo.write("policy/policy.md", repo.read("policy/policy.md") + "\n" + payloads.markdown("policy/policy.md body"))
    repo.write("narratives/templates/review.md", repo.read("narratives/templates/review.md") + "\n" + payloads.markdown("review template body"))
    # Hand-written pages arrive by pull request too, and in them raw HTML is allowed.
    front = _dump(YAML(), {key: payloads.inline(f"site page front matter {key}") for key in ("title", "description", "subtitle")})
    repo.write("site/payload-front-matter.md", f"---\n{front}---\n\n" + payloads.markdown("site page body"))
    repo.write("site/payload-heading.md", f"# {payloads.inline('site page heading')}\n\n" + payloads.markdown("site page under a heading"))
    author = payloads.inline("commit author").replace("<", "").replace(">", "")  # git drops them from names
    identity = ("-c", f"user.name={author}", "-c", "user.email=author@example.org")
    repo.git(*identity, "add", "-A")
    repo.git(*identity, "commit", "-qm", payloads.inline("commit subject"))


def build_site(repo: PolicyRepo, out: Path) -> None:
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"), dirs_exist_ok=True)
    assert cli.main(["site", "build", "--root", str(repo.root), "--out", str(out)]) == 0


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """A clean site and one built from payloads, both served; and the payloads, to name one that ran."""
    root = tmp_path_factory.mktemp("payloads")
    clean = make_policy_repo(root / "clean")
    build_site(clean, root / "clean-out")
    repo = make_policy_repo(root / "repo")
    payloads = Payloads()
    fill_with_payloads(repo, payloads)
    repo.git("remote", "add", "origin", "git@git.example.org:people/policy.git")  # every page gets an edit link
    build_site(repo, root / "out")
    with served(root / "clean-out") as clean_url, served(root / "out") as url:
        yield {"repo": repo, "payloads": payloads, "url": url, "out": root / "out", "clean_url": clean_url, "clean_out": root / "clean-out"}


@pytest.fixture
def tab(browser):
    """A page that records payloads that ran and dialogs that opened, and requests nothing beyond 127.0.0.1."""
    context = browser.new_context()
    context.add_init_script(RECORD)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort())
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def read(tab, url: str) -> dict[str, Any]:
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(50)  # handlers such as onfocus and ontoggle fire just after load
    return tab.evaluate(READ_DOM, URL_ATTRIBUTES)


def test_the_payload_repository_passes_the_check(sites, capsys):
    capsys.readouterr()
    status = cli.main(["check", "--root", str(sites["repo"].root)])

    assert status == 0, capsys.readouterr().out


def test_the_payloads_reach_every_kind_of_page(sites):
    """The build really holds the payloads as text, so that the checks below are not vacuous."""
    out = sites["out"]
    for page in ("rubric/scorecard-l3", "rubric/levels", "rubric/from-l3-to-l4", "rubric/worksheet-l3", "rubric/metrics", "policy/guardrails", "policy/policy", "reference/rubric", "reference/common", "narrative-templates/review", "history", "payload-front-matter", "payload-heading"):
        html = (out / page / "index.html").read_text(encoding="utf-8")
        assert "&lt;/title&gt;&lt;script&gt;pwn(" in html, page


def test_no_payload_runs_and_no_page_holds_a_handler_or_an_unsafe_url(sites, tab):
    # The theme writes the same scripts into every page, but for the relative paths the signatures leave out.
    theme_scripts = {script for path in ("", "rubric/levels/") for script in read(tab, sites["clean_url"] + path)["scripts"]}
    assert len(theme_scripts) >= 4, theme_scripts  # the theme's configuration, its bundle and two inline scripts

    pages = sorted(built_pages(sites["out"]))
    assert {"/payload-front-matter/", "/payload-heading/", "/policy/policy/", "/history/"} <= set(pages)
    for path in pages:
        found = read(tab, sites["url"].rstrip("/") + path)

        assert sites["payloads"].named(found["ran"]) == [], path
        assert found["handlers"] == [], path
        assert found["unsafe"] == [], path
        assert found["embedded"] == [], path
        assert found["themeIds"] == [], path
        assert set(found["scripts"]) <= theme_scripts, path
    assert tab.dialogs == []


@pytest.mark.parametrize("query", ['<img src=x onerror=pwn(1)>', '"><svg onload=pwn(2)>', "javascript:pwn(3)", "script pwn", "onerror"])
def test_a_payload_in_the_search_box_runs_nothing(sites, tab, query):
    tab.goto(sites["url"])
    tab.locator("input.md-search__input").click()
    # Material says "Initializing search" until its worker has loaded the index; a query typed before is dropped.
    tab.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=15_000)
    tab.locator("input.md-search__input").press_sequentially(query)  # key events: Material ignores fill()
    tab.locator(".md-search-result__meta").filter(has_not_text="Type to start searching").wait_for(timeout=15_000)
    found = tab.evaluate(READ_DOM, URL_ATTRIBUTES)

    assert sites["payloads"].named(found["ran"]) == []
    assert found["handlers"] == [] and found["unsafe"] == [] and found["embedded"] == []
    assert tab.dialogs == []
    if query == "script pwn":  # the payloads are in the index as text, and show as text in the results
        assert "<script>pwn(" in tab.locator(".md-search-result").inner_text()


@pytest.mark.parametrize("parameter", ["q", "h"])
def test_a_payload_in_the_search_parameters_runs_nothing(sites, tab, parameter):
    found = read(tab, f"{sites['url']}policy/policy/?{parameter}=%3Cimg%20src%3Dx%20onerror%3Dpwn(1)%3E%20script")

    assert found["ran"] == [] and found["handlers"] == [] and found["unsafe"] == []
    assert tab.dialogs == []
