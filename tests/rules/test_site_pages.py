"""The site's hand-written pages are published as they are, so the guardrail rules read them too."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import PROJECT, PolicyRepo

from openrubric import cli

QUOTA = "We cap Exceeds at 15% of each team."


@pytest.fixture
def with_site(repo: PolicyRepo) -> PolicyRepo:
    shutil.copytree(PROJECT / "site", repo.path("site"))
    return repo


def run(repo: PolicyRepo, capsys, monkeypatch, *args: str) -> tuple[int, dict]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(["check", "--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)


def test_the_projects_own_pages_pass_and_are_counted(with_site, capsys, monkeypatch):
    before = len(list(with_site.path("site").glob("*.md")))
    shutil.rmtree(with_site.path("site"))
    _, without = run(with_site, capsys, monkeypatch)
    shutil.copytree(PROJECT / "site", with_site.path("site"))
    status, report = run(with_site, capsys, monkeypatch)
    assert (status, report["findings"]) == (0, [])
    assert report["files_checked"] == without["files_checked"] + before


@pytest.mark.parametrize("page", ["site/faq.md", "site/index.md", "site/help/escalation.md"])
def test_a_quota_in_a_page_is_an_error_at_its_line(with_site, capsys, monkeypatch, page):
    text = with_site.read(page) if with_site.path(page).exists() else "# Escalation\n"
    with_site.write(page, text + f"\n{QUOTA}\n")
    line = len((text + f"\n{QUOTA}\n").splitlines())
    for args in ([], [page]):  # the whole repository, and the pre-commit path
        status, report = run(with_site, capsys, monkeypatch, *args)
        assert status == 1
        assert [(f["rule"], f["path"], f["line"]) for f in report["findings"]] == [("quota", page, line)]


def test_a_page_comment_is_read_and_a_suppression_works(with_site, capsys, monkeypatch):
    with_site.write("site/faq.md", with_site.read("site/faq.md") + "\n<!-- She is abrasive. -->\n")
    _, report = run(with_site, capsys, monkeypatch, "site/faq.md")
    assert [f["rule"] for f in report["findings"]] == ["biased-language"]
    assert "hidden in" in report["findings"][0]["message"]
    text = with_site.read("site/faq.md").replace("<!-- She", "<!-- openrubric: allow biased-language -- quotes an appeal -->\n<!-- She")
    with_site.write("site/faq.md", text)
    status, report = run(with_site, capsys, monkeypatch, "site/faq.md")
    assert (status, report["findings"], len(report["suppressions"])) == (0, [], 1)


def test_a_page_with_broken_front_matter_is_located(with_site, capsys, monkeypatch):
    with_site.write("site/faq.md", "---\nhide: [navigation\n---\n# FAQ\n")
    status, report = run(with_site, capsys, monkeypatch, "site/faq.md")
    assert status == 1
    assert [(f["rule"], f["path"]) for f in report["findings"]] == [("yaml-syntax", "site/faq.md")]


def test_a_broken_guardrails_file_says_the_pages_went_unchecked(with_site, capsys, monkeypatch):
    with_site.replace("policy/guardrails.yaml", "minimum_items: ", "minimum_items: two #")
    with_site.write("site/faq.md", with_site.read("site/faq.md") + f"\n{QUOTA}\n")
    status, report = run(with_site, capsys, monkeypatch, "site/faq.md")
    assert status == 0  # nothing in the page can be judged; the warning says so
    [skipped] = report["findings"]
    assert (skipped["rule"], skipped["path"]) == ("rules-skipped", "policy/guardrails.yaml")
    assert "quota" in skipped["message"]


def test_excluding_the_site_leaves_its_pages_out(with_site, capsys, monkeypatch):
    with_site.write("site/faq.md", with_site.read("site/faq.md") + f"\n{QUOTA}\n")
    with_site.write("openrubric.toml", 'exclude = ["site"]\n')
    assert run(with_site, capsys, monkeypatch)[1]["findings"] == []
