"""Links into the repository: a remote's web address without credentials, and edit links to each page's source."""

from __future__ import annotations

import re

import pytest
from test_build import build, page

from openrubric.site.links import edit_url, web_address


@pytest.mark.parametrize(
    ("remote", "address"),
    [
        ("https://github.com/people/rubric.git", "https://github.com/people/rubric"),
        ("https://github.com/people/rubric", "https://github.com/people/rubric"),
        ("git@github.com:people/rubric.git", "https://github.com/people/rubric"),
        ("ssh://git@gitlab.example.org:2222/group/sub/rubric.git", "https://gitlab.example.org/group/sub/rubric"),
        ("https://x-access-token:s3cret@github.com/people/rubric.git", "https://github.com/people/rubric"),
        ("/srv/git/rubric.git", None),
        ("file:///srv/git/rubric.git", None),
        ("../rubric", None),
        ('https://github.com/people/rubric"><script>', None),
        ("https://github.com/people/../../evil", None),
    ],
)
def test_the_web_address_of_a_remote(remote, address):
    assert web_address(remote) == address


def test_an_edit_url_encodes_what_would_end_an_attribute():
    assert edit_url("https://git.example.org/p/", "edit/main/", "site/faq.md") == "https://git.example.org/p/edit/main/site/faq.md"
    assert edit_url("https://git.example.org/p", "-/edit/main", 'policy/a" onclick="x.md') == "https://git.example.org/p/-/edit/main/policy/a%22%20onclick%3D%22x.md"


def edit_link(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
    return found[1] if found else None


def test_each_page_links_to_the_source_it_is_made_from(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENRUBRIC_REPO_URL", "https://git.example.org/people/policy")
    monkeypatch.setenv("OPENRUBRIC_EDIT_URI", "-/edit/trunk/")
    out = build(repo, tmp_path, capsys, monkeypatch)

    base = "https://git.example.org/people/policy/-/edit/trunk"
    assert edit_link(page(out, "rubric/scorecard-l4")) == f"{base}/rubrics/rubric.yaml"
    assert edit_link(page(out, "policy/guardrails")) == f"{base}/policy/guardrails.yaml"
    assert edit_link(page(out, "policy/policy")) == f"{base}/policy/policy.md"
    assert edit_link(page(out, "reference/rubric")) is None  # the schemas shipped with openrubric: nothing here to edit
    assert edit_link(page(out, "faq")) == f"{base}/site/faq.md"
    assert edit_link(page(out, "")) == f"{base}/site/index.md"
    assert edit_link(page(out, "history")) is None  # made from every commit: no one file to edit


def test_a_schema_of_the_repository_links_to_its_file(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENRUBRIC_REPO_URL", "https://git.example.org/people/policy")
    monkeypatch.setenv("OPENRUBRIC_EDIT_URI", "-/edit/trunk/")
    repo.own_schema("rubric.schema.json")
    out = build(repo, tmp_path, capsys, monkeypatch)

    assert edit_link(page(out, "reference/rubric")) == "https://git.example.org/people/policy/-/edit/trunk/schemas/rubric.schema.json"


def test_without_configuration_the_origin_remote_gives_the_links_and_never_its_credentials(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENRUBRIC_REPO_URL", raising=False)
    monkeypatch.delenv("OPENRUBRIC_EDIT_URI", raising=False)
    repo.git("remote", "add", "origin", "https://ci-bot:t0ken-VALUE@git.example.org/people/policy.git")
    sha = repo.git("rev-parse", "HEAD").strip()
    out = build(repo, tmp_path, capsys, monkeypatch)

    assert edit_link(page(out, "rubric/levels")) == "https://git.example.org/people/policy/edit/main/rubrics/rubric.yaml"
    assert f'href="https://git.example.org/people/policy/commit/{sha}"' in page(out, "history")
    published = "".join(path.read_text(encoding="utf-8", errors="ignore") for path in out.rglob("*") if path.is_file())
    assert "t0ken-VALUE" not in published and "ci-bot" not in published


def test_without_a_remote_or_configuration_no_page_has_an_edit_link(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENRUBRIC_REPO_URL", raising=False)
    out = build(repo, tmp_path, capsys, monkeypatch)

    assert edit_link(page(out, "rubric/levels")) is None and edit_link(page(out, "faq")) is None
