"""The guardrail reading, snippet by snippet: which entry of this repository's guardrails fires, on which
words, and where in a file the finding lands."""

from __future__ import annotations

from pathlib import Path

import pytest

from openrubric.loading import load_document
from openrubric.phrases import Phrasebook, clauses, parse_phrase, tokens
from openrubric.rules.entries import compile_reading
from openrubric.rules.reading import ReadingError

PROJECT = Path(__file__).resolve().parents[2]

def fired(reading, sentence: str, kind: str = "policy") -> list[tuple[str, str]]:
    return [(match.entry.rule, match.entry.id) for match in reading.read(sentence, kind)]


@pytest.mark.parametrize(
    ("sentence", "rule", "entry"),
    [
        ("No more than 15% of each org may be rated Exceeds.", "quota", "share-of-a-rating"),
        ("calibration note: keep Exceeds to at most 15% of each org", "quota", "share-of-a-rating"),
        ("Managers: plan for one Below per team of eight.", "quota", "share-of-a-rating"),
        ("New leadership is asking for 75/15/10 (Meets/Exceeds/Outstanding) this year.", "quota", "rating-split"),
        ("We use a forced-ranking model at year end.", "quota", "distribution-scheme"),
        ("Each manager has an annual URA target.", "quota", "attrition-target"),
        ("Every group must contain some low performers.", "quota", "low-ratings-required"),
        ("I rewrote the runbook and I rated them Meets because our org may only give 10% of people Exceeds.", "quota", "share-of-a-rating"),
        ("She never leaves early and is always staying late.", "banned-signal", "hours-and-presence"),
        ("He was marked down for working under sixty hours a week.", "banned-signal", "hours-and-presence"),
        ("We count messages sent per engineer each week.", "banned-signal", "chat-responsiveness"),
        ("Pull requests merged per person are tracked on the dashboard.", "banned-signal", "code-activity-counted"),
        ("Individual throughput, counted as commits merged per week.", "banned-signal", "code-activity-counted"),
        ("She can come across as abrasive in reviews.", "biased-language", "biased-abrasive"),
        ("Managers may never give a 5 out of 5 this cycle.", "quota", "top-rating-withheld"),
        ("Each director has a target for underperformers.", "quota", "low-performer-target"),
        ("Every year we remove the lowest 10% of our engineers.", "quota", "attrition-target"),
        ("Supervisors face caps on how many of their people they can rate above average.", "quota", "share-of-a-rating"),
        ("Every keystroke is recorded on staff laptops.", "banned-signal", "monitoring-data"),
        ("Her Slack status shows as away most afternoons.", "banned-signal", "online-status"),
        ("He is always first through the door and the last to go home.", "banned-signal", "attendance"),
        ("Often does not reply to direct messages for hours.", "banned-signal", "chat-responsiveness"),
        ("The acceptable count is 15 tasks a day.", "banned-signal", "code-activity-counted"),
        ("The session stays open until the required spread is met.", "quota", "distribution-scheme"),
        ("The company wants more low ratings handed out this cycle.", "quota", "share-of-a-rating"),
        ("The vice president told leads to give fewer people top ratings.", "quota", "share-of-a-rating"),
        ("We place a set number of people in each tier.", "quota", "share-of-a-rating"),
        ("Each year the weakest group is let go.", "quota", "attrition-target"),
        ("Leaders keep weeding out the weakest so the bar rises.", "quota", "attrition-target"),
        ("Each half, about 6% of every org is moved onto the coaching track.", "quota", "attrition-target"),
        ("The director told us to get rid of the lowest tenth.", "quota", "attrition-target"),
        ("Promotions are capped for each department.", "quota", "rating-budget"),
        ("The directors decide how the ratings are to be spread across each org.", "quota", "fit-the-spread"),
        ("Ten percent of strong performers in each band are to be marked down as weak.", "quota", "share-of-a-rating"),
        ("Give me three low performers from each team by Friday.", "quota", "share-of-a-rating"),
        ("Supervisors put their people in order by output against each other.", "quota", "ranking-people"),
        ("By custom no team gets more than a single Exceeds.", "quota", "share-of-a-rating"),
        ("Each department should have about 8% in Below expectations.", "quota", "share-of-a-rating"),
        ("Leads are expected to identify their lowest 5 percent.", "quota", "share-of-a-rating"),
        ("The group has already used up its top ratings.", "quota", "rating-budget"),
        ("Directors whose scores skew generous are told to revisit them.", "quota", "fit-the-spread"),
        ("Please make your ratings mirror the company spread.", "quota", "fit-the-spread"),
        ("Each director delivers a number of unregretted exits a year.", "quota", "attrition-target"),
        ("Just the top 15 percent get a bonus; nobody else does.", "quota", "share-of-a-rating"),
        ("Leads must tag a set portion of their people as underperformers.", "quota", "share-of-a-rating"),
        ("Some 8 percent of each cohort is picked for exit every autumn.", "quota", "attrition-target"),
        ("Each half a fixed share at the bottom loses its bonus.", "quota", "share-of-a-rating"),
        ("At least a fifth of the nurses on each ward would receive an award.", "quota", "share-of-a-rating"),
        ("Supervisors had to argue over whose staff would fill the bottom fifth.", "quota", "share-of-a-rating"),
        ("Partners want a certain share of each associate class to leave.", "quota", "attrition-target"),
        ("The best fifth became A, the middle three fifths B and the lowest fifth C.", "quota", "rating-split"),
        ("Head office wants 60 percent of employees in the middle band.", "quota", "share-of-a-rating"),
        ("Foremen get quarterly targets for how many workers to discipline.", "quota", "low-performer-target"),
        ("However good the group is, somebody has to lose.", "quota", "low-ratings-required"),
        ("The committee nudges ratings down until each org matches the guidance.", "quota", "fit-the-spread"),
        ("Solid performers (roughly 65%) make up the core of each org.", "quota", "share-of-a-rating"),
    ],
)
def test_an_entry_fires_on_what_it_describes(reading, sentence, rule, entry):
    assert (rule, entry) in fired(reading, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Leads should take a second look at the roll-up before the deadline.",
        "Calibration sessions happen once per half, per org.",
        "Heads-up: the form looks odd when a section is empty, so take a second look before you submit.",
        "Shows ownership and reliability appropriate to IC3.",
        "We never use quotas, forced ranking or activity scores to rate anyone.",
        'Bad example: "Exceeds is capped at 10% per team."',
        "Forced ranking is prohibited here.",
        "Each rating needs at least two pieces of evidence; Exceeds needs three.",
        "Operational outcomes weigh 40% of the composite at L4.",
        "The 2025 audit found that 9% of platform engineers were rated Exceeds against 21% of product engineers.",
        "Our SLO is 99.9% of requests served under 300 ms.",
        "The latency curve flattened after the cache rollout.",
        "On-call engineers acknowledge pages within five minutes, as the rota says.",
        "The editor now batches keystrokes to cut input lag.",
        "Built the online-status service behind the green dot in our chat product.",
        "Our on-call rotation gives round-the-clock coverage.",
        "The flaky-test job removed the worst 10% of tests from the blocking path.",
        "Desk planning uses how many people each team expects on site.",
        "She met her targets and no longer underperforms.",
        "We never give a rating without evidence.",
        "Nobody gets an Exceeds without three pieces of evidence.",
        "Her excellent design comments were never given the credit they deserved.",
        "Attach screenshots of the error to the ticket.",
        "Webcam capture failed on Linux until she fixed the driver.",
        "Each engineer's dashboard shows how many alerts fired overnight.",
        "Every staff member can book a desk in the office through the app.",
        "There is no limit on how many people can be rated Exceeds.",
        "We give Exceeds to as many as earn it.",
        # Statistics of the past, ratings one person had in a row, a top mark kept for merit, what follows one
        # person's own rating, comparisons of work, other firms' practice, and worries or verdicts about a scheme.
        "About 12% of engineers received Exceeds last cycle.",
        "A top rating is reserved for truly exceptional work.",
        "Two low ratings in a row lead to a support plan.",
        "Anyone who gets a low rating may ask for a second reviewer.",
        "Leads compare designs with one another to keep evaluation fair.",
        "Four of the nine firms we asked still adjust scores to fit a bonus budget.",
        "Rank and yank has to go.",
        "We are worried that scores are being moderated against a curve.",
        "About 5% of staff were on a performance plan last year.",
        "Managers must remove the lowest 5 flaky tests every sprint.",
        "Everyone sees the bonus percentage that goes with each rating in each band.",
        "Compared with colleagues, she ships smaller changes.",
        "Scores are never adjusted to fit a distribution.",  # "never" negates though "are never" is a label's words
        "At least one reviewer from outside the team reads every Exceeds narrative.",
        "The bell curve of response times moved left after the fix.",
        "Each narrative should have at least two links to evidence.",
        "The quota on the test cluster went up to 60 nodes.",
        "I raise a concern when I first see it, and it goes in the review only if it held for most of the year.",
        "Leadership wants 90% of narratives finished before the calibration meeting.",
        "Our goal is to cut how many incidents we write up each quarter.",
        "In calibration, leads move ratings down when the narrative does not match the level.",
        "The whole idea of a forced curve is fundamentally broken.",
        "The load balancer spreads traffic along the curve of demand.",
        "If a draft's scores run high for the evidence, the reviewer asks the manager to revisit it.",
    ],
)
def test_ordinary_policy_sentences_fire_nothing(reading, sentence):
    assert [rule for rule, _ in fired(reading, sentence) if rule != "biased-language"] == []


def test_a_negation_reaches_only_a_few_words(reading):
    # "can't tell" is far from the figure that follows, so it does not negate it; "never" right before does.
    assert ("quota", "attrition-target") in fired(reading, "We can't tell who the weakest are, the bottom 10% that we have to weed out every year.")
    assert fired(reading, "We never weed out the bottom 10% every year.") == []


def test_a_negating_preposition_that_opens_a_sentence_ends_at_its_comma(reading):
    # "Without ..." and "Instead of ..." negate their own phrase, not the instruction after the comma; a list
    # after the comma is still theirs.
    assert ("quota", "ranking-people") in fired(reading, "Without formal ratings, sort people into top performers (20%), solid contributors (60%) and the rest (20%).")
    assert ("banned-signal", "code-activity-counted") in fired(reading, "Instead of a written review, the lead tracks how many code reviews each developer completed.")
    assert fired(reading, "Without counting commits per engineer, we read what the work changed.") == []
    # A frame of one vocabulary is met by any of its hits: the negated first one leaves the second.
    assert ("banned-signal", "code-volume") in fired(reading, "Instead of raw line counts, the lead tracks lines written per bug.")
    assert fired(reading, "Without hours, commits or chat status per engineer, we read what the work changed.") == []


def test_a_negation_that_opens_a_clause_as_its_subject_reaches_its_end(reading):
    # "Nobody" and "No one" negate what their clause goes on to say, however far; a plain "not" reaches a few words.
    assert fired(reading, "Nobody will ever tell you outright that you have to stay late.") == []
    assert fired(reading, "No one, for instance, would ground a review only on how many new lines a developer wrote.") == []
    assert ("banned-signal", "hours-and-presence") in fired(reading, "Nobody minds, but the people who stay late every night get the top ratings.")


def test_core_hours_and_a_warning_sign_no_longer_excuse_a_signal(reading):
    # Core hours defined pass; being online through them, rewarded in ratings, is the signal.
    assert fired(reading, "Core hours are the window in which everyone is expected to be reachable and to reply fairly quickly.") == []
    assert ("banned-signal", "hours-and-presence") in fired(reading, "Staying reliably online through core hours quietly lifts review ratings.")
    # A practice that is a warning sign is criticised; a person with a count that would be one is judged.
    assert fired(reading, "A company that keeps an eye on whether you show as online is a big warning sign.") == []
    assert ("banned-signal", "code-activity-counted") in fired(reading, "An engineer with zero commits this month would clearly be a warning sign.")


def test_an_exception_keeps_its_entry_from_firing(reading):
    assert fired(reading, "The team stack-ranks its backlog every sprint.") == []
    assert ("quota", "distribution-scheme") in fired(reading, "The team stack-ranks its engineers every sprint.")


@pytest.mark.parametrize(
    ("sentence", "rule", "entry"),
    [
        # An exception excuses only the clause it stands in (or one a colon introduces)...
        ("Managers must rank everyone on a curve; students are not involved.", "quota", "distribution-scheme"),
        ("Rated Meets because her commit count was low; the latency curve was fine.", "banned-signal", "code-activity-counted"),
        # ... and a report or critique only the statement it belongs to, up to a semicolon.
        ("Only 10% may be rated Exceeds; research shows curves hurt morale.", "quota", "share-of-a-rating"),
        ("We rate engineers on their commit count; hours logged seldom say anything real about output.", "banned-signal", "code-activity-judged"),
    ],
)
def test_an_excuse_added_after_a_semicolon_excuses_nothing(reading, sentence, rule, entry):
    assert (rule, entry) in fired(reading, sentence, "narrative")


def test_an_excuse_in_its_own_clause_or_statement_still_holds(reading):
    assert fired(reading, "The team stack-ranks its backlog: the oldest items go first.") == []
    assert fired(reading, "The memo lists the students: each class is graded on a curve.") == []
    assert fired(reading, "A long commit streak may look impressive, yet it says little about how skilled a programmer is.", "narrative") == []


def test_a_phrase_matches_whatever_the_ending_and_one_stray_word():
    book = Phrasebook([parse_phrase("forced ranking", "test"), parse_phrase("should be", "test")])
    [hit] = book.find(tokens("a forced performance ranking"))
    assert (hit.first, hit.last) == (1, 3)
    assert [(hit.first, hit.last) for hit in book.find(tokens("they were force-ranked"))] == [(2, 3)]
    assert book.find(tokens("forced, ranking")) == []  # punctuation is no stray word
    assert book.find(tokens("it should not be")) == []  # nor is a negation


def test_numbers_contractions_and_code_become_tokens_as_a_reader_sees_them():
    assert [token.text for token in tokens("Don't cap `quota` at 15%")] == ["do", "not", "cap", "at", "15", "%"]
    assert [[token.text for token in clause] for clause in clauses(tokens("keep it; so why, because"))] == [
        ["keep", "it"],
        [";", "so", "why", ","],
        ["because"],
    ]


def test_a_frame_naming_no_vocabulary_is_refused_at_its_place():
    guardrails = load_document(PROJECT, "policy/guardrails.yaml", kind="guardrails", syntax="yaml")
    data = dict(guardrails.data)
    section = dict(data["guardrail_rules"])
    section["entries"] = [{"id": "x", "rule": "quota", "says": "x", "frames": [["limit", "nothing_here"]]}]
    data["guardrail_rules"] = section
    with pytest.raises(ReadingError) as raised:
        compile_reading(data)
    assert raised.value.where == ("guardrail_rules", "entries", 0, "frames", 0, 1)


def test_a_typographic_apostrophe_makes_a_contraction_and_a_pronoun_one_is_no_count(reading):
    assert [token.text for token in tokens("we don\u2019t expect")] == ["we", "do", "not", "expect"]
    assert [(token.text, token.quoted) for token in tokens("\u2018quoted\u2019 words")] == [("quoted", True), ("words", False)]
    assert [token.forms for token in tokens("the one")][1] == ("one",)
    assert "#" in tokens("only one")[1].forms
    assert fired(reading, "Managers must write a justification whenever the rating differs from the one the system calculated.") == []
    assert [token.forms for token in tokens("with one another")][1] == ("one",)  # "one another" counts nobody
    assert ("quota", "share-of-a-rating") in fired(reading, "Managers must give only one Exceeds rating per team.")


def test_a_question_turned_down_by_a_short_reply_is_negated(reading):
    question = "Should you simply let your weakest tenth go each year?"
    assert ("quota", "share-of-a-rating") in fired(reading, question)
    assert reading.turns_down(question, "Certainly not.")
    assert reading.turns_down(question, "No, never.")
    assert not reading.turns_down(question, "Yes, every year.")
    assert not reading.turns_down(question, "Not if the evidence says otherwise, but most years we do.")  # says more
    assert not reading.turns_down("Let your weakest tenth go each year.", "No.")  # no question to answer


def test_a_question_answered_no_passes_the_check_and_one_answered_yes_fails_at_its_place(repo, check):
    page = repo.read("policy/policy.md")
    line = page.count("\n") + 2
    repo.write("policy/policy.md", page + "\nShould you let your weakest tenth go each year? Certainly not.\n")
    assert check("policy/policy.md").findings == []
    repo.write("policy/policy.md", page + "\nShould you let your weakest tenth go each year? Yes.\n")
    assert [(f["line"], f["column"], f["rule"]) for f in check("policy/policy.md").findings] == [(line, 1, "quota")]


@pytest.mark.parametrize(
    ("sentence", "kind", "rule", "entry"),
    [
        # A personality word said of someone: how they come across, or a degree word with a pronoun or with others.
        ("Comes across as intense in planning meetings.", "policy", "biased-language", "personality-attributed"),
        ("Needs to be more of a team player.", "policy", "biased-language", "personality-attributed"),
        ("Can be a bit intense with peers.", "policy", "biased-language", "personality-attributed"),
        ("Her demeanour in meetings puts people off.", "policy", "biased-language", "personality-attributed"),
        # A listed term stays a label when negated.
        ("He does not come across as confident in design reviews.", "policy", "biased-language", "biased-not-confident"),
        # Monitoring tools described by what they record, with no judging word.
        ("The agent takes screenshots every ten minutes and logs idle periods.", "policy", "banned-signal", "monitoring-data"),
        # Reachability said of someone, and people compared by a count.
        ("He is hard to reach on chat most afternoons.", "policy", "banned-signal", "availability-judged"),
        ("He merged more pull requests than anyone on the team.", "policy", "banned-signal", "code-activity-counted"),
        # In a review of one person, a count of their activity or their responsiveness needs no other word.
        ("Merged 42 pull requests this half.", "narrative", "banned-signal", "activity-in-a-review"),
        ("Always quick to respond, day or night.", "narrative", "banned-signal", "responsiveness-in-a-review"),
        ("Often works weekends to hit a deadline.", "narrative", "banned-signal", "hours-in-a-review"),
        ("Everyone is expected to answer emails on holiday.", "policy", "banned-signal", "chat-responsiveness"),
        # Words said only of people, a good or bad word with a trait noun, not enough of a trait, a clitic read out.
        ("Generally uncooperative in planning.", "policy", "biased-language", "personality-attributed"),
        ("Brings a gloomy outlook to every retro.", "policy", "biased-language", "personality-attributed"),
        ("Not outgoing enough to lead the guild.", "policy", "biased-language", "personality-attributed"),
        ("You're very intense in reviews.", "policy", "biased-language", "personality-attributed"),
        # An office rule and what hangs on it, even a consequence said with a negation; a rating weighing attendance.
        ("Staff who miss the office requirement will not be eligible for a raise.", "policy", "banned-signal", "hours-and-presence"),
        ("Ratings will take into account in-office attendance.", "policy", "banned-signal", "hours-and-presence"),
        # Lateness, absence and the last one online, said of someone.
        ("Was tardy four times in March.", "narrative", "banned-signal", "attendance"),
        ("Often the last to log off at night.", "policy", "banned-signal", "attendance"),
        # Answering within a set time, or slowly; the top of a count; hours compared or worked through breaks.
        ("Replies to every email within the hour.", "policy", "banned-signal", "chat-responsiveness"),
        ("Takes a long time to reply to pings.", "narrative", "banned-signal", "responsiveness-in-a-review"),
        ("Top committer in the platform repo.", "narrative", "banned-signal", "activity-in-a-review"),
        ("Clocks the most hours of anyone here.", "narrative", "banned-signal", "hours-in-a-review"),
        # Presence kept on record; time in a tool or in the editor, per person; discipline for being logged out.
        ("Office days are tracked by badge for every engineer.", "policy", "banned-signal", "hours-and-presence"),
        ("The report lists how long each employee spends on social sites.", "policy", "banned-signal", "hours-and-presence"),
        ("Coding time in the IDE is shown per developer.", "policy", "banned-signal", "monitoring-data"),
        ("Was written up for being logged out of chat at noon.", "narrative", "banned-signal", "hours-and-presence"),
        ("Often answers support tickets after midnight.", "narrative", "banned-signal", "hours-in-a-review"),
        # Chat activity judged, billed hours, a rate of pull requests, meetings attended counted per person.
        ("Your Slack activity counts toward your rating.", "policy", "banned-signal", "monitoring-data"),
        ("Billable hours are the main measure of performance.", "policy", "banned-signal", "hours-and-presence"),
        ("Ship at least one PR per day.", "policy", "banned-signal", "code-activity-counted"),
        ("The number of meetings attended is tracked per employee.", "policy", "banned-signal", "hours-and-presence"),
        # In a review of one person, attendance or timekeeping, hours past the usual, and a vague count need no other word.
        ("Attendance has been patchy since spring.", "narrative", "banned-signal", "attendance-in-a-review"),
        ("Regularly works beyond scheduled hours.", "narrative", "banned-signal", "hours-in-a-review"),
        ("Has an impressive number of commits.", "narrative", "banned-signal", "activity-in-a-review"),
        # Likeability and a kind of person, said whole: how easy someone is to be around, a temper, executive presence.
        ("Such a joy to be around on the team.", "narrative", "biased-language", "personality-attributed"),
        ("Keeps to himself in planning.", "narrative", "biased-language", "personality-attributed"),
        ("Can get hot-headed in design reviews.", "narrative", "biased-language", "personality-attributed"),
        ("Does not yet have executive presence.", "narrative", "biased-language", "personality-attributed"),
    ],
)
def test_a_frame_of_the_signal_and_bias_rules_fires_on_what_it_describes(reading, sentence, kind, rule, entry):
    assert (rule, entry) in fired(reading, sentence, kind)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # Critique of a signal: what it causes, or who argues against it.
        ("Counting commits per engineer encourages people to split work into tiny commits.", "policy"),
        ("Opponents say that scoring office attendance disadvantages parents.", "policy"),
        # Talking about personality words, as research or advice does.
        ("Studies find women are branded bossy for behaviour praised in men.", "policy"),
        ("Never describe a colleague as abrasive.", "policy"),
        # Personality words said of things, and counts outside a review of one person.
        ("The migration could be less intense if we split it.", "policy"),
        ("The on-call week can be intense.", "narrative"),
        ("Merged 42 pull requests this half.", "policy"),
        ("Attach screenshots of the failing test to the ticket.", "policy"),
        ("Rolled the release out over the weekend with the on-call engineer.", "narrative"),
        ("The lazy loader keeps outgoing traffic low.", "policy"),
        # How long a task takes, a promotion timeline, and a promise not to use a signal.
        ("The calibration session will take two hours.", "policy"),
        ("Not eligible for promotion until the next cycle.", "narrative"),
        ("We do not track badge data, and no one is penalised for working from home.", "policy"),
        ("Our hub reports show how many people used the office each day.", "policy"),
        ("Strong work will count for the most this cycle.", "policy"),
        ("Engineers who work from home are rated on the same evidence as everyone else.", "policy"),
        ("Attendance at the design review doubled after she moved it.", "narrative"),
        ("Attendance has been patchy since spring.", "policy"),
        ("She set aside extra time for code review with the new hires.", "narrative"),
        ("The calibration meeting ran past midnight in Sydney.", "narrative"),
        ("Promotion packets are tracked in the office of the CTO.", "policy"),
    ],
)
def test_a_sentence_that_discusses_a_signal_or_a_word_fires_nothing(reading, sentence, kind):
    assert fired(reading, sentence, kind) == []


def test_the_settings_of_every_term_name_known_vocabularies():
    guardrails = load_document(PROJECT, "policy/guardrails.yaml", kind="guardrails", syntax="yaml")
    data = dict(guardrails.data)
    data["guardrail_rules"] = {**data["guardrail_rules"], "terms": {"unless": ["word_talk", "nothing_here"]}}
    with pytest.raises(ReadingError) as raised:
        compile_reading(data)
    assert raised.value.where == ("guardrail_rules", "terms", "unless", 1)


@pytest.mark.parametrize(
    ("sentence", "kind", "rule", "entry"),
    [
        # Time away from a task or a scanner, cameras left on, and products that rank people's productivity.
        ("Pickers with too much time off task in a shift are sent a warning.", "policy", "banned-signal", "monitoring-data"),
        ("Staff keep their cameras running all day so the supervisor can watch.", "policy", "banned-signal", "monitoring-data"),
        ("The analytics page picks out your least productive employees at a glance.", "policy", "banned-signal", "monitoring-data"),
        # Contributions counted or ranked, coding days tallied per person.
        ("The board shows who contributes the most in each repository.", "policy", "banned-signal", "activity-leaderboard"),
        ("The report tallies coding days for each engineer.", "policy", "banned-signal", "code-activity-counted"),
        ("Thirty contributions in a week was what he expected from me.", "narrative", "banned-signal", "code-activity-counted"),
        # Timekeeping and chat status said of someone.
        ("Her lateness was raised at every one-to-one.", "policy", "banned-signal", "attendance"),
        ("He often shows as offline in the chat app after lunch.", "policy", "banned-signal", "online-status"),
        ("She was told she had to put in 10 hours a day.", "policy", "banned-signal", "hours-and-presence"),
        ("Whoever falls short of three office days a week is named to HR.", "policy", "banned-signal", "hours-and-presence"),
        ("The office manager is tallying badge swipes ahead of the review cycle.", "policy", "banned-signal", "hours-and-presence"),
        ("The agent watches what staff do on their computers all day.", "policy", "banned-signal", "monitoring-data"),
        # Age, sex or family, and labels of attitude, spark, skin or "fit".
        ("Given his age, he should not expect to lead the team.", "policy", "biased-language", "group-attributed"),
        ("You would get on better if you acted more like one of the guys.", "policy", "biased-language", "group-attributed"),
        ("My manager said I seem to have an attitude lately.", "policy", "biased-language", "personality-attributed"),
        ("You need to grow a thicker skin, Sam.", "narrative", "biased-language", "personality-attributed"),
        ("We are letting you go because you are not the right fit for the company.", "policy", "biased-language", "personality-attributed"),
        ("The director described me as cold in the debrief.", "policy", "biased-language", "personality-attributed"),
        ("You are simply lazy about follow-ups.", "narrative", "biased-language", "personality-attributed"),
        # What a review said of someone is still a label; "the review was intense" is about the meeting.
        ("The review said she should be more outgoing.", "policy", "biased-language", "personality-attributed"),
        # A personality word in a sentence about code: "coded" does not stand for "coding".
        ("While coding the parser he came across as arrogant.", "policy", "biased-language", "biased-too-assertive"),
        # Billed hours judged, going home before the boss, counts split out per person, labels someone was given.
        ("Partners weigh each associate's utilisation heavily at promotion time.", "policy", "banned-signal", "utilisation-judged"),
        ("Never go home before your manager does.", "policy", "banned-signal", "attendance"),
        ("The director wanted the story points split out per developer.", "policy", "banned-signal", "code-activity-counted"),
        ("People call him stuck-up and complacent.", "policy", "biased-language", "personality-attributed"),
    ],
)
def test_a_signal_or_label_in_unseen_wording_fires_its_entry(reading, sentence, kind, rule, entry):
    assert (rule, entry) in fired(reading, sentence, kind)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # Critique of a signal in plain verdicts, and what judging by it leads to.
        ("Ranking engineers by story points is a total mess.", "policy"),
        ("It is a bad idea to score people on pull requests merged.", "policy"),
        ("Commit counts correlate weakly with the value a team delivers.", "policy"),
        ("Judge people on lines of code and you get needless code.", "policy"),
        ("Busy chat status could penalise parents with school runs.", "policy"),
        # A rate word is not "rather"; a duration is not a rate; a scale's points are not story points.
        ("Long meetings often point to unclear goals rather than hard problems.", "policy"),
        ("The first commit broke the staging build for a whole day.", "policy"),
        ("Our rubric scale has four points and no required shares.", "policy"),
        ("Last year 3% of staff were scored at two points.", "narrative"),
        # Product and payroll mechanics, approval of decisions, and idioms of "comes in" and "away".
        ("Idle time is only recorded once the five-minute threshold has passed.", "policy"),
        ("For staff entitled to overtime, calls taken after hours count as work time.", "policy"),
        ("Each transfer needs approval from the director before the window closes.", "policy"),
        ("Ratings are gathered first; that is where the calibration guide comes in.", "policy"),
        ("Several firms are walking away from annual appraisal meetings.", "policy"),
        ("Your hours can be flexible if your lead agrees them in advance.", "policy"),
        # "Cultural fit" as a practice, personality in general, a hypothetical person, lenient grading.
        ('Citing "cultural fit" lets a panel reject someone without a reason.', "policy"),
        ("It is far harder to change your core personality than to learn a skill.", "policy"),
        ("Could this skill be harder to show for someone more introverted?", "policy"),
        ("Soft grading in one org let too many top marks through.", "policy"),
        ("The review was too intense for a first cycle.", "policy"),
        # Ordinary engineering sentences with the new words.
        ("The lazy loader defers imports until first use.", "policy"),
        ("A page rendered too young a cache entry after the deploy.", "policy"),
        ("The team coded the retry logic in a day.", "policy"),
        ("The service shows as offline during the maintenance window.", "policy"),
        ("The design falls short of the latency budget.", "policy"),
        ("IT tallies which laptops need a new battery.", "policy"),
        # Verdicts against a signal, security logging, personality types in general, eager loading considered.
        ("Counting lines of code is an absurd way to judge anyone.", "policy"),
        ("Keystroke logging here guards sensitive data against unauthorised access.", "policy"),
        ("The diligent type are perfectionists who focus on details.", "policy"),
        ("We considered eager loading for the cache.", "policy"),
        ("Replaced over attitude more often than over skill, people said.", "policy"),
        # Idioms that use a personality word of nobody.
        ("The room got tense when the budget numbers came up.", "policy"),
        ("He doesn't shy away from hard migrations.", "narrative"),
        # Prohibitions whose consequence words hold a negation.
        ("Office attendance will not count toward bonuses.", "narrative"),
        ("Badge data is not getting used in reviews anymore.", "policy"),
        ("We are proud of how the team handled the weekend cutover.", "policy"),
    ],
)
def test_critique_mechanics_and_practice_talk_in_unseen_wording_fire_nothing(reading, sentence, kind):
    assert [pair for pair in fired(reading, sentence, kind) if pair[0] != "quota"] == []


def test_an_overlong_phrase_is_a_located_error_even_where_the_schema_allows_it(repo, check):
    # The repository's own copy of the schema, from before phrases had a maximum length, lets a long phrase through;
    # the engine then refuses it, since a phrase is tried at every word that can start it.
    schema = repo.own_schema("common.schema.json")
    repo.write(schema, repo.read(schema).replace('"maxLength": 160,', ""))
    line = repo.replace("policy/guardrails.yaml", "phrases: [forc* rank*,", "phrases: [" + "word " * 3000 + ", forc* rank*,")
    found = [f for f in check().findings if f["path"] == "policy/guardrails.yaml"]
    assert [(f["rule"], f["line"]) for f in found] == [("schema", line)]
    assert "the phrase has 3000 words; a phrase has at most 16" in found[0]["message"]


def test_the_packaged_schema_caps_a_phrase_at_160_characters(repo, check):
    line = repo.replace("policy/guardrails.yaml", "phrases: [forc* rank*,", "phrases: [" + "word " * 40 + ", forc* rank*,")
    found = [f for f in check().findings if f["path"] == "policy/guardrails.yaml" and f["severity"] == "error"]
    assert [(f["rule"], f["line"]) for f in found] == [("schema", line)]
    assert "has 199 characters; at most 160 characters allowed" in found[0]["message"]
