"""A large repository is checked in several processes with exactly the findings of a single process."""

from __future__ import annotations

import json

from openrubric import cli
from openrubric.check import PARALLEL_FROM

NARRATIVE = """\
---
engineer: Engineer {number}
level: {level}
period: 2026-H2
manager: Sam Rivera
template: review
ratings:
  operational-outcomes:
    rating: meets
    evidence:
      - ref: PAY-{number}
        summary: Cut checkout p99 latency from 900 ms to 400 ms by batching ledger writes.
      - ref: https://git.acme.test/pay/pull/{number}
        summary: Led the incident review and closed all five follow-up actions.
  code-quality:
    rating: meets
    evidence:
      - ref: https://docs.acme.test/design/ledger-{number}
        summary: Design adopted by two other teams, with the alternatives recorded.
      - ref: PAY-{number}1
        summary: Added contract tests that caught two regressions before release.
  collaboration:
    rating: meets
    evidence:
      - ref: PAY-{number}2
        summary: Paired with the fraud team on the shared schema migration.
      - ref: PAY-{number}3
        summary: Rewrote the onboarding guide; new joiners shipped in their first week.
  growth-leadership:
    rating: meets
    evidence:
      - ref: PAY-{number}4
        summary: Mentored an intern through their first on-call rotation.
      - ref: PAY-{number}5
        summary: Ran the review guild for the payments area.
---
## What problem did they solve?

{body}
"""


def write_narratives(repo, count: int) -> None:
    for number in range(count):
        body = "Checkout failed under load; the fix removed the cause."
        level = "L4"
        if number == 7:
            body = "Always first to reply on Slack, usually within two minutes."
        if number == 150:
            level = "L9"
        if number == 99:
            body = "<!-- openrubric: allow biased-language -- quoting the customer's words -->\nThe customer called the old flow abrasive."
        repo.write(f"narratives/2026-H2/team-{number % 7}/engineer-{number}.md", NARRATIVE.format(number=number, level=level, body=body))


def run(repo, capsys, monkeypatch, jobs: int) -> dict:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    status = cli.main(["check", "--format", "json", "--jobs", str(jobs)])
    return {"status": status, **json.loads(capsys.readouterr().out)}


def test_parallel_and_serial_checks_report_the_same(repo, capsys, monkeypatch):
    write_narratives(repo, PARALLEL_FROM + 10)

    serial = run(repo, capsys, monkeypatch, jobs=1)
    parallel = run(repo, capsys, monkeypatch, jobs=2)

    assert parallel == serial
    assert serial["status"] == 1
    located = {(f["rule"], f["path"]) for f in serial["findings"]}
    assert located == {
        ("banned-signal", "narratives/2026-H2/team-0/engineer-7.md"),
        ("unknown-reference", "narratives/2026-H2/team-3/engineer-150.md"),
    }
    assert [s["path"] for s in serial["suppressions"]] == ["narratives/2026-H2/team-1/engineer-99.md"]
    assert serial["files_checked"] >= PARALLEL_FROM + 10
