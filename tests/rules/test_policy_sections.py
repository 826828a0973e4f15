from __future__ import annotations


def test_a_renamed_heading_is_reported_in_the_body_and_in_the_front_matter(repo, check):
    heading_line = repo.line_of("policy/policy.md", "## Appeals")
    repo.replace("policy/policy.md", "## Appeals", "## Contesting a rating")

    result = check()

    located = sorted((f["rule"], f["line"]) for f in result.findings if f["path"] == "policy/policy.md")
    listed_line = repo.line_of("policy/policy.md", "  - appeals")
    assert ("policy-sections", heading_line) in located
    assert ("policy-sections", listed_line) in located


def test_headings_inside_code_fences_are_not_sections(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\n```markdown\n## Not a section\n```\n")

    assert check().findings == []
