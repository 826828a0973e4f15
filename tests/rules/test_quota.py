from __future__ import annotations

import json

from conftest import sarif_errors


def append_line(repo, path: str, text: str) -> int:
    content = repo.read(path)
    repo.write(path, content + text + "\n")
    return content.count("\n") + 1


def test_a_quota_hidden_in_a_yaml_comment_of_the_rubric_fails_at_its_line(repo, check):
    line = append_line(repo, "rubrics/rubric.yaml", "# calibration note: keep Exceeds to at most 15% of each org")

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("quota", "rubrics/rubric.yaml", line)
    assert "hidden in a YAML comment" in finding["message"]
    assert result.status == 1


def test_a_quota_hidden_in_an_html_comment_of_the_policy_fails_at_its_line(repo, check):
    line = append_line(repo, "policy/policy.md", "<!-- Managers: plan for one Below per team of eight. -->")

    result = check()

    [finding] = result.findings
    assert (finding["rule"], finding["path"], finding["line"]) == ("quota", "policy/policy.md", line)
    assert "hidden in an HTML comment" in finding["message"]


def test_the_github_annotation_and_sarif_carry_a_hidden_quota(repo, check):
    line = append_line(repo, "rubrics/rubric.yaml", "# ratings must follow the 20/70/10 split")

    annotation = check(fmt="github").out.splitlines()[0]
    log = json.loads(check(fmt="sarif").out)

    assert annotation.startswith(f"::error file=rubrics/rubric.yaml,line={line},")
    assert "title=openrubric quota::" in annotation
    assert sarif_errors(log) == []
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "quota"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == line


def test_a_visible_quota_in_policy_text_fails(repo, check):
    line = append_line(repo, "policy/policy.md", "Each org should aim for roughly 10% Exceeds and 10% Below.")

    [finding] = check().findings

    assert (finding["rule"], finding["line"]) == ("quota", line)
    assert "hidden" not in finding["message"]


def test_negations_weights_slos_and_bias_audits_pass(repo, check):
    for text in (
        "We never use forced ranking, and there is no cap on Exceeds.",
        "Operational outcomes carry 40% of the composite at L4.",
        "The checkout SLO is 99.9% over 30 days, an error budget of about 43 minutes.",
        "Cut p99 latency by 40% by batching ledger writes.",
        "Every cycle we audit how ratings are distributed by team and gender to find bias, never to set targets.",
    ):
        append_line(repo, "policy/policy.md", text)

    assert check().findings == []


def test_a_yaml_key_that_encodes_a_distribution_is_a_quota_at_that_key(repo, check):
    line = append_line(repo, "rubrics/rubric.yaml", "max_percent:\n  exceeds: 15")

    result = check()

    quota = [f for f in result.findings if f["rule"] == "quota"]
    assert [(f["path"], f["line"]) for f in quota] == [("rubrics/rubric.yaml", line)]
    assert "'max_percent' names a distribution" in quota[0]["message"]
    assert "schema" in result.rules()


def test_a_distribution_key_whose_value_forbids_quotas_passes(repo, check):
    assert "quotas: forbidden" in repo.read("policy/guardrails.yaml")
    assert check().findings == []


def test_quota_cannot_be_suppressed(repo, check):
    line = append_line(repo, "policy/policy.md", "<!-- openrubric: allow quota -- leadership asked for it -->\nKeep Exceeds under 10% per org.")

    result = check()

    rules = {(f["rule"], f["line"]) for f in result.findings}
    assert ("invalid-suppression", line) in rules
    assert ("quota", line + 1) in rules


def append_paragraphs(repo, path: str, texts: list[str]) -> list[int]:
    """Each text as a paragraph of its own at the end of the file; the line each one starts on."""
    content = repo.read(path)
    lines = []
    for text in texts:
        content += "\n"
        lines.append(content.count("\n") + 1)
        content += text + "\n"
    repo.write(path, content)
    return lines


def test_a_share_of_people_tied_to_a_rating_an_exit_or_the_bottom_fails_at_its_place(repo, check):
    cases = [
        ("Roughly 10 to 15% of staff got this score.", "share-of-a-rating", "\u201cof staff\u201d (people)"),
        ("The lowest 15% are put on a performance improvement plan.", "share-of-a-rating", "(position)"),
        ("A tenth of each team is shed every year.", "attrition-target", "(attrition)"),
        ("Does Not Meet Expectations: typically 5 to 10% of staff.", "share-of-a-rating", "\u201ctypically\u201d (steer)"),
        ("3: Meets Expectations, solid work (around 45-55%).", "share-of-a-rating", "(bracketed_share)"),
        ("Somebody has to end up at the bottom.", "low-ratings-required", "\u201cat the bottom\u201d (bottom_place)"),
        ("I was told to mark some of them down.", "instructed-downgrade", "\u201cthem down\u201d (downgrade)"),
        ("We list people from largest contribution to smallest.", "ranking-people", "(ranking)"),
    ]
    assert_each_fires_its_entry(repo, check, cases)


def test_reports_findings_abandonment_critique_definitions_and_other_figures_pass(repo, check):
    append_paragraphs(repo, "policy/policy.md", [
        "Roughly a fifth of Fortune 1000 firms run some form of forced distribution.",  # prevalence
        "Of the firms polled, 14 percent said they still rank employees against each other.",
        "Forcing ratings onto a bell curve was found to leave high performers uneasy.",  # a finding
        "Several large employers walked away from rank-and-yank years ago.",  # abandonment
        "We used to cap Exceeds at 10% of each team.",
        "Ranking people against each other discourages risk-taking.",  # critique
        "Unregretted attrition means people leaving whom the company would not try to keep.",  # a definition
        "A promotion usually comes with a salary jump of 10 to 25%.",  # money, not a share of people
        "Employees in that country are owed a notice period of 30 days.",
        "Under the four-fifths rule, a selection rate under 80% of the highest group's rate suggests adverse impact.",
        "Someone must approve every low rating before it is shared.",  # approving is not receiving
        "Cut onboarding time by 30% and reduced tickets by 20%, exceeding expectations this year.",  # by how much
    ])

    assert [f for f in check("policy/policy.md").findings if f["rule"] == "quota"] == []


def test_shares_of_a_target_a_pool_or_customers_past_statistics_and_schemes_left_behind_pass(repo, check):
    append_paragraphs(repo, "policy/policy.md", [
        "A delivery score of 4 means 90% to 99% of the target output; a 3 means 80% to 89%.",  # a share of a target
        "Place 40% of the bonus pool on team goals, 40% on company results and 20% on personal goals.",  # money
        "Her rating is 4.5 out of 5, and 95% of her customer reviews are positive.",  # customers' verdicts
        "A key result scored 0.7 is on target; one that always scores 1.0 was set too low.",  # objectives
        "Of those rated last cycle, 10 percent were rated Exceeds and 85 percent Meets.",  # a past statistic
        "Rank-and-yank schemes are a thing of the past here.",  # a scheme left behind
        "Sorting staff into a stack rank misjudges how well they work.",  # critique
        "Adjust the recommended raise percentages until the total fits the merit budget.",  # pay, not people
        "Last cycle 16% of engineers received Exceeds, against 12% the year before.",  # a change over time
        "About two-thirds of staff say they know how their rating was reached.",  # a survey
        "In 2024, 29% of the workforce were rated Exceeds and 3% Below.",  # a past statistic
        "Only one engineer in the group was promoted to principal this cycle.",
        "Women were 41% of promotions and 37% of the eligible pool.",  # a pool of people, not a budget
        "It is a myth that HR requires 10% of each team to be rated low.",  # debunking
        "Calibration is not a place to trade ratings or meet a quota.",
        "Forced distribution makes managers invent weaknesses to fill the bottom bucket.",  # what it leads to
        "Whether ratings should follow a bell curve is a long-running debate.",
        "Under the old system, managers had to put 10% of each team in the lowest box; that rule is gone.",
    ])

    assert [f for f in check("policy/policy.md").findings if f["rule"] == "quota"] == []


def test_a_definition_that_itself_sets_a_share_still_fails_at_its_column(repo, check):
    [line] = append_paragraphs(repo, "policy/policy.md", ["Read this. Stack ranking means you fix a percentage of people who must be labelled low performers."])

    [finding] = check("policy/policy.md").findings

    assert (finding["line"], finding["column"], finding["rule"]) == (line, 12, "quota")
    assert "entry 'share-of-a-rating'" in finding["message"]


def test_averages_bottom_shares_orders_of_people_earned_ratings_and_the_last_placed_fail_at_their_place(repo, check):
    cases = [
        ("Every head of unit is asked to reach a mean score of 3.2 across their people.", "average-rating-target",
         "\u201cmean score\u201d (average_rating)"),
        ("Even on a strong team, somebody must still fill the lowest 5%.", "share-of-a-rating",
         "\u201clowest 5%\u201d (position)"),
        ("People are ordered by performance, and the lowest are dismissed.", "ranking-people",
         "\u201cordered by performance\u201d (ranking)"),
        ("Order your people from 1 to 10 before the meeting.", "ranking-people", "\u201cOrder your people\u201d (phrase)"),
        ("The steady performers make up about 60% and get a 3.", "share-of-a-rating",
         "\u201csteady performers\u201d (outcome)"),
        ("I may only give two of my reports a five.", "share-of-a-rating", "\u201creports a five\u201d (outcome)"),
        ("Even where the team did well, managers had to put some of them in the lowest bucket.", "low-ratings-required",
         "\u201cput\u201d (place_in)"),
        ("However strong a person is, you are never allowed to give them the rating they have earned.",
         "top-rating-withheld", "\u201crating they have earned\u201d (high_outcome)"),
        ("It amounts to forced ranking, with staff sorted according to fixed percentages.", "distribution-scheme",
         "\u201cforced ranking\u201d (phrase)"),
        ("Whoever was graded last in the assessment is dismissed at the end of the year.", "attrition-target",
         "\u201cgraded last\u201d (last_placed)"),
        ("Not everyone on the team can get an Exceeds.", "share-of-a-rating", "\u201cNot everyone\u201d (share)"),
    ]
    assert_each_fires_its_entry(repo, check, cases)


def test_near_misses_of_those_wordings_pass(repo, check):
    append_paragraphs(repo, "policy/policy.md", [
        "We publish the average rating of each team after calibration.",
        "Managers are asked to explain any score below the team's average rating to their people.",
        "Order them by priority before the planning meeting.",
        "Grades should match the evidence in the packet, whatever share of the team that gives.",
        "Many managers object to being told to put some people in the lowest bucket.",  # objecting negates
        "According to the survey, most firms still rank employees on a curve.",  # a source reports it
        "We replaced the library that scored last in our benchmark.",  # a thing, not a person, is cut
        "The court barred employers from dismissing whoever was graded last.",  # barring negates
        "Not everyone on the team has been rated yet.",  # no limit on who may get what
        "The team was asked to reach an average rating of 4 from customers on support tickets.",  # customers rate
        "She handled as many as 40 incidents this quarter and kept every rating discussion calm.",
        "Order them by severity, then let the on-call engineer go home.",  # an order of work, not of people
        "Managers had to put some of the tickets in the lowest priority bucket.",
        "Every quarter at least one of the weaker tests gets rewritten at the bottom of the backlog.",
        "The service ordered by performance in the load test was cut from the shortlist.",
        "We were told to move a few of the alerts into the lowest severity band.",
        "He is the best of the best at incident reviews, and only 2 of us can match him.",  # praise, not a ration
        "Morale was at its lowest point when only 3 engineers remained on the project.",
        "He is a solid performer who only needed 2 reminders all year.",
        "The exit button is at the bottom of the page.",  # last on a page, not last in a ranking
        "She cut the intro, and the summary now comes last.",
        "Someone must review the top 10% of flagged transactions each day.",  # the top of a queue, not of people
        "I was never able to give feedback on the outstanding items before the deadline.",
        "Give them a 15-minute slot each; at most 3 people per session.",  # a number given is not a rating
    ])

    assert [f for f in check("policy/policy.md").findings if f["rule"] == "quota"] == []


def test_splits_in_words_shares_per_band_caps_peers_cut_loose_and_someone_rated_badly_fail_at_their_place(repo, check):
    cases = [
        ("Roughly a quarter, about six in ten and a sixth of people are placed in the three levels.", "rating-split",
         "\u201csix in ten\u201d (share)"),
        ("Give A to the top 15%, B to the middle 75% and C to the lowest 10%.", "rating-split",
         "\u201clowest 10%\u201d (position)"),
        ("The top rating is held at 12% in every division.", "share-of-a-rating", "\u201cheld at\u201d (held_at)"),
        ("Leadership sets the share for each band before the cycle opens.", "share-of-a-rating",
         "\u201ceach band\u201d (per_category)"),
        ("Managers must place an eighth of their reports in the lowest grade.", "share-of-a-rating",
         "\u201can eighth\u201d (share)"),
        ("We are made to fill a preset number of low ratings.", "share-of-a-rating", "\u201cpreset number\u201d (share)"),
        ("Each manager rates each member relative to their peers.", "ranking-people",
         "\u201crelative to their peers\u201d (ranking)"),
        ("Each spring the firm cuts loose its weakest performers.", "attrition-target",
         "\u201cweakest performers\u201d (bottom_people)"),
        ("The weakest performers are shown the door each year.", "attrition-target",
         "\u201cshown the door\u201d (attrition)"),
        ("For anyone to be rated highly, somebody else must be rated poorly.", "low-ratings-required",
         "\u201crated poorly\u201d (rated_low)"),
        ("Someone has to come bottom every cycle, whatever the team did.", "low-ratings-required",
         "\u201cbottom\u201d (bottom_place)"),
        ("Our director said nobody in the group would ever get Outstanding.", "top-rating-withheld",
         "\u201cwould ever\u201d (ever)"),
        ("Scores are weighed against one another, and whoever comes out ahead gets the top rating.", "ranking-people",
         "\u201cagainst one another\u201d (peer_order)"),
        ("Deans check that the grading norms are respected in every school.", "fit-the-spread",
         "\u201crespected\u201d (upheld)"),
        # Near misses of the new passing contexts: a conditional is no open question, large teams are no firms.
        ("Check whether the team has more than 10% at Exceeds; if so, move some down.", "share-of-a-rating",
         "\u201c10%\u201d (share)"),
        ("Many large teams must keep Exceeds under 10%.", "share-of-a-rating", "\u201cmust\u201d (limit)"),
    ]
    assert_each_fires_its_entry(repo, check, cases)


def test_questions_opinions_weightings_statistics_and_engineering_uses_of_those_words_pass(repo, check):
    append_paragraphs(repo, "policy/policy.md", [
        "Is there any company that still uses a forced distribution, and if so, does it work?",  # an open question
        "Forcing people into bands to hit percentage targets is wrong.",  # an opinion against it
        "Many large companies rank their employees every year.",  # prevalence among firms
        "Some employers once used forced distribution to rate staff.",
        "Delivery makes up 50 percent of the evaluation, design 30 and mentoring 20 percent.",  # a weighting
        "Read the reviews and you would find 90% of staff rated Meets or above.",  # a statistic of ratings given
        "Every engineer is placed in one of five categories according to the evidence.",  # a scale, not a share
        "A colleague told me about a friend who was let go last spring.",  # a story, not an instruction
        "Nobody should ever get Exceeds just for long hours.",  # a reason ruled out, not the rating
        # Engineering sentences with the new words.
        "Keep the flaky-test rate at or below 2% this quarter.",
        "The cache hit rate is held at 95% by the warm-up job.",
        "Split the work into three parts: 20%, 30% and 50% of the sprint.",
        "The top 10% and bottom 10% of requests by latency are dropped from the chart.",
        "We let go of the weakest vendor contract in March.",
        "Somebody has to sit with the new hire each morning.",
        "The shared drive for each rating cycle must be archived.",
        "Each release sets the percentage of traffic for each band of users.",
        "Rank the bugs from best to worst fix by severity for each member.",
        "Teams compete against each other in the hackathon for the top prize.",
        "Search results ranked by relevance get a higher score.",
        "Make sure the department norms for code review are met.",
        "The top 5% and bottom 5% of samples are trimmed before averaging.",
        "The top half of the page shows the chart and the bottom half the table.",
        "About a third, a quarter and a tenth of people use Linux, macOS and Windows respectively.",
        "Leaders set the percentage for each tier of support.",
        "We removed the lowest-rated plugins from the marketplace.",
        "The weakest performers in the benchmark were replaced by faster hashes.",
        "Nobody would ever get a top score on this lint check.",
        "Cut loose the bottom group of stale branches.",
        "Most people ask how this rating is decided.",  # no one is handed it
    ])

    assert [f for f in check("policy/policy.md").findings if f["rule"] == "quota"] == []


def assert_each_fires_its_entry(repo, check, cases: list[tuple[str, str, str]]) -> None:
    """Each (sentence, entry, matched words) of ``cases``, a paragraph of the policy page, is a quota error at
    its line that names its entry and the words it matched."""
    lines = append_paragraphs(repo, "policy/policy.md", [text for text, _, _ in cases])

    findings = check("policy/policy.md").findings

    assert [(f["line"], f["column"], f["rule"]) for f in findings] == [(line, 1, "quota") for line in lines]
    for finding, (_, entry, words) in zip(findings, cases, strict=True):
        assert f"entry '{entry}'" in finding["message"] and words in finding["message"]


def test_caps_in_a_peer_group_curves_next_shares_merit_set_aside_and_ratings_held_back_fail_at_their_place(repo, check):
    cases = [
        ("The senior rater may put no more than 45% of the peer group in the top block.", "share-of-a-rating",
         "\u201c45%\u201d (share)"),
        ("Ratings are normalised against a Gaussian curve.", "distribution-scheme", "\u201cGaussian curve\u201d (phrase)"),
        ("The top 8% get an A, the next 22% a B and the next 40% a C.", "rating-split", "\u201cnext 22%\u201d (position)"),
        ("Managers must hand out some low ratings even when the whole team merits more.", "low-ratings-required",
         "\u201ceven when the whole team\u201d (merit_aside)"),
        ("Each director is expected to move out 6% of their staff every year.", "attrition-target",
         "\u201cmove out\u201d (attrition)"),
        ("By definition some people will always make up the bottom 10%.", "low-ratings-required",
         "\u201cBy definition\u201d (limit)"),
        ("Because money is tight this year, expect low ratings across the team.", "rating-budget",
         "\u201cmoney is tight\u201d (money_reason)"),
        ("Even great teams need a bottom performer.", "low-ratings-required", "\u201cneed\u201d (requires)"),
        ("There has to be a loser on every team.", "low-ratings-required", "\u201closer\u201d (low_outcome)"),
        ("The committee lowered my rating so that someone else could get the higher one.", "instructed-downgrade",
         "\u201cso that someone else\u201d (for_another)"),
        ("Managers are expected to hold the line on high ratings.", "scarce-ratings", "\u201chold the line on\u201d (restrain)"),
        ("There is a cap on the number of Exceeds each manager can give.", "share-of-a-rating",
         "\u201cnumber of\u201d (how_many)"),
    ]
    assert_each_fires_its_entry(repo, check, cases)


def test_near_misses_of_peer_groups_merit_set_aside_chance_and_budgets_pass(repo, check):
    append_paragraphs(repo, "policy/policy.md", [
        "However good the tooling, a low rating still needs evidence.",  # merit set aside, but evidence asked for
        "Reviewers are assigned at random, and low ratings get a second reviewer.",  # chance picks reviewers
        "Use filters to cut your view down to a group of 20 to 50 people.",  # a view is cut, not staff
        "The 95th-percentile response time should stay below 300 ms.",  # a system's figure
        "With a 3% merit budget, strong performers might get a 4-5% rise and steady ones 2%.",  # money per rating
        "Managers should have between five and nine direct reports.",  # 'should' alone is no limit on ratings
        "Leaders set the percentage for each tier of support.",  # a support tier, not a rating
        "Someone on the team has to take the on-call shift this week.",
        "Every team has to have someone who owns the release notes.",
        # Budgets and pools of software beside a rating's words, as a drafted narrative writes them.
        "Above the expectation in the second half, after the retry-budget work landed.",
        "Exceeds expectations: the connection-pool sizing halved the p99.",
    ])

    assert [f for f in check("policy/policy.md").findings if f["rule"] == "quota"] == []


def test_a_negation_kept_to_its_own_predicate_an_idiom_or_labels_before_figures_fail_at_their_place(repo, check):
    cases = [
        # "nothing" negates "contribute", not the predicate "and must be let go" joined after it.
        ("The weakest tenth contribute nothing and must be let go.", "share-of-a-rating", "\u201cmust\u201d (limit)"),
        # "or not" closes a phrase that sets merit aside; it negates nothing after it.
        ("Deserved or not, the bottom 10% of each team are put on a plan.", "share-of-a-rating", "\u201cbottom 10%\u201d (position)"),
        # Labels longer than a short label stay with the figures after their colon.
        ("Outstanding / Strong / Needs work: 10/70/20.", "rating-split", "\u201c10/70/20\u201d (split)"),
        # ", so" opens a clause of its own, out of reach of "no" before it.
        ("We have no weak teams, so someone on every team has to get the lowest rating.", "low-ratings-required",
         "\u201clowest rating\u201d (low_outcome)"),
        ("In every team one person must still get the bad label.", "low-ratings-required",
         "\u201cthe bad label\u201d (low_outcome)"),
        ("Limit the best of the best to no more than 5% of your people.", "share-of-a-rating",
         "\u201cbest of the best\u201d (high_outcome)"),
        ("Caps apply to all ratings this cycle.", "share-of-a-rating", "\u201call ratings\u201d (per_rating)"),
        ("Most employees will receive this score.", "share-of-a-rating", "\u201cthis score\u201d (this_rating)"),
        ("Whoever ends up at the bottom is managed out.", "attrition-target", "\u201cis managed out\u201d (sent_away)"),
    ]
    assert_each_fires_its_entry(repo, check, cases)


def test_near_misses_of_a_negation_kept_to_its_predicate_and_labels_before_a_colon_pass(repo, check):
    append_paragraphs(repo, "policy/policy.md", [
        "We never rank people and never force a curve.",  # each predicate has its own negation
        "We do not cap Exceeds, and there is no target share for Below.",
        "No natural bottom slice exists that has to be removed every year.",  # a negation opening a phrase still negates
        "Strong / Solid / Developing / Needs work: see the guide for what each means.",  # no figures after the colon
        "Only 12% of employees think the review process is excellent.",  # what a share of people said, as a survey reports it
        "More than 80% of staff said their manager was outstanding.",
        "The text for each category is limited to two paragraphs.",  # a length, not a share of people
        "Each grade has a salary ceiling.",  # a pay range
        "The bottom line is that people who are let go get severance.",
        "Cut loose the bottom group of stale branches.",
        "Most people ask how this rating is decided.",  # no one is handed it
    ])

    assert [f for f in check("policy/policy.md").findings if f["rule"] == "quota"] == []
