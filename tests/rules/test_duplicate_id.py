from __future__ import annotations


def test_a_second_category_with_the_same_id_is_reported_at_its_id(repo, check):
    text = repo.read("rubrics/rubric.yaml")
    line = repo.line_of("rubrics/rubric.yaml", "- id: collaboration")
    repo.write("rubrics/rubric.yaml", text.replace("- id: collaboration", "- id: code-quality", 1))

    result = check()

    duplicates = [f for f in result.findings if f["rule"] == "duplicate-id"]
    assert [(f["line"], f["path"]) for f in duplicates] == [(line, "rubrics/rubric.yaml")]
    assert "categories id 'code-quality' is already used" in duplicates[0]["message"]


def test_two_templates_with_the_same_id_are_reported_in_the_later_file(repo, check):
    promotion = repo.read("narratives/templates/promotion.md")
    repo.write("narratives/templates/promotion.md", promotion.replace("id: promotion", "id: review", 1))

    result = check()

    [finding] = [f for f in result.findings if f["rule"] == "duplicate-id"]
    assert finding["path"] == "narratives/templates/review.md" or finding["path"] == "narratives/templates/promotion.md"
    assert "template id 'review'" in finding["message"]
