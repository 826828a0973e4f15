from __future__ import annotations


def first_level_weights(repo) -> tuple[int, str]:
    text = repo.read("rubrics/rubric.yaml")
    start = text.index("weights:")
    return text[:start].count("\n") + 1, text


def test_weights_that_do_not_add_up_to_100_are_reported_at_the_levels_weights(repo, check):
    line, text = first_level_weights(repo)
    repo.write("rubrics/rubric.yaml", text.replace("weights:", "weights:\n      bonus: 0", 1))
    # An extra zero weight changes nothing; now move 5 points onto it so the total becomes 105.
    text = repo.read("rubrics/rubric.yaml")
    repo.write("rubrics/rubric.yaml", text.replace("bonus: 0", "bonus: 5", 1))

    result = check()

    sums = [f for f in result.findings if f["rule"] == "weights-sum"]
    assert [(f["line"], f["path"]) for f in sums] == [(line, "rubrics/rubric.yaml")]
    assert "add up to 105, not 100" in sums[0]["message"]
    assert result.status == 1


def test_a_category_left_out_of_a_levels_weights_is_missing_weight(repo, check):
    import re

    line, text = first_level_weights(repo)
    block_end = text.index("expectations:", text.index("weights:"))
    weights_block = text[text.index("weights:") : block_end]
    growth = re.search(r"\n\s*growth-leadership: (\d+)", weights_block)
    assert growth, weights_block
    repo.write("rubrics/rubric.yaml", text.replace(weights_block, weights_block.replace(growth.group(0), "", 1), 1))

    result = check()

    rules = {(f["rule"], f["line"]) for f in result.findings}
    assert ("missing-weight", line) in rules
    assert ("weights-sum", line) in rules
    assert any("no weight for category 'growth-leadership'" in f["message"] for f in result.findings)
