"""An organisation shaped differently (IC1 to IC6, five categories, a three-point scale, fiscal half-year
periods, purposes of its own) is checked, drafts, scores and publishes with no change to the code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PACKAGED_SCHEMAS, PROJECT
from organisation import CATEGORIES, PERIOD, SCALE, WEIGHTS, fill, reshape

from openrubric import cli


@pytest.fixture
def org(repo):
    reshape(repo.root)
    repo.git("add", "-A")
    repo.git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm", "Northwind's shape")
    return repo


def run(repo, capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_reshaped_content_passes_check(org, check):
    result = check()

    assert (result.status, result.findings) == (0, [])


def test_a_narrative_is_drafted_checked_and_scored_in_the_organisations_shape(org, capsys, monkeypatch):
    # No --template: the template for the rubric's first purpose, half-year-review.
    status, out, err = run(org, capsys, monkeypatch, "narrative", "new", "--engineer", "Kai Moreno", "--level", "IC3", "--period", PERIOD, "--manager", "Ines Park")
    assert status == 0, err
    relative = f"narratives/drafts/{PERIOD}/kai-moreno.md"
    assert out.strip().endswith(relative)
    draft = org.read(relative)
    front = yaml.safe_load(draft.split("---\n", 2)[1])
    assert (front["level"], front["period"], front["template"]) == ("IC3", PERIOD, "review")
    assert list(front["ratings"]) == CATEGORIES
    assert run(org, capsys, monkeypatch, "narrative", "check", relative)[0] == 1

    ratings = dict(zip(CATEGORIES, ["solid", "outstanding", "developing", "solid", "solid"], strict=True))
    org.write(relative, fill(draft, ratings))
    status, out, _ = run(org, capsys, monkeypatch, "narrative", "check", relative, "--format", "json")
    assert (status, json.loads(out)["findings"]) == (0, [])

    status, out, _ = run(org, capsys, monkeypatch, "narrative", "score", relative, "--format", "json")
    values = {id_: value for id_, _, value in SCALE}
    expected = sum(values[ratings[category]] * weight for category, weight in zip(CATEGORIES, WEIGHTS["IC3"], strict=True)) / 100
    assert status == 0
    assert json.loads(out)["composite"] == pytest.approx(expected)


def test_a_period_outside_the_organisations_format_is_refused_and_reported(org, capsys, monkeypatch, check):
    status, _, err = run(org, capsys, monkeypatch, "narrative", "new", "--engineer", "Kai", "--level", "IC3", "--period", "2026-H2")
    assert status == 1
    assert "period '2026-H2' is not a review period of rubrics/rubric.yaml: use a half of the fiscal year, such as FY27-H1" in err

    assert run(org, capsys, monkeypatch, "narrative", "new", "--engineer", "Kai", "--level", "IC3", "--period", PERIOD)[0] == 0
    line = org.replace(f"narratives/drafts/{PERIOD}/kai.md", f"period: {PERIOD}", "period: FY27-Q1")
    [finding] = [f for f in check(f"narratives/drafts/{PERIOD}/kai.md").findings if f["rule"] == "unknown-reference" and "period" in f["message"]]
    assert finding["line"] == line
    assert "period 'FY27-Q1' is not a review period" in finding["message"]


def test_a_template_purpose_the_rubric_does_not_declare_is_reported(org, check):
    line = org.replace("narratives/templates/promotion.md", "purpose: level-change", "purpose: promotion")

    [finding] = check().findings

    assert (finding["rule"], finding["path"], finding["line"]) == ("unknown-reference", "narratives/templates/promotion.md", line)
    assert "unknown purpose 'promotion'; rubrics/rubric.yaml defines: half-year-review, level-change" in finding["message"]


@pytest.mark.parametrize(("points", "message"), [(1, "scale: has 1 item; at least 2 items allowed"), (11, "scale: has 11 items; at most 10 items allowed")])
def test_a_scale_outside_two_to_ten_points_says_why(org, check, points, message):
    rubric = yaml.safe_load(org.read("rubrics/rubric.yaml"))
    rubric["scale"] = [{"id": f"r{n}", "label": f"R{n}", "value": n, "meaning": "m"} for n in range(points)]
    org.write("rubrics/rubric.yaml", yaml.safe_dump(rubric, sort_keys=False))

    findings = [f for f in check().findings if f["rule"] == "schema"]

    assert [f["message"] for f in findings] == [message]


@pytest.mark.slow
def test_the_site_builds_in_the_organisations_shape(org, tmp_path, capsys, monkeypatch):
    shutil.copy(PROJECT / "mkdocs.yml", org.path("mkdocs.yml"))
    org.write("site/index.md", "# Northwind engineering expectations\n\nStart with [the levels](rubric/levels.md).\n")
    out = tmp_path / "out"

    status, _, err = run(org, capsys, monkeypatch, "site", "build", "--out", str(out))

    assert status == 0, err
    for level in ("ic1", "ic6"):
        assert (out / f"rubric/scorecard-{level}/index.html").is_file()
    scale = (out / "rubric/scale/index.html").read_text(encoding="utf-8")
    assert all(label in scale for _, label, _ in SCALE)
    review = (out / "narrative-templates/review/index.html").read_text(encoding="utf-8")
    promotion = (out / "narrative-templates/promotion/index.html").read_text(encoding="utf-8")
    assert PERIOD in review and "fictional engineer at IC1" in review
    assert "fictional engineer at IC2" in promotion  # the level-change purpose is for the next level


def check_jsonschema(schemafile: Path, instance: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with every proxy pointing at a closed port, so that any download fails."""
    offline = {**os.environ, **dict.fromkeys(("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"), "http://127.0.0.1:9")}
    offline.pop("NO_PROXY", None)
    offline.pop("no_proxy", None)
    executable = Path(sys.executable).with_name("check-jsonschema")
    command = [str(executable), "--no-cache", "--schemafile", str(schemafile), str(instance)]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=offline, timeout=60)


@pytest.mark.slow
def test_check_jsonschema_validates_offline_with_the_packaged_schemas_or_a_copy_of_them(org, tmp_path):
    # The packaged schemas in place, and a copy kept in a repository's schemas/: relative $ids resolve to the
    # files beside them, and nothing is fetched.
    copy = org.path("schemas")
    shutil.copytree(PACKAGED_SCHEMAS, copy)
    for folder in (PACKAGED_SCHEMAS, copy):
        result = check_jsonschema(folder / "rubric.schema.json", org.path("rubrics/rubric.yaml"))
        assert result.returncode == 0, result.stdout + result.stderr

    # A reference into common.schema.json is followed: the copy's stricter id rejects the level ids.
    common = copy / "common.schema.json"
    common.write_text(common.read_text(encoding="utf-8").replace('"^[A-Za-z0-9][A-Za-z0-9._-]*$"', '"^L[0-9]+$"'), encoding="utf-8")
    result = check_jsonschema(copy / "rubric.schema.json", org.path("rubrics/rubric.yaml"))
    assert result.returncode == 1
    assert "$.levels[0].id: 'IC1' does not match '^L[0-9]+$'" in result.stdout
