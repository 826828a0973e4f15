"""Reading a cycle: each narrative checked with the repository's rules; calibration entries and the
guardrails' biased-language findings kept as data; what cannot be audited left out with its reason."""

from __future__ import annotations

import pytest
import yaml
from audit_support import PROJECT, write

from openrubric.audit.cycle import AuditError, load_policy, read_cycle
from openrubric.repository import Repository

CALIBRATED = {
    "rating": "approaching",
    "evidence": [{"ref": f"ENG-{number}", "summary": "Shipped the change with its rollout notes."} for number in (1, 2)],
    "calibration": {
        "from": "meets",
        "to": "approaching",
        "reason": "Peer feedback named two design reviews where the concern raised was not followed up.",
        "evidence": [{"ref": "ENG-4411", "summary": "Peer feedback from the search team on the March design review."}],
    },
}


@pytest.fixture(scope="module")
def policy():
    return load_policy(Repository(PROJECT))


@pytest.fixture
def small(tmp_path):
    return write(tmp_path / "cycle", engineers=8)


def first(small) -> tuple:
    path = sorted(small.narratives.glob("*.md"))[0]
    return path, path.read_text(encoding="utf-8")


def test_a_calibration_entry_passes_the_check_and_keeps_the_draft(policy, small):
    path, text = first(small)
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data["ratings"]["collaboration"] = CALIBRATED
    path.write_text(f"---\n{yaml.safe_dump(data, sort_keys=False)}---\n{body}", encoding="utf-8")
    cycle = read_cycle(policy, [small.narratives])
    assert cycle.left_out == ()
    rating = next(r for n, p in zip(cycle.narratives, cycle.paths, strict=True) if p == path.as_posix() for r in n.ratings if r.category == "collaboration")
    assert (rating.draft, rating.rating, rating.draft_value, rating.value) == ("meets", "approaching", 3.0, 2.0)


def test_biased_language_is_counted_by_the_guardrail_rule(policy, small):
    path, text = first(small)
    path.write_text(text.rstrip("\n") + "\n\nIn the March planning meeting they came across as abrasive.\n", encoding="utf-8")
    cycle = read_cycle(policy, [small.narratives])
    counts = dict(zip(cycle.paths, (narrative.biased_language for narrative in cycle.narratives), strict=True))
    assert counts[path.as_posix()] >= 1


def test_a_second_narrative_for_one_engineer_is_left_out(policy, small, tmp_path):
    path, text = first(small)
    copy = small.narratives / "zz-copy.md"
    copy.write_text(text, encoding="utf-8")
    cycle = read_cycle(policy, [small.narratives])
    assert len(cycle.narratives) == 8
    assert [left.path for left in cycle.left_out] == [copy.as_posix()]
    assert f"the same engineer has another narrative, {path.as_posix()}" in cycle.left_out[0].reason


def test_a_file_that_is_not_a_narrative_is_left_out_with_its_line(policy, small):
    (small.narratives / "notes.md").write_text("just some notes\n", encoding="utf-8")
    cycle = read_cycle(policy, [small.narratives])
    assert [left.reason for left in cycle.left_out] == [
        f"{small.narratives / 'notes.md'}:1:1: [front-matter] a Markdown content file must start with YAML front matter between '---' lines"
    ]


def test_a_folder_that_does_not_exist_is_an_error(policy, tmp_path):
    with pytest.raises(AuditError, match="missing is not a folder"):
        read_cycle(policy, [tmp_path / "missing"])
