from __future__ import annotations


def test_a_metric_feeding_an_unknown_category_is_reported_at_that_value(repo, check):
    metrics = repo.read("rubrics/metrics.yaml")
    entry = metrics.index("id: slo-attainment")
    feeds = metrics.index("operational-outcomes", metrics.index("feeds:", entry))
    line = metrics[:feeds].count("\n") + 1
    repo.write("rubrics/metrics.yaml", metrics[:feeds] + "operations" + metrics[feeds + len("operational-outcomes") :])

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("unknown-reference", "rubrics/metrics.yaml", line)
    assert "unknown category 'operations'" in finding["message"]


def test_renaming_a_metric_flags_the_category_that_names_it_even_when_only_the_catalogue_is_checked(repo, check):
    rubric = repo.read("rubrics/rubric.yaml")
    metrics = repo.read("rubrics/metrics.yaml")
    entry = metrics.index("id: defect-escape-rate", metrics.index("\nmetrics:"))
    repo.write("rubrics/metrics.yaml", metrics[:entry] + "id: escaped-defects" + metrics[entry + len("id: defect-escape-rate") :])

    result = check("rubrics/metrics.yaml")

    unknown = [f for f in result.findings if f["rule"] == "unknown-reference"]
    assert {f["path"] for f in unknown} == {"rubrics/rubric.yaml"}
    assert all("defect-escape-rate" in rubric.splitlines()[f["line"] - 1] for f in unknown)


def test_an_evidence_minimum_for_an_unknown_rating_is_reported_at_its_key(repo, check):
    text = repo.read("policy/guardrails.yaml")
    start = text.index("by_rating:") + len("by_rating:")
    line = text[:start].count("\n") + 2
    repo.write("policy/guardrails.yaml", text[:start] + "\n    legendary: 5" + text[start:])

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["line"]) == ("unknown-reference", line)
    assert "unknown rating 'legendary'" in finding["message"]
