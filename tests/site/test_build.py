"""The site builds with MkDocs in strict mode from the repository's content, and publishes it safely."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from openrubric import cli

PROJECT = Path(__file__).resolve().parents[2]


def build(repo, tmp_path, capsys, monkeypatch):
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    out = tmp_path / "out"
    monkeypatch.chdir(repo.root)
    status = cli.main(["site", "build", "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return out


def page(out, name: str) -> str:
    return (out / name / "index.html").read_text(encoding="utf-8")


def test_every_generated_page_is_built(repo, tmp_path, capsys, monkeypatch):
    out = build(repo, tmp_path, capsys, monkeypatch)

    for name in ("policy/policy", "policy/guardrails", "rubric/levels", "rubric/scale", "rubric/metrics", "rubric/scorecard-l4", "narrative-templates/review"):
        assert (out / name / "index.html").is_file(), name


def test_the_scorecard_shows_the_rubrics_weights_and_a_chart(repo, tmp_path, capsys, monkeypatch):
    rubric = yaml.safe_load(repo.read("rubrics/rubric.yaml").replace("2026-01-01", "'2026-01-01'"))
    level = next(entry for entry in rubric["levels"] if entry["id"] == "L5")
    out = build(repo, tmp_path, capsys, monkeypatch)

    html = page(out, "rubric/scorecard-l5")
    assert "<svg" in html
    for category in rubric["categories"]:
        assert re.search(rf"{re.escape(category['name'])}</td>\s*<td[^>]*>{level['weights'][category['id']]}%", html), category["id"]


def test_strings_from_yaml_are_escaped(repo, tmp_path, capsys, monkeypatch):
    repo.replace("rubrics/rubric.yaml", "    name: Operational outcomes\n", "    name: Operational <script>alert(1)</script> outcomes\n")
    out = build(repo, tmp_path, capsys, monkeypatch)

    html = page(out, "rubric/levels")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_narrative_is_read_or_published(repo, tmp_path, capsys, monkeypatch):
    repo.write("narratives/drafts/2026-H2/someone.md", "---\nengineer: SECRET-PERSON\n---\nprivate\n")
    out = build(repo, tmp_path, capsys, monkeypatch)

    published = "".join(path.read_text(encoding="utf-8", errors="ignore") for path in out.rglob("*") if path.is_file())
    assert "SECRET-PERSON" not in published
    assert "Avery Okafor" not in published  # the example narrative is not a page either


def test_the_site_asks_no_other_host_for_anything(repo, tmp_path, capsys, monkeypatch):
    out = build(repo, tmp_path, capsys, monkeypatch)

    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|img|iframe)[^>]+src=\"https?://", text), html
        assert not re.search(r"<link[^>]+href=\"https?://", text), html


def test_a_committed_weight_change_appears_on_the_history_page(repo, tmp_path, capsys, monkeypatch):
    identity = ("-c", "user.name=Rubric Owner", "-c", "user.email=owner@example.org")
    repo.replace("rubrics/rubric.yaml", "    weights:\n      operational-outcomes: 45\n", "    weights:\n      operational-outcomes: 41\n")
    repo.replace("rubrics/rubric.yaml", "      growth-leadership: 10\n", "      growth-leadership: 14\n")
    repo.git(*identity, "commit", "-qam", "Shift L3 weight toward growth")
    out = build(repo, tmp_path, capsys, monkeypatch)

    html = page(out, "history")
    assert "Shift L3 weight toward growth" in html
    assert "<em>Engineer</em> (L3): <em>Operational outcomes</em> weight 45% → 41%" in html
    assert "Rubric Owner" in html


def test_a_shallow_clone_builds_and_says_history_is_truncated(repo, tmp_path, capsys, monkeypatch):
    import subprocess

    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    repo.git("-c", "user.name=T", "-c", "user.email=t@example.org", "add", "-A")
    repo.git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "site")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow)], check=True)
    monkeypatch.chdir(shallow)

    assert cli.main(["site", "build", "--out", str(tmp_path / "out")]) == 0
    assert "History is truncated" in (tmp_path / "out" / "history" / "index.html").read_text(encoding="utf-8")


def test_commits_link_to_the_repository_when_the_workflow_names_it(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENRUBRIC_REPO_URL", "https://git.example.org/people/policy")
    sha = repo.git("rev-parse", "HEAD").strip()
    out = build(repo, tmp_path, capsys, monkeypatch)

    assert f'href="https://git.example.org/people/policy/commit/{sha}"' in page(out, "history")
    assert re.search(rf'Last changed on [0-9-]+ in commit <a href="https://git.example.org/people/policy/commit/{sha}">', page(out, "rubric/levels"))
    header = re.search(r"<header.*?</header>", page(out, ""), re.S)
    assert header and "git.example.org" not in header[0]  # the header does not become a repository widget


def test_content_that_fails_the_check_stops_the_build_with_its_place(repo, tmp_path, capsys, monkeypatch):
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    repo.write("rubrics/rubric.yaml", repo.read("rubrics/rubric.yaml") + "version: [\n")
    monkeypatch.chdir(repo.root)

    status = cli.main(["site", "build", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err

    assert status == 1
    assert re.search(r"rubrics/rubric\.yaml:\d+:\d+: \[yaml-syntax\]", err), err
    assert "Traceback" not in err


def test_a_title_or_commit_subject_from_content_stays_text(repo, tmp_path, capsys, monkeypatch):
    repo.replace("rubrics/rubric.yaml", "    name: Engineer\n", "    name: \"</title><script>pwn(1)</script> [x](javascript:pwn(2))\"\n")
    repo.git("-c", "user.name=[a](javascript:pwn(3))", "-c", "user.email=a@example.org", "commit", "-qam", "[s](javascript:pwn(4)) {: onclick=pwn(5) }")
    out = build(repo, tmp_path, capsys, monkeypatch)

    html = page(out, "rubric/scorecard-l3")
    assert "<title>Scorecard: L3, &lt;/title&gt;&lt;script&gt;pwn(1)&lt;/script&gt; [x](javascript:pwn(2)) - " in html
    assert "Last changed on" in html and "[s](javascript:pwn(4)) {: onclick=pwn(5) }" in html
    assert "by [a](javascript:pwn(3))" in page(out, "history")
    for path in out.rglob("*.html"):
        published = path.read_text(encoding="utf-8")
        assert not re.search(r"<script>pwn|href=\"javascript|<[^>]*\son[a-z]+=", published), path


def build_with_page(repo, tmp_path, capsys, monkeypatch, path: str, content: str | bytes) -> tuple[int, str]:
    """Exit status and stderr of `site build` with this project's hand-written pages plus ``path``."""
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"), dirs_exist_ok=True)
    repo.write(path, content)
    monkeypatch.chdir(repo.root)
    status = cli.main(["site", "build", "--out", str(tmp_path / "out")])
    return status, capsys.readouterr().err


def test_a_file_a_browser_would_run_script_from_is_not_published(repo, tmp_path, capsys, monkeypatch):
    status, err = build_with_page(repo, tmp_path, capsys, monkeypatch, "site/extra/pwn.html", "<script>pwn(1)</script>\n")

    assert status == 1
    assert "site/extra/pwn.html: a browser can run script from this kind of file" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "extra" / "pwn.html").exists()


def test_a_hand_written_page_that_is_not_utf8_is_a_located_error(repo, tmp_path, capsys, monkeypatch):
    # Latin-1, as an old editor saves it.
    status, err = build_with_page(repo, tmp_path, capsys, monkeypatch, "site/faq.md", b"# FAQ\n\nCaf\xe1 hours\n")

    assert status == 1
    assert "site/faq.md:3: not UTF-8 text (byte 0xe1); save the page as UTF-8" in err
    assert "Traceback" not in err


def test_a_number_too_long_to_read_in_mkdocs_yml_is_a_located_error(repo, tmp_path, capsys, monkeypatch):
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    status, err = build_with_page(repo, tmp_path, capsys, monkeypatch, "mkdocs.yml", config + "extra_count: " + "9" * 5000 + "\n")

    assert status == 1
    assert f"mkdocs.yml:{config.count(chr(10)) + 1}: a number of 5,000 digits is too long to read" in err
    assert "Traceback" not in err and "internal error" not in err


def test_mkdocs_yml_nested_too_deeply_to_read_is_a_located_error(repo, tmp_path, capsys, monkeypatch):
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    nested = "".join(f"{' ' * depth}k{depth}:\n" for depth in range(1500)) + " " * 1500 + "leaf: 1\n"
    status, err = build_with_page(repo, tmp_path, capsys, monkeypatch, "mkdocs.yml", config + nested)

    assert status == 1
    assert f"mkdocs.yml:{config.count(chr(10)) + 1501}: nested too deeply to read" in err
    assert "Traceback" not in err and "internal error" not in err


def test_the_guardrails_page_shows_every_entry_with_its_exceptions(repo, tmp_path, capsys, monkeypatch):
    repo.replace("policy/guardrails.yaml", "      exceptions: [time budget*, training budget*, travel budget*,", "      exceptions: [hackathon prize, time budget*, training budget*, travel budget*,")
    out = build(repo, tmp_path, capsys, monkeypatch)

    html = page(out, "reference/lint-rules")
    assert "What the guardrail rules catch" in html
    row = re.search(r"<tr>\s*<td[^>]*><code>rating-budget</code></td>.*?</tr>", html, re.S)
    assert row is not None and "hackathon prize" in row.group(0) and "<em>budget</em> + <em>outcome</em>" in row.group(0)
    assert "<em>limit</em>:" in html  # the vocabularies are listed


@pytest.mark.parametrize(
    ("front_matter", "said"),
    [
        ("hide: -1", "site/index.md:3: `hide` is a number; the theme expects a list of the parts of the page to hide"),
        ("search: yes", "site/index.md:3: `search` is true or false; the theme expects a mapping"),
        ("template: 4", "site/index.md:3: `template` is a number; the theme expects the file name of one of the theme's templates"),
        ("template: nowhere.html", "site/index.md:3: `template: nowhere.html` names no template the theme has"),
        ("icon: material/nowhere", "site/index.md:3: `icon: material/nowhere` names no icon the theme has"),
    ],
)
def test_a_theme_key_the_page_cannot_use_is_a_located_error(repo, tmp_path, capsys, monkeypatch, front_matter, said):
    # Material reads these keys inside its templates, where a value of another kind used to stop the build.
    page = f"---\ntitle: Home\n{front_matter}\n---\n# Home\n\nWelcome.\n"
    status, err = build_with_page(repo, tmp_path, capsys, monkeypatch, "site/index.md", page)

    assert status == 1
    assert said in err
    assert "internal error" not in err and "Traceback" not in err


def test_a_schema_the_metaschema_rejects_is_named_before_publishing(repo, tmp_path, capsys, monkeypatch):
    # The reference pages read `required` as a list of names: an object there once stopped the build (fuzz case 1550).
    schema = json.loads((PROJECT / "schemas" / "narrative.schema.json").read_text(encoding="utf-8"))
    schema["required"][0] = {"title": "Comment"}
    status, err = build_with_page(repo, tmp_path, capsys, monkeypatch, "schemas/narrative.schema.json", json.dumps(schema, indent=2) + "\n")

    assert status == 1
    assert "the repository's schemas do not pass `openrubric check`" in err
    assert "schemas/narrative.schema.json:" in err and "required[0]: expected a string, found an object" in err
    assert "internal error" not in err
