"""What the generated pages say: the rubric version in force, the guardrails' minimums and contact, the
metrics in words, the promotion example, and a site published under a sub-path. Real MkDocs builds."""

from __future__ import annotations

import datetime
import re
import shutil
from html import unescape

from conftest import PROJECT
from test_build import build, page

from openrubric import cli
from openrubric.site.pages import version_note

WRITTEN = {"faq", "proposing-a-change", "404"}  # hand-written pages other than the home page


def epoch(day: str) -> str:
    """A day as SOURCE_DATE_EPOCH, at noon UTC."""
    return str(int(datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()))


def failed_build(repo, tmp_path, capsys, monkeypatch) -> tuple[int, str]:
    """`openrubric site build` that may fail: its exit status and what it wrote to stderr."""
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    monkeypatch.chdir(repo.root)
    status = cli.main(["site", "build", "--out", str(tmp_path / "out")])
    return status, capsys.readouterr().err


def article(html: str) -> str:
    """The page's content as text on one line, without the theme's navigation."""
    content = html[html.index('<article class="md-content__inner'):]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", content)).split())


def test_every_generated_page_and_the_home_page_show_the_version_in_force(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-06-01"))
    out = build(repo, tmp_path, capsys, monkeypatch)

    pages = [path for path in out.rglob("index.html") if path.parent.name not in WRITTEN]
    assert len(pages) > 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "Rubric version 1.0.0, in force since 2026-01-01." in article(html), path
        if "<h1 id=" in html:  # the note sits right under the page's own title
            assert re.search(r"</h1>\s*<p><em>Rubric version 1\.0\.0, in force since 2026-01-01\.</em></p>", html), path
    assert "Rubric version" not in article(page(out, "faq"))
    assert "rubric-version" not in page(out, "")  # the marker is replaced, not left as a comment


def test_a_version_merged_before_its_effective_date_says_which_version_is_in_force(repo, tmp_path, capsys, monkeypatch):
    repo.replace("rubrics/rubric.yaml", "version: 1.0.0\neffective: 2026-01-01\n", "version: 2.0.0\neffective: 2027-01-01\n")
    repo.write("rubrics/changelog.yaml", repo.read("rubrics/changelog.yaml") + "  - version: 2.0.0\n    date: 2026-11-20\n    summary: Heavier collaboration.\n    rationale: Asked for by the teams.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-12-31"))
    out = build(repo, tmp_path, capsys, monkeypatch)

    for name in ("", "rubric/levels", "rubric/scorecard-l4", "policy/guardrails", "history"):
        html = page(out, name)
        assert re.search(r'<div class="admonition warning">\s*<p class="admonition-title">Rubric version 2\.0\.0 takes effect on 2027-01-01</p>', html), name
        assert "until then version 1.0.0 is in force." in article(html), name
        assert "in force since" not in article(html), name


def test_the_version_note_on_the_day_a_version_takes_effect_and_without_an_earlier_one():
    rubric = {"version": "2.0.0", "effective": "2027-01-01"}
    changelog = {"entries": [{"version": v} for v in ("1.0.0", "1.10.0", "1.9.0", "2.0.0-rc.1", "2.0.0", "3.0.0")]}

    def shown(today: str, entries: dict | None = changelog) -> str:
        return unescape(version_note(rubric, entries, today))  # as the browser shows the character references

    assert shown("2027-01-01") == "*Rubric version 2.0.0, in force since 2027-01-01.*"
    assert "until then version 2.0.0-rc.1 is in force." in shown("2026-12-31")
    changelog["entries"].remove({"version": "2.0.0-rc.1"})
    assert "until then version 1.10.0 is in force." in shown("2026-12-31")
    assert "no earlier version is recorded" in shown("2026-12-31", None)


def test_a_source_date_epoch_that_is_not_a_number_stops_the_build_with_a_message(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")

    status, err = failed_build(repo, tmp_path, capsys, monkeypatch)

    assert status == 1
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, not 'yesterday'" in err
    assert "Traceback" not in err


def test_evidence_minimums_are_a_list_named_by_the_scale_and_the_appeal_contact_a_mail_link(repo, tmp_path, capsys, monkeypatch):
    repo.replace("policy/guardrails.yaml", "  contact: review-appeals@example.org (the people partner team)\n",
                 "  contact: \"Appeals desk <appeals+review@example.org>?subject=[x](javascript:pwn(1))\"\n")
    out = build(repo, tmp_path, capsys, monkeypatch)

    html = page(out, "policy/guardrails")
    assert re.search(r"Some ratings need more:</p>\s*<ul>\s*<li>Below expectations: at least 3 evidence items</li>\s*"
                     r"<li>Exceeds expectations: at least 3 evidence items</li>\s*</ul>", html)
    assert "<code>below</code>" not in html
    link = '<a href="mailto:appeals+review@example.org">appeals+review@example.org</a>'
    assert f"write to Appeals desk &lt;{link}&gt;?subject=[x](javascript:pwn(1)).</p>" in html  # the rest stays text


def test_metric_values_are_shown_in_the_schemas_words(repo, tmp_path, capsys, monkeypatch):
    schema = repo.own_schema("metrics.schema.json")
    repo.replace(schema, "`context-only` (team-level context, never an individual score)", "`context-only` (a team's context, never anyone's score)")
    out = build(repo, tmp_path, capsys, monkeypatch)

    html = page(out, "rubric/metrics")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>\s*</tr>", html)  # the last column of the families' table
    assert "a team's context, never anyone's score" in cells and "only together with specific, attributable artifacts" in cells
    assert not {"context-only", "with-evidence", "yes"} & set(cells)
    assert "<strong>Use in reviews:</strong> background for the conversation, never an individual score" in html
    assert "<strong>Cadence:</strong> per cycle" in html and "per-cycle" not in html


def test_the_promotion_example_is_for_the_level_above_the_lowest(repo, tmp_path, capsys, monkeypatch):
    out = build(repo, tmp_path, capsys, monkeypatch)

    promotion, review = article(page(out, "narrative-templates/promotion")), article(page(out, "narrative-templates/review"))
    assert "rendered for a fictional engineer at L4." in promotion and "Promotion case: Alex Example to L4, Engineer II" in promotion
    assert "rendered for a fictional engineer at L3." in review


def test_a_site_under_a_sub_path_has_a_styled_404_page_and_a_sitemap(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENRUBRIC_SITE_URL", "https://people.example.org/rubric")
    out = build(repo, tmp_path, capsys, monkeypatch)

    not_found = (out / "404.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', not_found)
    assert stylesheets and all(href.startswith("/rubric/") for href in stylesheets)
    assert all((out / href.removeprefix("/rubric/")).is_file() for href in stylesheets)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://people.example.org/rubric/rubric/levels/</loc>" in sitemap
    assert "<loc>https://people.example.org/rubric/</loc>" in sitemap


def test_building_without_a_site_url_says_what_that_means(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENRUBRIC_SITE_URL", raising=False)

    status, err = failed_build(repo, tmp_path, capsys, monkeypatch)

    assert status == 0
    assert "site_url is not set (mkdocs.yml reads it from OPENRUBRIC_SITE_URL)" in err
    assert "<loc>" not in (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
