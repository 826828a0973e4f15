"""The people file: a CSV with an ``engineer`` column (the name in each narrative) and any attributes.

Attributes are whatever the organisation keeps (team, team type, location, role family, tenure band and,
where it lawfully holds them, demographic fields); the audit compares the groups of every column. A problem
with a row or a column leaves that row or column out with a message at its line; a file that cannot be read
at all stops the audit. Messages name lines, never the people on them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .cycle import AuditError

ENGINEER = "engineer"
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?")


@dataclass
class People:
    attributes: list[str]  # the columns besides ``engineer`` that the audit compares, in file order
    rows: dict[str, dict[str, str]]  # engineer -> attribute -> value; empty values are left out
    lines: dict[str, int] = field(default_factory=dict)  # engineer -> line of the file
    problems: list[str] = field(default_factory=list)  # `path:line: message`, one per problem


def read_people(path: Path) -> People:
    """The people file at ``path``. Raises AuditError when it cannot be read or has no ``engineer`` column."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise AuditError(f"{path}: cannot read the people file: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise AuditError(f"{path}: the people file is not valid UTF-8; save it as UTF-8 CSV") from None
    try:
        table = list(csv.reader(text.splitlines()))
    except csv.Error as error:
        raise AuditError(f"{path}: not a CSV file: {error}") from None
    if not table or not any(cell.strip() for cell in table[0]):
        raise AuditError(f"{path}:1: the people file is empty; its first line names the columns, one of them '{ENGINEER}'")
    header = [cell.strip() for cell in table[0]]
    _check_header(path, header)
    people = People([name for name in header if name != ENGINEER], {})
    for number, row in enumerate(table[1:], start=2):
        _read_row(path, number, header, row, people)
    _drop_mixed_columns(path, people)
    return people


def _check_header(path: Path, header: list[str]) -> None:
    if ENGINEER not in header:
        raise AuditError(f"{path}:1: no '{ENGINEER}' column; the header has: {', '.join(header)}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise AuditError(f"{path}:1: the column {repeated[0]!r} appears more than once; give every column its own name")
    if "" in header:
        raise AuditError(f"{path}:1: column {header.index('') + 1} has no name")


def _read_row(path: Path, number: int, header: list[str], row: list[str], people: People) -> None:
    if not any(cell.strip() for cell in row):
        return  # blank lines carry nothing
    if len(row) != len(header):
        people.problems.append(f"{path}:{number}: {len(row)} fields, but the header has {len(header)}; the row is left out")
        return
    cells = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
    engineer = cells.pop(ENGINEER)
    if not engineer:
        people.problems.append(f"{path}:{number}: the '{ENGINEER}' field is empty; the row is left out")
        return
    if engineer in people.rows:
        people.problems.append(f"{path}:{number}: the same engineer as line {people.lines[engineer]}; this row is left out")
        return
    people.lines[engineer] = number
    people.rows[engineer] = {name: value for name, value in cells.items() if value}


def _drop_mixed_columns(path: Path, people: People) -> None:
    """Leave out a column that holds numbers on some rows and text on others: one of them is a mistake, and
    the groups it would form mean nothing until it is fixed."""
    for attribute in list(people.attributes):
        kinds: dict[bool, list[int]] = {True: [], False: []}
        for engineer, values in people.rows.items():
            if attribute in values:
                kinds[bool(_NUMBER.fullmatch(values[attribute]))].append(people.lines[engineer])
        if kinds[True] and kinds[False]:
            fewer, more = (True, False) if len(kinds[True]) < len(kinds[False]) else (False, True)
            what = {True: "a number", False: "text"}
            others = len(kinds[fewer]) - 1
            also = f" (and on {others} other rows)" if others else ""
            message = (
                f"{path}:{min(kinds[fewer])}: column '{attribute}' holds {what[more]} on {len(kinds[more])} rows but "
                f"{what[fewer]} here{also}; the column is left out until every value is of one kind"
            )
            people.problems.append(message)
            people.attributes.remove(attribute)


def unmatched(people: People, narratives: dict[str, str], path: Path) -> list[str]:
    """Messages for rows whose engineer has no narrative in the cycle (``narratives``: engineer -> its file),
    and for narratives whose engineer has no row."""
    problems = [
        f"{path}:{line}: this row's engineer has no narrative in the cycle (or it was left out); the row is not used"
        for engineer, line in sorted(people.lines.items(), key=lambda pair: pair[1])
        if engineer not in narratives
    ]
    for engineer, narrative in narratives.items():
        if engineer not in people.rows:
            problems.append(f"{narrative}: its engineer has no row in {path}; the narrative counts in the distributions but in no group")
    return problems
