"""The publishable summary as a page of the published site: written into `site/`, built by the real strict
MkDocs build, and naming nobody."""

from __future__ import annotations

import re
import shutil

import pytest
from audit_support import PROJECT, run_audit

from openrubric import cli


@pytest.mark.slow
def test_the_publishable_summary_builds_as_a_site_page(repo, cycle, previous, tmp_path):
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    page = repo.path("site/audit.md")
    run = run_audit(cycle.narratives, "--previous", previous.narratives, "--publishable", "--format", "markdown", "--out", page, root=repo.root)
    assert run.status == 0, run.err
    out = tmp_path / "built"
    assert cli.main(["site", "build", "--root", str(repo.root), "--out", str(out)]) == 0
    html = (out / "audit" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Distributions of ratings" in text and html.count("<table") >= 4
    assert "2026-H1" in text and "2026-H2" in text
    names = {engineer.name for engineer in cycle.truth.engineers} | {engineer.manager for engineer in cycle.truth.engineers}
    assert not [name for name in names if name in text]
