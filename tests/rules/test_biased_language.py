from __future__ import annotations


def test_a_personality_word_is_a_warning_with_a_suggestion_and_exit_0(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nHe can come across as abrasive in design reviews.\n")

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["severity"], finding["line"]) == ("biased-language", "warning", text.count("\n") + 2)
    assert "labels a person \u201cabrasive\u201d" in finding["message"] and "entry 'biased-abrasive'" in finding["message"]
    assert result.status == 0


def test_a_multi_word_term_matches_across_word_forms(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nShe was not a culture fit for the platform group.\n")

    assert [f["rule"] for f in check().findings] == ["biased-language"]


def test_a_quoted_mention_is_not_a_use(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + '\nWords such as "abrasive" or "bossy" describe a person, not what they did.\n')

    assert check().findings == []
