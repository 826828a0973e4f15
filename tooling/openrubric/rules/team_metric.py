"""The ``team-metric-as-individual`` rule: team-level metrics are context, never an individual's score."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content

TEAM_METRIC_AS_INDIVIDUAL = Rule(
    name="team-metric-as-individual",
    severity=Severity.ERROR,
    summary="A team-level metric such as a DORA metric is set up as individual evidence.",
    doc="""\
## What it does
Reports a metric in `rubrics/metrics.yaml` whose `scope` is `team` but whose `review_use` is anything
other than `context`.

## Why is this bad?
DORA metrics and SLO attainment describe how a service and its team perform. Read as one person's
score, they reward whoever happened to deploy, punish the engineer who owns the flaky service, and invite
gaming: DORA's own guidance says to use them to help a team improve, not to compare people.

## Example
```yaml
- id: change-failure-rate
  scope: team
  review_use: evidence
```

## Use instead
```yaml
- id: change-failure-rate
  scope: team
  review_use: context
```
""",
)


def check(content: Content) -> Iterator[Finding]:
    metrics = content.single("metrics")
    if metrics is None:
        return
    for index, metric in enumerate(metrics.data["metrics"]):  # type: ignore[index]
        if metric.get("scope") == "team" and metric.get("review_use") != "context":
            message = (
                f"metric '{metric['id']}' is team-level, so a review may use it only as context, "
                f"not as '{metric.get('review_use')}'"
            )
            yield TEAM_METRIC_AS_INDIVIDUAL.at(metrics, ["metrics", index, "review_use"], message)
