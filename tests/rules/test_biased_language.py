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


def test_a_personality_word_said_of_someone_is_reported_at_its_place_with_the_entry_and_words(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nIn retros, Dana comes across as aloof.\n")

    [finding] = check().findings

    assert (finding["line"], finding["column"], finding["rule"]) == (text.count("\n") + 2, 1, "biased-language")
    assert "entry 'personality-attributed'" in finding["message"] and "\u201caloof\u201d (personality)" in finding["message"]


def test_a_negated_label_still_labels_but_advice_about_the_word_does_not(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nAvoid calling people bossy.\n\nShe is not confident enough to lead.\n")

    assert [(f["line"], f["column"], f["rule"]) for f in check().findings] == [(text.count("\n") + 4, 1, "biased-language")]


def test_a_remark_about_age_is_reported_with_its_entry_and_fit_discussed_as_a_practice_passes(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + '\nCiting "cultural fit" lets a panel turn someone down without a reason.\n\n'
               "Given her age, she should wait a few years before leading.\n")

    [finding] = check("policy/policy.md").findings

    assert (finding["line"], finding["column"], finding["rule"]) == (text.count("\n") + 4, 1, "biased-language")
    assert "entry 'group-attributed'" in finding["message"] and "given her age" in finding["message"].lower()


def test_a_trait_said_with_others_a_kind_of_person_lacking_zeal_and_a_name_with_a_degree_are_reported_at_their_place(repo, check):
    text = repo.read("policy/policy.md")
    start = text.count("\n") + 2
    repo.write("policy/policy.md", text + "\nYou have been curt and cold with me this month.\n\nRiya is a devoted person.\n\n"
               "He shows little enthusiasm for the roadmap.\n\nSam can be quite stubborn.\n")

    found = [(f["line"], f["column"], f["rule"]) for f in check("policy/policy.md").findings]

    assert found == [(start + offset, 1, "biased-language") for offset in (0, 2, 4, 6)]


def test_advice_on_wording_and_a_man_and_a_woman_compared_pass(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nDo not simply call a colleague rude; describe what you saw.\n\n"
               "When a man interrupts he is called decisive; when a woman does, she is called aggressive.\n\n"
               "Review results are kept confidential.\n\nI have full confidence in her judgement on the storage design.\n")

    assert check("policy/policy.md").findings == []


def test_labels_reported_of_one_person_a_claim_about_women_and_she_is_friendly_are_reported_with_their_entry(repo, check):
    text = repo.read("policy/policy.md")
    start = text.count("\n") + 2
    repo.write("policy/policy.md", text + "\nHis peers describe him with words like 'abrasive' and 'difficult'.\n\n"
               "Women simply lack the temperament for on-call work.\n\nShe is friendly and always ready to help.\n\n"
               "Reviewers describe women with words like abrasive far more often than men.\n")

    found = [(f["line"], f["column"], f["rule"], f["message"].split("entry '")[1].split("'")[0]) for f in check("policy/policy.md").findings]

    assert found == [(start, 1, "biased-language", "label-reported"), (start + 2, 1, "biased-language", "group-attributed"),
                     (start + 4, 1, "biased-language", "personality-attributed")]


def test_hard_work_and_things_described_with_personality_words_pass(repo, check):
    text = repo.read("policy/policy.md")
    repo.write("policy/policy.md", text + "\nShe led a difficult migration off the old queue with no downtime.\n\n"
               "The logs were scattered across three systems, so he built one dashboard.\n\n"
               "We did a soft launch in two regions first.\n\nThe codebase can be intimidating, so he wrote a tour.\n")

    assert check("policy/policy.md").findings == []


def test_a_names_possessive_trait_and_a_hyphenated_label_are_reported_but_adverbs_and_words_far_apart_pass(repo, check):
    text = repo.read("policy/policy.md")
    start = text.count("\n") + 2
    # "quietly" and "strong demand will" were read as "quiet" and "strong-willed" before.
    repo.write("policy/policy.md", text + "\nKate's attitude changes often.\n\nShe spoke quietly with the team.\n\n"
               "Omar is a strong-willed engineer.\n\nOmar expects strong demand will follow.\n\n"
               "The team's attitude toward testing changed.\n")

    found = [(f["line"], f["column"], f["rule"]) for f in check("policy/policy.md").findings]

    assert found == [(start, 1, "biased-language"), (start + 4, 1, "biased-language")]
