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

    before, after = first.data["policy/guardrails.yaml"], second.data["policy/guardrails.yaml"]
    assert second.data == whole("policy/guardrails.yaml", changed).data
    assert after["banned_signals"] is before["banned_signals"]
    assert after["guardrail_rules"]["entries"] is before["guardrail_rules"]["entries"]
    assert after["evidence"]["by_rating"] is before["evidence"]["by_rating"]
    assert after["evidence"]["minimum_items"] == 3


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
        "a:\n  b: &x 1\n  c: *x\n",  # an alias to an anchor in another key of the same mapping
        "a:\n  b: 1\n  b: 2\n",  # a nested key given twice
        "a:\n  b: [1,\n  c: 2]\n",  # a flow collection continued at the nested keys' indentation
        "a:\n  b:\n  - 1\n  - 2\n  c: 3\n",  # a sequence at the keys' indentation stays with its key
        "a: # a comment\n  # another\n  b: 1\n\n  c: {d: 2}\nz: 0\n",
    ],
)
def test_what_blocks_cannot_read_the_same_way_is_read_whole(text):
    raw = text.encode()
    found, expected = BlockReader().parse("rubrics/rubric.yaml", raw), whole("rubrics/rubric.yaml", raw)

    assert (found.data, found.unreadable) == (expected.data, expected.unreadable)


def test_one_reader_over_successive_versions_reads_each_as_a_whole_file_read_would():
    reader, raw = BlockReader(), (PROJECT / "policy/guardrails.yaml").read_bytes()
    versions = [
        raw,
        raw.replace(b"minimum_items: 2", b"minimum_items: 3"),
        raw.replace(b"phrases: [stay* late,", b"phrases: [stay* late, sleeps at the office,"),
        raw.replace(b"  window_days: 30", b"  window_days: 14"),
        raw,
        raw.replace(b"\nappeal:\n", b"\nappeal:\n  extra: [1,\n  2]\n"),
    ]

    for version in versions:
        found, expected = reader.parse("policy/guardrails.yaml", version), whole("policy/guardrails.yaml", version)
        assert (found.data, found.unreadable) == (expected.data, expected.unreadable)
