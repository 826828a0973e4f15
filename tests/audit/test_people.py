"""The people file: every problem with it is a message at its file and line that names nobody."""

from __future__ import annotations

from pathlib import Path

import pytest

from openrubric.audit.cycle import AuditError
from openrubric.audit.people import read_people, unmatched


def people_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_attributes_are_every_column_but_the_engineer(tmp_path):
    path = people_file(tmp_path, "engineer,team,location\nAda Quist,payments,remote\nBo Ruiz,search,\n")
    people = read_people(path)
    assert people.attributes == ["team", "location"]
    assert people.rows == {"Ada Quist": {"team": "payments", "location": "remote"}, "Bo Ruiz": {"team": "search"}}
    assert people.problems == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "people.csv:1: the people file is empty"),
        ("name,team\nAda,payments\n", "people.csv:1: no 'engineer' column; the header has: name, team"),
        ("engineer,team,team\nAda,a,b\n", "people.csv:1: the column 'team' appears more than once"),
        ("engineer,,team\nAda,a,b\n", "people.csv:1: column 2 has no name"),
    ],
)
def test_a_file_the_audit_cannot_use_stops_it_with_the_line(tmp_path, text, message):
    with pytest.raises(AuditError, match=message):
        read_people(people_file(tmp_path, text))


def test_a_file_that_is_not_utf8_says_so(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("engineer,team\nZo\xeb,a\n".encode("latin-1"))
    with pytest.raises(AuditError, match="not valid UTF-8"):
        read_people(path)


def test_bad_rows_are_left_out_at_their_lines_without_names(tmp_path):
    text = "engineer,team\nAda Quist,payments\nBo Ruiz\n,search\nAda Quist,search\nCy Tan,search\n"
    people = read_people(people_file(tmp_path, text))
    path = tmp_path / "people.csv"
    assert people.problems == [
        f"{path}:3: 1 fields, but the header has 2; the row is left out",
        f"{path}:4: the 'engineer' field is empty; the row is left out",
        f"{path}:5: the same engineer as line 2; this row is left out",
    ]
    assert set(people.rows) == {"Ada Quist", "Cy Tan"}
    assert not any("Ada" in problem or "Bo Ruiz" in problem for problem in people.problems)


def test_a_column_mixing_numbers_and_text_is_left_out_at_the_odd_line(tmp_path):
    text = "engineer,tenure_years,team\nA,2,x\nB,3.5,x\nC,n/a,y\nD,7,y\n"
    people = read_people(people_file(tmp_path, text))
    assert people.attributes == ["team"]
    assert people.problems == [
        f"{tmp_path / 'people.csv'}:4: column 'tenure_years' holds a number on 3 rows but text here; "
        "the column is left out until every value is of one kind"
    ]


def test_a_column_of_numbers_only_is_kept_as_groups(tmp_path):
    people = read_people(people_file(tmp_path, "engineer,band\nA,1\nB,2\n"))
    assert people.attributes == ["band"] and people.problems == []


def test_rows_and_narratives_that_do_not_match_point_at_lines_and_files(tmp_path):
    path = people_file(tmp_path, "engineer,team\nAda Quist,a\nNot Reviewed,b\n")
    people = read_people(path)
    problems = unmatched(people, {"Ada Quist": "cycle/ada-quist.md", "Bo Ruiz": "cycle/bo-ruiz.md"}, path)
    assert problems == [
        f"{path}:3: this row's engineer has no narrative in the cycle (or it was left out); the row is not used",
        f"cycle/bo-ruiz.md: its engineer has no row in {path}; the narrative counts in the distributions but in no group",
    ]
