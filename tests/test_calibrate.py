"""`openrubric calibrate DIR`: the packet for the calibration room, from narratives kept outside the repository."""

from __future__ import annotations

import json
import os

import pytest
from conftest import PROJECT

from openrubric import cli

EXAMPLE = (PROJECT / "narratives/examples/review-avery-okafor.md").read_text(encoding="utf-8")
CODE_QUALITY = "  code-quality:\n    rating: exceeds\n"
THIRD_ITEM = "      - ref: PAY-902\n        summary: Contract tests that caught two regressions before release in November.\n"


def narrative(engineer: str, *, code_quality: str = "exceeds", extra: str = "", thin: bool = False) -> str:
    """The example narrative for ``engineer``, with its code-quality rating and what follows it changed."""
    text = EXAMPLE.replace("Avery Okafor", engineer).replace(CODE_QUALITY, f"  code-quality:\n    rating: {code_quality}\n{extra}")
    return text.replace(THIRD_ITEM, "") if thin else text


@pytest.fixture
def cycle(tmp_path):
    """A cycle's folder outside the policy repository."""
    folder = tmp_path / "cycle-2026-H2"
    folder.mkdir()
    return folder


def calibrate(repo, capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(["calibrate", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def section(out: str, title: str) -> str:
    """The text of one level-and-category section of a text packet."""
    return out.split(f"== {title} ==")[1].split("\n== ")[0]


def test_engineers_are_grouped_by_rating_in_scale_order_and_alphabetical_within(repo, cycle, capsys, monkeypatch):
    for name, rating in [("Zoe Quinn", "exceeds"), ("Ana Berg", "meets"), ("Mo Chen", "exceeds"), ("Bea Diaz", "meets")]:
        (cycle / f"{name.split()[0].lower()}.md").write_text(narrative(name, code_quality=rating), encoding="utf-8")

    status, out, _ = calibrate(repo, capsys, monkeypatch, str(cycle))

    assert status == 0
    block = section(out, "L4 (Engineer II): Code quality and maintainability")
    headings_and_names = [line.split(" (manager")[0].strip() for line in block.splitlines() if line.strip() and not line.startswith("    ")]
    assert headings_and_names == ["Meets expectations (2)", "Ana Berg", "Bea Diaz", "Exceeds expectations (2)", "Mo Chen", "Zoe Quinn"]


def test_thin_evidence_for_the_rating_is_marked(repo, cycle, capsys, monkeypatch):
    (cycle / "a.md").write_text(narrative("Ana Berg", thin=True), encoding="utf-8")

    _, out, _ = calibrate(repo, capsys, monkeypatch, str(cycle))

    block = section(out, "L4 (Engineer II): Code quality and maintainability")
    assert "Ana Berg (manager: Sam Rivera) [THIN EVIDENCE: 2 of 3 items]" in block
    assert "THIN" not in section(out, "L4 (Engineer II): Operational outcomes")


def test_a_calibration_change_is_shown_with_its_reason(repo, cycle, capsys, monkeypatch):
    change = (
        "    calibration:\n      from: meets\n      to: exceeds\n"
        "      reason: The panel read the design review, adopted by two other teams.\n"
        "      evidence:\n        - {ref: PAY-1301, summary: Design review adopted by two other teams.}\n"
    )
    (cycle / "a.md").write_text(narrative("Ana Berg", extra=change), encoding="utf-8")

    _, out, _ = calibrate(repo, capsys, monkeypatch, str(cycle))

    block = section(out, "L4 (Engineer II): Code quality and maintainability")
    assert "[calibrated from Meets expectations]" in block
    assert "calibration: Meets expectations -> Exceeds expectations: The panel read the design review" in block


def test_guardrail_findings_are_marked_on_the_entry(repo, cycle, capsys, monkeypatch):
    text = narrative("Ana Berg").replace("Paired with the fraud team", "Always stays late and paired with the fraud team")
    (cycle / "a.md").write_text(text, encoding="utf-8")

    _, out, _ = calibrate(repo, capsys, monkeypatch, str(cycle))

    assert "[1 guardrail finding(s)]" in out
    assert "[banned-signal]" in out and "a.md:" in out


def test_level_limits_the_packet_and_an_unknown_level_is_a_usage_error(repo, cycle, capsys, monkeypatch):
    (cycle / "a.md").write_text(narrative("Ana Berg"), encoding="utf-8")
    (cycle / "b.md").write_text(narrative("Bo Lund").replace("level: L4", "level: L5"), encoding="utf-8")

    _, only_l5, _ = calibrate(repo, capsys, monkeypatch, str(cycle), "--level", "L5")
    status, _, err = calibrate(repo, capsys, monkeypatch, str(cycle), "--level", "L9")

    assert "Bo Lund" in only_l5 and "Ana Berg" not in only_l5
    assert status == 2 and "unknown level 'L9'; the rubric defines: L3, L4, L5, L6" in err


def test_files_that_are_not_valid_narratives_are_left_out_with_their_first_error_and_exit_1(repo, cycle, capsys, monkeypatch, tmp_path):
    (cycle / "good.md").write_text(narrative("Ana Berg"), encoding="utf-8")
    (cycle / "broken.md").write_text("---\nengineer: [unclosed\n---\n# x\n", encoding="utf-8")
    (cycle / "notes.md").write_text("# Just notes, no front matter\n", encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text(narrative("Outside Person"), encoding="utf-8")
    os.symlink(secret, cycle / "link.md")

    status, out, _ = calibrate(repo, capsys, monkeypatch, str(cycle))

    assert status == 1  # the packet is printed, but a script sees that it is incomplete
    left = " ".join(out.split("Left out (3)")[1].split())  # unfolded
    assert "broken.md:3:1: [yaml-syntax]" in left and "[yaml-syntax]" in left
    assert "notes.md:1:1: [front-matter]" in left
    assert "link.md:1:1: [link-outside-repository]" in left
    assert "Outside Person" not in out and "Ana Berg" in out


def test_json_lists_sections_groups_and_marks(repo, cycle, capsys, monkeypatch):
    (cycle / "a.md").write_text(narrative("Ana Berg", thin=True), encoding="utf-8")

    _, out, _ = calibrate(repo, capsys, monkeypatch, str(cycle), "--format", "json")

    data = json.loads(out)
    code = next(s for s in data["sections"] if s["category"] == "code-quality")
    [group] = [g for g in code["groups"] if g["entries"]]
    assert (group["rating"], group["entries"][0]["engineer"], group["entries"][0]["thin"]) == ("exceeds", "Ana Berg", True)


def test_markdown_shows_names_literally(repo, cycle, capsys, monkeypatch):
    (cycle / "a.md").write_text(narrative("Ana *Star* <b>Berg</b>"), encoding="utf-8")

    _, out, _ = calibrate(repo, capsys, monkeypatch, str(cycle), "--format", "markdown")

    assert r"**Ana \*Star\* \<b\>Berg\</b\>**" in out


def test_a_missing_folder_is_a_clear_error_and_nothing_is_written(repo, cycle, capsys, monkeypatch):
    (cycle / "a.md").write_text(narrative("Ana Berg"), encoding="utf-8")
    before = sorted(path.name for path in cycle.iterdir())

    status, _, err = calibrate(repo, capsys, monkeypatch, str(cycle / "nope"))
    calibrate(repo, capsys, monkeypatch, str(cycle))

    assert status == 1 and "nope is not a folder" in err
    assert sorted(path.name for path in cycle.iterdir()) == before
    assert repo.git("status", "--porcelain") == ""
