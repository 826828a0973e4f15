"""Reading YAML block by block gives what reading the whole file gives, or reads the whole file."""

from __future__ import annotations

import pytest
from conftest import PROJECT

from openrubric import snapshots
from openrubric.site.yaml_blocks import BlockReader


def whole(path: str, raw: bytes) -> snapshots.Snapshot:
    return snapshots.parse_files({path: raw})


@pytest.mark.parametrize("path", ["rubrics/rubric.yaml", "rubrics/metrics.yaml", "policy/guardrails.yaml", "rubrics/changelog.yaml"])
def test_the_projects_files_read_the_same_block_by_block(path):
    raw = (PROJECT / path).read_bytes()

    assert BlockReader().parse(path, raw).data == whole(path, raw).data


def test_a_block_seen_before_is_not_parsed_again(monkeypatch):
    reader = BlockReader()
    raw = (PROJECT / "policy/guardrails.yaml").read_bytes()
    first = reader.parse("policy/guardrails.yaml", raw)
    changed = raw.replace(b"minimum_items: 2", b"minimum_items: 3")

    second = reader.parse("policy/guardrails.yaml", changed)

    assert second.data == whole("policy/guardrails.yaml", changed).data
    assert second.data["policy/guardrails.yaml"]["guardrail_rules"] is first.data["policy/guardrails.yaml"]["guardrail_rules"]
    assert second.data["policy/guardrails.yaml"]["evidence"] is not first.data["policy/guardrails.yaml"]["evidence"]


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",  # an alias to another block's anchor
        "a: 1\nb: 2\na: 3\n",  # a key given twice, in different blocks
        "- 1\n- 2\n",  # a top-level sequence
        "%YAML 1.2\n---\na: 1\n",  # a directive
        "a: 1\r\nb: 2\r\n",  # carriage returns
        "a: [1,\n2]\nb: 3\n",  # a flow collection continued at column 0
        "a: 1\nb: [\n",  # a broken block: the whole file's message
        "# only a comment\n",
    ],
)
def test_what_blocks_cannot_read_the_same_way_is_read_whole(text):
    raw = text.encode()
    found, expected = BlockReader().parse("rubrics/rubric.yaml", raw), whole("rubrics/rubric.yaml", raw)

    assert (found.data, found.unreadable) == (expected.data, expected.unreadable)
