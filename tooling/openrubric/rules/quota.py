"""The ``quota`` rule: no statement may impose or steer toward a distribution of ratings or outcomes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterator

from .. import language, prose
from . import learned
from ..findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:
    from ..content import Content
    from ..loading import Document

QUOTA = Rule(
    name="quota",
    severity=Severity.ERROR,
    summary="A statement imposes or steers toward a distribution of ratings or outcomes.",
    doc="""\
## What it does
Reads every sentence that can influence a review (Markdown text, front matter, YAML values, and YAML, HTML
and Jinja comments that the published site never shows) and reports one that sets a share or count per
rating, a curve, a forced or stack ranking, an attrition target, a rating or promotion budget, pool or
slots, a rule that moves ratings until a share is met, or one that ties a rating to an order, a count or a
scarcity ("to the strongest engineer in each group and nobody else", "two Exceeds per team"). A YAML key
that encodes a distribution (`distribution`, `quota`, `target_share`, `curve`, `max_percent`, ...) is
reported too. Negated statements
("we never use forced ranking", "there is no cap on Exceeds"), category weights, SLO, DORA and error-budget
figures, statistics inside evidence and audits of distributions for bias pass. The vocabulary lives in
`policy/guardrails.yaml` under `quota_language`. This rule cannot be suppressed.

Patterns only know the phrasings someone wrote them for, so a model learned from about 9,400
labelled statements (`tests/corpus`) reads every sentence too: it must agree with a detector's finding, and
a sentence it is sure of is reported even when no detector fires, with the words that weighed most ("reads
as a quota to the model learned from the labelled corpus (cues: ...)"). Retrain it with
`python bench/train_models.py quota` after changing a corpus.

## Why is this bad?
A quota decides ratings before the evidence is read: a strong team must still produce its low ratings and a
struggling one can hide behind the curve. Hidden in a comment, it steers calibration where nobody reviewing
the published rubric can see it. See the policy section *Calibration without forced ranking*.

## Example
```yaml
# Calibration note: keep Exceeds to at most 15% of each org.
```

## Use instead
```yaml
# Calibration compares evidence across teams; there is no cap on any rating.
```
""",
)

_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|fifty|a hundred|\d+(?:\.\d+)?)"
_SHARE = (
    rf"(?:\d+(?:\.\d+)?|\b{_NUMBER})\s*(?:%|percent\b|per cent\b)|\b0?\.\d+\b|\b\d+\s*[\u2013-]\s*\d+\s*%|\b\d+\s*:\s*\d+\b"
    r"|\b(?:a|one|the)\s+(?:twelfth|fifteenth|twentieth|hundredth)\b"
    rf"|\b(?:fewer|more|less) than {_NUMBER} (?:of|in) (?:your|the|every|each|a)\b"
    rf"|\b{_NUMBER}\s+(?:[\w-]+\s+){{0,2}}?(?:in|out of|per|for every|of every)\s+(?:every\s+)?{_NUMBER}\b"
    r"|\b(?:a|one|the)\s+(?:half|third|quarter|fifth|sixth|eighth|tenth|twentieth)\b|\b(?:two|three)[- ](?:thirds|quarters|fifths|tenths)\b"
    r"|\b(?:half|majority|minority|the number|number|count|how many|how much)\s+of\b|\bhow many\b"
    r"|\b(?:tenth|fifth|quartile|quintile|decile|tercile)s?\b"
    rf"|\b(?:at most|at least|up to|exactly|only|just|maximum of|minimum of|max(?:imum)?|min(?:imum)?|stays within|each limited to|"
    rf"capped at|limited to|held to|held at|set at|fixed at)\s+(?:the\s+)?(?:{_NUMBER}|a few|a couple|a handful|some|any)\b"
    rf"|\b(?:{_NUMBER}|a|an)\s+(?:per|each|in each|for each|a|in every|for every)\s+(?:team|org|organi[sz]ation|group|manager|squad|pod|department|unit|level|cycle|half|quarter|function)\b"
    rf"|\b(?:{_NUMBER}|limited|fixed|few)\s+(?:slots?|spots?|seats?|places?)\b"
    rf"|\b{_NUMBER}\s+(?:engineers|people|employees|reports|ics|names|individuals|persons|person)\b"
    rf"|\b(?:quota|cap|limit|maximum|minimum|allowance|allocation|allotment|pool|budget) of (?:{_NUMBER})\b"
    rf"|\b{_NUMBER}(?:\s+or\s+{_NUMBER})?\s+(?:more\s+|fewer\s+)?(?:\S+\s+){{0,2}}?(?:ratings?|grades?|marks|scores|designations?|level-ups?|promotions?|tokens?|[1-5]s)\b"
    rf"|\b{_NUMBER}\s+(?:[\w-]+\s+){{0,2}}(?:per|in each|in every|for each|for every)\s+(?:[\w-]+\s+)?(?:team|org|organi[sz]ation|group|manager|squad|pod|department|unit|level|function)\b"
    r"|\b(?:a handful|a few|a couple|a set number|a fixed number|the same number|the same proportion|the same share|set number|fixed number) of\b"
    r"|\b(?:fewer|more) (?:people|engineers|ratings?|grades?|names) than\b"
)
# A count of evidence is a requirement on evidence, not a share of people.
_EVIDENCE_NOUN = r"(?:pieces? of evidence|evidence|examples?|artifacts?|items?|links?|sources?|references?|samples?)\b"
_COUNTED_EVIDENCE = re.compile(rf"\W*(?:\w+\W+){{0,3}}?{_EVIDENCE_NOUN}")
# What _COUNTED_EVIDENCE.search finds, without trying its three leading words at every position of a long text.
_MENTIONS_EVIDENCE = re.compile(_EVIDENCE_NOUN)
_CONSTRAINT = (
    r"\b(?:at most|at least|stays within|each limited to|only some|cap(?:s|ped)?|ceiling|limit(?:s|ed)?|max(?:imum)?|min(?:imum)?|up to|only|just|"
    r"must|should|shall|need(?:s)? to|will need|ha(?:s|ve) to|(?:is|are) expected|expect(?:s|ed)?|target(?:s|ed)?|aim(?:s|ing)? (?:for|at)|"
    r"plan(?:s|ned)? for|reserv\w*|allocat\w*|allot\w*|budget\w*|quota\w*|fit(?:s|ting)?|land(?:s|ing)?|keep|kept|hold|surface|identify|"
    r"nominate|designate|assign|produce|required?|requires|(?:is|are) to be|per team|per org|each team|every team|each org|every org|"
    r"each manager|every manager|roughly|around|approximately|guideline|guidance|typically|normally|in line with|eligible|reject|"
    r"ration(?:s|ed)?|owe[sd]?|fund(?:s|ed)?|survive|set aside|need(?:s|ed)?|get to|may|can|go to|goes to|decides?|"
    r"ought to|are to|is to|entitled to|enforced|mandatory|designated|finite|metered|frozen at|kept to|planning|targeting|"
    r"make sure|not an option|sent back|returned|withdraw|flag(?:s|ged)?|trim|cut|pared back|at sign-off|expected|"
    # Allocation told as what happens: "are held to a twentieth", "goes to the three", "are offered severance".
    r"(?:is|are|get|gets) (?:given|granted|handed out|awarded|assigned|marked|offered|identified|exited|held|issued|filled in)|"
    r"held to|goes to|go to|handed out|hands? in|entitled|plans? (?:on|to)|planned|commits? to|add up to|cover|make up|exactly|"
    r"identif\w*|fail(?:s|ed)?|objective|goal)\b"
)
_NORMALISE = (
    r"\b(?:normali[sz](?:e|es|ed|ing)|calibrat(?:e|es|ed|ing)|re-?scal(?:e|es|ed|ing)|pull(?:s|ed)? into line|(?:bring|brought) into line|adjust(?:s|ed|ing)?|moderat(?:e|es|ed|ing)|bring|brought|forc(?:e|es|ed|ing)|"
    r"hold|holds|held|keep|keeps|kept|fit|fits|fitting|align(?:s|ed|ing)?|match(?:es|ed|ing)?|conform(?:s|ed|ing)?|shap(?:e|es|ed|ing)|land(?:s|ed|ing)?|true[- ]?up|"
    r"map(?:s|ped|ping)?|bucket(?:s|ed|ing)?|slot(?:s|ted|ting)?|sort(?:s|ed|ing)?|hit(?:s|ting)?|stay(?:s|ed|ing)? (?:within|under|inside)|"
    r"get (?:back )?(?:under|within|to))\b.{0,80}?"
    r"\b(?:distribution|curve|guidelines?|quotas?|budget|shape|bands?|allocation|allotment|split|percentages?|proportions?|ratio|mix|targets?|average|mean)\b"
)
_STRONG_TARGET = re.compile(r"\b(?:distribution|curve|guidelines?|quotas?|shape|allocation|allotment)\b")
_LOWER_UNTIL = (
    r"\b(?:lower\w*|downgrad\w*|reduc\w*|mov\w* (?:\w+ )?down|bump\w* down|adjust\w* down\w*|shift\w*|drop\w*|demot\w*|trim\w*|push\w* down|"
    r"scal\w* (?:back|down)|tak\w* (?:\w+ )?away|mov\w* (?:\w+ ){0,3}to (?:meets|approaching|below))\b.{0,80}?"
    r"\b(?:until|so that|to meet|to hit|to reach|to fit|to match|to get|to stay)\b|\bwhile\b.{0,60}\bdowngrad\w*"
)
_RANK_PEOPLE = (
    r"\b(?:stack[- ]?|re[- ]?)?rank(?:s|ed|ing)?\b(?: (?:\w+ ){0,4})(?:all |every |each )?(?:engineers|people|everyone|employees|staff|individuals|"
    r"reports|direct reports|ics|team members|members|colleagues|peers|each other|one another|the team|your team|the org|headcount)\b"
    r"|\b(?:engineers|people|everyone|employees|staff|individuals|reports|ics|team members)\b (?:\w+ ){0,3}(?:are|is|get|gets|will be|be|being)"
    r" (?:stack[- ])?(?:ranked|ordered|sorted|rated against each other|compared against each other)\b"
    r"|\b(?:rank[- ]order|ranking|ordering|league table) of (?:all |every |each )?(?:engineers|people|employees|staff|individuals|reports|ics)\b"
    r"|\b(?:lowest|bottom|top|highest)[- ]ranked\b|\bfrom (?:best|strongest) to (?:worst|weakest)\b"
    r"|\b(?:ranks?|ranked|comes?|finish(?:es)?|places?) (?:last|bottom|lowest)\b|\blast[- ]place\b|\b(?:best|strongest|top) to (?:worst|weakest|bottom)\b"
    r"|\brank[- ]order\b|\branking exercise\b|\brelative (?:standing|ranking|position)\b|\b(?:ratings?|grades?) are relative\b"
    r"|\bpercent ?ranks?\b|\bpercentile ranks? (?:within|across|among|of engineers)\b|\bntile\b|\bz-?scores?\b|\bstandardi[sz]ed within\b"
    r"|\bleaderboards?\b|\b(?:lowest|highest|top|bottom)[- ]scor(?:ing|ed)\b|\b(?:leading|trailing) (?:fifth|tenth|quarter|third|\d+\s*%)"
    r"|\bfirst \w+ positions\b|\bfrom first to last\b"
    r"|\b(?:list|lists|listed|put|puts|order|orders|sort|sorts)\b (?:\w+ ){0,3}(?:engineers|people|reports|staff|team) in order\b"
)
_EDGE_OF_POPULATION = (
    rf"\b(?:bottom|lowest|weakest|worst|top|highest|strongest|best|lower|upper)[- ](?:\d+\s*(?:%|percent)|{_NUMBER}|tenth|fifth|quarter|third|eighth|"
    r"sixth|twentieth|hundredth|quartile|quintile|decile|slice|bucket|performers?|tier|band)\b(?! (?:slowest|fastest|endpoints?|requests?|quer(?:y|ies)|services?|tests?|pages?|routes?|jobs?|"
    r"alerts?|incidents?|tickets?|bugs?|customers?|accounts?|regions?|hosts?|dependencies|items?|issues?|risks?|priorities|latenc))"
)
# A resource that ratings or promotions are drawn from: once it is spent, nobody else can have one.
_RESOURCE = (
    r"\b(?:budgets?|pools?|slots?|openings|allocations?|allotments?|allowances?|quotas?|caps?|headcount|buckets?|spots?|seats?|seat count|headroom|"
    r"envelopes?|tokens?|funded line|rationed|spen[dt]|used up|run(?:s)? out)\b"
)
_SPLIT = re.compile(r"(?<![\d/.])\b\d{1,2}(?:\s*(?:/|,|-|and|,\s*and)\s*\d{1,2}){2,5}\b(?!\s*[/-]\s*\d)")
_SPLIT_CONTEXT = re.compile(r"\b(?:distribution|split|spread|buckets?|bands?|proportions?|shares?|percent|ratings?|curve|across)\b|%")
_WEIGHT = re.compile(r"\b(?:weigh\w*|carr(?:y|ies) (?:\d|a weight|the weight|more|less|most)|counts? for|worth|makes? up|composite|contribution)\b")
_METRIC = re.compile(
    r"\b(?:slos?|slis?|slas?|error budgets?|availability|uptime|latenc\w*|p\d{2}|percentiles?|deploy\w*|change failure|lead time|"
    r"recovery time|mttr|incidents?|defects?|escape rate|throughput|coverage|error rates?|success rate|requests?|builds?|pipelines?|"
    r"tests?|flak\w*|cpu|memory|costs?|revenue|conversion|pages?|alerts?|queries|endpoints?|on-call|load|toil|weeks?|"
    r"sprints?|backlog|follow-ups?|tasks?|stories|epics|roadmap|tickets?|bugs?|staging|canary|artefacts?|artifacts?|replicas?|"
    r"vulnerabilit\w*|cves?|cvss|flaky|concurrency|throttl\w*|buffers?|request sizes?)\b"
)
_AUDIT = re.compile(
    r"\b(?:audit\w*|monitor\w*|review\w*|track\w*|analy[sz]\w*|examin\w*|inspect\w*|look(?:s|ed)? (?:at|into)|compar\w*|check\w*|report\w* on|publish\w*)\b"
    r".*\b(?:bias\w*|drift|disparit\w*|equit\w*|(?:un)?fair\w*|unequal\w*|adverse impact|skew\w*|gaps?|inconsisten\w*|discriminat\w*|anomal\w*|unexplained|shifts?)\b"
)
_MONEY = re.compile(r"\b(?:compensation|salary|salaries|pay|payroll|merit|raises?|bonus(?:es)?|equity|dollars?|euros?|pounds?|finance)\b|[$\u20ac\u00a3]")
# A clause that disowns what the sentence described: "we follow neither practice", "none of this applies here".
_DISAVOWAL = re.compile(
    r"\b(?:never|neither|not|no|none|nor)\b.{0,40}\b(?:practice|practices|approach|approaches|method|system|model|this|that|these|those|it|them|such|either)\b"
    r"|\b(?:there is|there are|with|has|have) no (?:\w+ )?(?:target|cap|quota|limit|ceiling|floor)s?\b"
)
_UNIT = r"(?:org|orgs|team|teams|manager|managers|department|group|squad|function|level|unit|units|pod|pods|vp org)"
_EACH_UNIT_MUST = (
    rf"\b(?:(?:every|each|all)\s+{_UNIT}s?\b|\b(?:an?|any|your)\s+{_UNIT}\b(?: of \w+)?).{{0,60}}?"
    r"\b(?:must|should|shall|needs? to|has to|have to|is expected to|are expected to|will|owes?)\b.{0,60}?"
    r"\b(?:have|include|produce|give|identify|name|nominate|put|place|find|surface|deliver|submit|return|turn in|the process)\b"
)
# "If your group has nobody in the lowest tier, you'll be asked to nominate someone."
_FILL_THE_EMPTY = re.compile(
    r"\b(?:no|zero|nobody|no one|none)\b.{0,50}?\b(?:below|lowest|bottom|low|least)\b.{0,80}?"
    r"\b(?:asked? (?:to|which|who|for|why)|must|will need to|needs? to|have to|has to|required to|expect|explain)\b.{0,40}?"
    r"\b(?:justify|re-?rank|nominate|name|identify|pick|choose|add|find|overlooked|why)\b"
)
_SAME_PROPORTION = re.compile(r"\b(?:same|fixed|agreed|set)\s+(?:proportion|share|percentage|number|mix|ratio)\b")
_KEEP_SCARCE = re.compile(r"\bkeep\s+(?:\w+\s+){1,4}(?:thin|lean|small|tight|low|limited|rare|scarce|short)\b")
# Ratings as a fixed pie: one person's move up must be paid for by another's move down.
_ZERO_SUM = re.compile(r"\b(?:upgrades?|moves? up|raises?)\b.{0,60}\b(?:balanced|offset|matched|paid for)\b.{0,30}\b(?:downgrades?|moves? down|lower)|\bfixed pie\b|\bsomeone else (?:moves|goes|comes) down\b")
_PARTS = re.compile(r"(?:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) parts?\b.{0,40}){2,}")
# A particular rating on any scale, or an outcome that follows from one: "low ratings", "'highly effective'
# ratings", "five-star reviews", "A grades", "top-box", severance and other exits.
_SPECIFIC_OUTCOME = re.compile(
    r"\b(?:low|high|top|bottom|poor|weak|strong|lowest|highest)\s+(?:ratings?|performers?|scores?|grades?|marks)\b"
    r"|(?:['\u2018\u201c][^'\u2019\u201d]{2,30}['\u2019\u201d]|\b[\w-]+-(?:star|bar|box)|\b[a-e])\s+(?:ratings?|designations?|grades?|marks?|scores?|reviews?|ones)\b"
    r"|\b(?:severance|departures?|leavers?|moved on|part ways|exit(?:s|ed)?|let go|managed out|pips?)\b"
)
# Comparatives that cap even when negated: "may not outnumber", "must not outrun".
_NEGATED_CAP_WORDS = r"\b(?:outnumbers?|outruns?|exceeds? the number)\b"
# Rationing without a share: a rating or outcome tied to an order, a count or a scarcity, however phrased.
_RATION = re.compile(
    r"\b(?:nobody|no one|none) else\b|\band to nobody\b"
    r"|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+(?:[\w-]+\s+){0,2}(?:case|one|rating|promotion|packet|name|person|engineer|approval)s?\b"
    r"|\b(?:strongest|best|top|highest|lowest|weakest|worst|bottom)(?:[- ]\w+)?\s+(?:[\w-]+\s+){0,4}(?:in|on|of|across|per|from|within)\s+(?:each|every|the|their|its|a|his|her)\b"
    r"|\b(?:rare|rarer|scarce|sparingly|lean|handful)\b"
    r"|\b(?:defaults? to|falls? back|carr(?:y|ies) over|owes?|owed|shortfall|deficits?|short)\b"
    rf"|{_NEGATED_CAP_WORDS}"
    r"|\b(?:in pairs|paired with|by headcount|pro rata|proportional(?:ly)?|sliding scale|tied to (?:team |group )?size|per head)\b"
    r"|\bstops? at\b|\bclos(?:e|es|ed) (?:[\w-]+ ){0,3}(?:once|when)\b|\buntil (?:someone|somebody|at least|one)\b"
    r"|\b(?:the bulk|the median|same size|evenly|equal numbers?|thirds|halves)\b"
    r"|\b(?:number|figure|count|kpi)s?\b"
    r"|\bre-?(?:rat|scor|cent|balanc)\w*|\bscaled? (?:back|down)\b|\breturned unread\b|\bre-?do the round\b"
    r"|\b(?:one|a|two|three) (?:name|person|nominee|candidate)s? (?:each|apiece)\b|\bfirst come,? first served\b"
    r"|\bmore [\w-]+(?: [\w-]+)? than [\w-]+(?: [\w-]+)? (?:ratings?|ones|grades?|scores?)\b"
    r"|\brolls? (?:over|to)\b|\bas many (?:[\w-]+ ){1,4}as\b|\band no more\b|\bcompete for\b|\btoo many\b|\bdraw the line\b"
    r"|\b(?:bring|brought|revis\w*|adjust\w*|mov\w*|push\w*|mark\w*|scal\w*|tak\w*)\b(?: [\w%-]+){0,10} down(?:wards?)?\b"
)
# A limit on how many people get something, and the group it is counted in: with a particular rating in the
# same clause, the three make a quota whatever the wording ("Exceeds is capped per calibration group").
_LIMIT = re.compile(
    r"\b(?:cap(?:s|ped)?|limit(?:s|ed)?|maximum|minimum|at most|at least|up to|only|exactly|ceiling|floor|quotas?|"
    r"allowance|allocation|reserved for|set aside|share|proportion|percentage|fraction|ratio|how many|the number of|"
    r"must (?:include|have|contain|produce|find)|(?:is|are) (?:expected|required) to (?:have|include|produce))\b"
)
_GROUP = re.compile(
    r"\b(?:per|each|every|any|in (?:a|the|each|every|your)|of (?:a|the|each|every|your)|across (?:a|the|each|every))\s+"
    r"(?:[\w-]+\s+)?(?:team|org|organi[sz]ation|group|department|level|cohort|pod|squad|tribe|unit|manager|director|function|"
    r"area|division|practice|chapter|cell|cluster|population|headcount|staff|engineers|people|reports|band)s?\b"
)
# Counts of time are promotion criteria and deadlines, not shares of people: "at least two cycles at L5".
_TIME_COUNT = re.compile(r"\b(?:cycles?|halves|half|quarters?|years?|months?|weeks?|days?|sprints?)\b")
# The sentence tells people to resist what it describes: "... should refuse and tell the people partner".
_REFUSAL = re.compile(r"\b(?:should|must|can|may|will) (?:refuse|decline|escalate|appeal|report (?:it|this|them))\b|\breport (?:it|this|them) to\b")
# The count is left open: "the number of promotions is whatever the evidence supports".
_PERMISSIVE = re.compile(r"\bwhether\b.{0,40}\bor\b|\bdepends? (?:only |solely |entirely )?on (?:what|the evidence|their)|\bwhatever (?:the evidence|is (?:earned|deserved|justified))|\bhowever many\b|\bas many as\b|\b(?:follows?|depends? on|set by) (?:from )?the evidence\b")
_NEGATED_CAP = re.compile(_NEGATED_CAP_WORDS)
_PEOPLE = re.compile(r"\b(?:people|engineers|employees|staff|reports|persons?|individuals|ics|members|heads|names|everyone|anyone)\b")
_PROHIBITION_VALUES = {"forbidden", "none", "never", "no", "false", "prohibited", "banned", "not allowed", "disallowed"}


@dataclass(frozen=True, eq=False)  # hashed by identity: one vocabulary per run
class Vocabulary:
    keys: frozenset[str]
    scale_words: frozenset[str]  # single-word rating ids, which count only when written as ratings
    anchors: frozenset[str]  # single words one of which a quota needs
    anchor_phrases: dict[str, tuple[frozenset[str], ...]]  # or all the words of a phrase, by its first word
    labels: re.Pattern[str]  # the scale's labels, which the learned model reads as one word
    # The long phrase lists compile on first use: only the detectors need them, and they run on the few
    # sentences the learned model confirms, often none in a file.
    terms: dict[str, list[str]]

    @cached_property
    def distribution_terms(self) -> re.Pattern[str]:
        return _phrases(self.terms["distribution"])

    @cached_property
    def outcome_terms(self) -> re.Pattern[str]:
        return _phrases(self.terms["outcome"])

    @cached_property
    def weight_context(self) -> re.Pattern[str]:
        return _phrases(self.terms["categories"] or ["weight"])


def reader(content: Content) -> Vocabulary | None:
    """What the rule reads documents with, or None when the guardrails cannot be read."""
    guardrails, rubric = content.single("guardrails"), content.single("rubric")
    if guardrails is None or "quota_language" not in guardrails.data:  # type: ignore[operator]
        return None
    words = guardrails.data["quota_language"]  # type: ignore[index]
    scale = rubric.data["scale"] if rubric else []  # type: ignore[index]
    categories = [category["name"] for category in rubric.data["categories"]] if rubric else []  # type: ignore[index]
    labels = [entry["label"] for entry in scale]
    scale_words = frozenset(entry["id"] for entry in scale if re.fullmatch(r"[a-z]+", entry["id"]))
    anchors, anchor_phrases = _anchors([words["distribution_terms"], words["outcome_terms"], labels], scale_words)
    return Vocabulary(
        keys=frozenset(_key_name(key) for key in words["keys"]),
        scale_words=scale_words,
        anchors=anchors,
        anchor_phrases=anchor_phrases,
        labels=_phrases(labels or ["exceeds expectations"]),
        terms={"distribution": words["distribution_terms"], "outcome": [*words["outcome_terms"], *labels], "categories": categories},
    )


_ANCHOR_WORDS = (
    "rank ranks ranked ranking rankings order ordered ordering sort sorted sorting relative league last strongest weakest best worst "
    "bottom lowest highest top lower upper distribution curve guideline guidelines quota quotas shape allocation allotment part parts "
    "1s 2s 3s 4s 5s leaderboard leaderboards percentrank ntile z zscore zscores standardised standardized leading trailing "
    "upgrade upgrades downgrade downgrades box positions star stars designation designations severance departures"
).split()
_SPLIT_ANCHOR = re.compile(r"\d{1,2}\s*[/,-]\s*\d{1,2}\s*[/,-]\s*\d")


def _anchors(phrase_lists: list[list[str]], scale_words: frozenset[str]) -> tuple[frozenset[str], dict[str, tuple[frozenset[str], ...]]]:
    """What every quota detector needs one of: a rating id, a word of rankings, edges and splits, a one-word
    term, or all the words of a longer term. Checking words is far cheaper than running the detectors."""
    phrases = [prose.plain_words(phrase) for terms in phrase_lists for phrase in terms]
    singles = {next(iter(words)) for words in phrases if len(words) == 1}
    longer: dict[str, list[frozenset[str]]] = {}
    for words in phrases:
        if len(words) > 1:
            longer.setdefault(min(words), []).append(words)
    return frozenset(singles | set(scale_words) | set(_ANCHOR_WORDS)), {word: tuple(sets) for word, sets in longer.items()}


def might_be_quota(sentence: str, vocabulary: Vocabulary, words: frozenset[str] | None = None) -> bool:
    words = words if words is not None else prose.plain_words(sentence)
    if not vocabulary.anchors.isdisjoint(words) or _SPLIT_ANCHOR.search(sentence):
        return True
    return any(phrase <= words for word in words & vocabulary.anchor_phrases.keys() for phrase in vocabulary.anchor_phrases[word])


def _phrases(phrases: list[str]) -> re.Pattern[str]:
    """One pattern for a list of phrases; spaces and hyphens between words match each other."""
    alternatives = {r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", phrase.lower().strip())) for phrase in phrases}
    return re.compile(r"\b(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")\b")


# Keys of guardrails.yaml whose values are vocabulary or regular expressions, not statements of policy.
NOT_PROSE = frozenset({"quota_language", "patterns", "measures", "judgement_cues"})


def check_document(document: Document, vocabulary: Vocabulary) -> Iterator[Finding]:
    for sentence in prose.sentences(document):
        if document.kind == "guardrails" and sentence.key_path and not NOT_PROSE.isdisjoint(sentence.key_path):
            continue  # the rule's own vocabulary, and the regular expressions of the banned signals
        reason = quota_reason(sentence.text, vocabulary, sentence.words)
        if reason:
            line, column = prose.place(document, sentence)
            yield QUOTA.finding(document.path, line, column, _message(document, sentence, reason))
    if isinstance(document.data, dict) and document.syntax != "json":
        yield from _distribution_keys(document, document.data, (), vocabulary)


def _message(document: Document, sentence: prose.Sentence, reason: str) -> str:
    quoted = sentence.text if len(sentence.text) <= 90 else sentence.text[:87] + "..."
    message = f"{reason}: \"{quoted}\""
    if sentence.hidden:
        return f"{message} (hidden in {sentence.where}, which the published site does not show)"
    if document.kind == "narrative":
        return f"{message} (in a narrative, which the site never publishes)"
    return message


def quota_reason(sentence: str, vocabulary: Vocabulary, words: frozenset[str] | None = None) -> str | None:
    """Why ``sentence`` imposes a distribution, or None when it does not. ``words``, its lowercase words,
    saves reading them again.

    The detectors below name what they found; the learned model (see ``learned``) reads the same sentence
    and must agree. Where no detector fires, a statement the model is sure of is reported on its word."""
    words = words if words is not None else prose.plain_words(sentence)
    return learned.decide(
        learned.load("quota"),
        words,
        features=lambda: model_features(sentence, vocabulary),
        detector=lambda: detector_reason(sentence, vocabulary, words),
        refuses=lambda: refuses(sentence, vocabulary),
        kind="a quota",
    )


# Levels and fractions stand for their kind, as numbers do (see ``learned.wording``).
_PLACEHOLDERS = (
    (re.compile(r"\bl\d{1,2}\b"), " xlevel "),
    (re.compile(r"\b(?:half|halves|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?|twentieths?)\b"), " xfrac "),
)


def model_features(sentence: str, vocabulary: Vocabulary) -> list[str]:
    """The sentence's words as the learned model reads them (and the training script trains it on), with the
    scale's labels, levels, numbers and shares as placeholders. Tags for what the detectors' patterns find
    were tried as extra features: they added nothing in cross-validation and cost 250 us a sentence."""
    text = vocabulary.labels.sub(" xlabel ", language.normalise(sentence))
    for word in _capitalised_scale_words(sentence, vocabulary.scale_words):
        text = re.sub(rf"\b{word}\b", " xlabel ", text)
    for pattern, placeholder in _PLACEHOLDERS:
        text = pattern.sub(placeholder, text)
    return learned.wording(text)


def refuses(sentence: str, vocabulary: Vocabulary) -> bool:
    """The sentence disowns what it describes ("...; we follow neither practice"): the model may not
    overrule that."""
    return _Reading(sentence, vocabulary).disowned()


def detector_reason(sentence: str, vocabulary: Vocabulary, words: frozenset[str] | None) -> str | None:
    """What a detector found, or None."""
    if not might_be_quota(sentence, vocabulary, words):
        return None
    reading = _Reading(sentence, vocabulary)
    if reading.disowned():
        return None
    detectors = (
        (reading.distribution_term, "names a forced distribution"),
        (reading.fixed_split, "sets a fixed split of ratings"),
        (reading.drawn_from_resource, "draws ratings or promotions from a budget, pool or slots"),
        (reading.ranks_people, "ranks people against each other"),
        (reading.edge_of_population, "singles out a fixed slice of people"),
        (reading.fits_to_target, "fits ratings to a distribution, budget or target"),
        (reading.moves_until_met, "moves ratings until a share is met"),
        (reading.obliges_each_unit, "requires every team or org to produce a rating or outcome"),
        (reading.fills_the_empty, "requires a low rating where a team has none"),
        (reading.zero_sum, "makes one rating wait on another's"),
        (reading.share_limit, "limits how many people may get a rating or outcome"),
        (reading.rations_outcome, "rations a rating or outcome among people"),
        (reading.counts_a_rating, "sets a number of a particular rating"),
        (reading.limits_per_group, "limits a rating or outcome per group of people"),
    )
    return next((reason for detector, reason in detectors if detector()), None)


class _Reading:
    """One sentence, normalised, with the questions the quota detectors ask of it."""

    def __init__(self, sentence: str, vocabulary: Vocabulary) -> None:
        self.text = language.normalise(sentence.replace("_", " "))
        self.vocabulary = vocabulary
        self.quoted = language.quoted_spans(self.text)
        self.outcomes = _outcome_pattern(sentence, vocabulary)

    def clause(self, position: int) -> str:
        return self.text[slice(*language.clause_bounds(self.text, position))]

    def live(self, match: re.Match[str]) -> bool:
        """The phrase is used (not quoted) and not negated."""
        return not language.inside(self.quoted, *match.span()) and not language.negated(self.text, *match.span())

    def disowned(self) -> bool:
        """A later clause disowns the sentence ("...; we follow neither practice"), or a question is answered no."""
        if re.search(r"\?\s*(?:no|none|never|not at all)\b", self.text) or _REFUSAL.search(self.text):
            return True
        clauses = re.split(r";|\.\s", self.text)
        return len(clauses) > 1 and any(_DISAVOWAL.search(clause) for clause in clauses[1:])

    def distribution_term(self) -> bool:
        for match in self.vocabulary.distribution_terms.finditer(self.text):
            clause = self.clause(match.start())
            about_systems = _METRIC.search(clause) and not self.outcomes.search(clause)
            if self.live(match) and not _AUDIT.search(clause) and not about_systems and self.text[max(match.start() - 4, 0) : match.start()] != "log-":
                return True
        return False

    def fixed_split(self) -> bool:
        for match in _PARTS.finditer(self.text):
            if self.outcomes.search(self.text) and self.live(match):
                return True
        for match in _SPLIT.finditer(self.text):
            parts = [int(part) for part in re.findall(r"\d+", match.group(0))]
            clause = self.clause(match.start())
            if sum(parts) == 100 and _SPLIT_CONTEXT.search(clause) and not _WEIGHT.search(clause) and self.live(match):
                if self.outcomes.search(clause) or len(parts) == 3:
                    return True
        return False

    def drawn_from_resource(self) -> bool:
        for match in re.finditer(_RESOURCE, self.text):
            clause = self.clause(match.start())
            if self.outcomes.search(clause) and not _MONEY.search(clause) and not _METRIC.search(clause) and self.live(match):
                return True
        return False

    def ranks_people(self) -> bool:
        for match in re.finditer(_RANK_PEOPLE, self.text):
            clause = self.clause(match.start())
            if self.live(match) and not (_METRIC.search(clause) and not _PEOPLE.search(clause)):
                return True
        return False

    def edge_of_population(self) -> bool:
        for match in re.finditer(_EDGE_OF_POPULATION, self.text):
            clause = self.clause(match.start())
            if (_METRIC.search(clause) and not self.outcomes.search(clause)) or _AUDIT.search(clause):
                continue
            if self.live(match):
                return True
        return False

    def fits_to_target(self) -> bool:
        for match in re.finditer(_NORMALISE, self.text):
            start, end = language.clause_bounds(self.text, match.start())
            if match.end() > end or language.inside(self.quoted, match.end() - 1, match.end()):
                continue  # the verb and its target stand in one clause, and the target is used, not quoted
            clause = self.text[start:end]
            strong = _STRONG_TARGET.search(match.group(0))
            if not (strong or self.outcomes.search(clause)) or _AUDIT.search(clause) or language.negated(self.text, *match.span()):
                continue
            if strong or not _MONEY.search(clause) or re.search(r"\b(?:ratings?|rated)\b", clause):
                return True
        for pattern in (_SAME_PROPORTION, _KEEP_SCARCE):
            for match in pattern.finditer(self.text):
                if self.outcomes.search(self.clause(match.start())) and self.live(match):
                    return True
        return False

    def moves_until_met(self) -> bool:
        for match in re.finditer(_LOWER_UNTIL, self.text):
            clause = self.clause(match.start())
            if self.outcomes.search(clause) and not _METRIC.search(clause) and self.live(match):
                return True
        return False

    def obliges_each_unit(self) -> bool:
        for match in re.finditer(_EACH_UNIT_MUST, self.text):
            if self._specific_outcome(self.clause(match.start())) and self.live(match):
                return True
        return False

    def zero_sum(self) -> bool:
        return any(self.live(match) for match in _ZERO_SUM.finditer(self.text))

    def fills_the_empty(self) -> bool:
        return _FILL_THE_EMPTY.search(self.text) is not None

    def share_limit(self) -> bool:
        """A share or count of people per rating or outcome, turned into a rule by a limit or expectation."""
        for share in re.finditer(_SHARE, self.text):
            start, end = language.clause_bounds(self.text, share.start())
            clause = self.text[start:end]
            outcome = self.outcomes.search(clause) or _SPECIFIC_OUTCOME.search(clause)
            constraint = re.search(_CONSTRAINT, clause)
            if not (outcome and constraint) or _counts_evidence(self.text, share):
                continue
            # A category's name marks a weight ("operational outcomes 40%") unless a rating is named too.
            about_weight = self.vocabulary.weight_context.search(clause) and not self._specific_outcome(clause)
            if _AUDIT.search(clause) or _WEIGHT.search(clause) or about_weight or _MONEY.search(clause):
                continue
            if _METRIC.search(clause) and not re.search(r"\b(?:ratings?|rated|performers?|engineers|people|promotions?)\b", clause):
                continue
            last = max(share.end(), start + outcome.end(), start + constraint.end())
            # A negation anywhere up to the rule's last word governs it: "must not be asked to name a bottom 10%".
            if not language.NEGATION_BEFORE.search(self.text, start, last) and not language.NEGATION_AFTER.search(self.text, last, end):
                return True
        return False

    def rations_outcome(self) -> bool:
        for match in _RATION.finditer(self.text):
            if re.search(r"\b(?:any|no|whatever)\s+(?:fixed\s+)?$", self.text[max(match.start() - 12, 0) : match.start()]):
                continue  # "any number of people may receive it" permits, it does not ration
            clause = self.clause(match.start())
            if not self._outcome_or_promotion(clause) or _counts_evidence(self.text, match) or _not_about_ratings(clause):
                continue
            if _PERMISSIVE.search(clause):
                continue
            if self.live(match) or (_NEGATED_CAP.match(match.group(0)) and not language.inside(self.quoted, *match.span())):
                return True
        return False

    def limits_per_group(self) -> bool:
        """A limit, a particular rating or outcome, and the group it is counted in, in one clause."""
        for match in _LIMIT.finditer(self.text):
            clause = self.clause(match.start())
            if not (_GROUP.search(clause) and self._outcome_or_promotion(clause)):
                continue
            if _counts_evidence(self.text, match) or _TIME_COUNT.search(clause) or _MONEY.search(clause) or _PERMISSIVE.search(clause):
                continue
            if _not_about_ratings(clause):
                continue
            if self.live(match):
                return True
        return False

    def counts_a_rating(self) -> bool:
        """A number of a particular rating: "a larger team gets two Exceeds expectations"."""
        for match in self.outcomes.finditer(self.text):
            before = self.text[max(match.start() - 40, 0) : match.start()]
            # The count stands before the rating, or starts the match ("one exceeds": a rating id next to a count).
            count = re.search(rf"\b{_NUMBER}\s+(?:more\s+|fewer\s+|extra\s+|further\s+)?$", before) or re.fullmatch(rf"{_NUMBER}\s+[a-z-]+", match.group(0))
            if count is None or re.search(r"\b(?:level|l|scale|of|at|from|to)\s+\S+\s+$", before):
                continue  # a level or a point on a scale ("at level 4 exceeds ..."), not a count of people
            clause = self.clause(match.start())
            if _counts_evidence(self.text, match) or _WEIGHT.search(clause) or (_METRIC.search(clause) and not _PEOPLE.search(clause)):
                continue
            if re.search(r"\b(?:scale|points?|values?)\b", clause):
                continue  # the scale's own definition: "four points, with Below expectations as 1"
            if self._specific_outcome(self.text[match.start() : match.end()]) and self.live(match) and not _PERMISSIVE.search(clause):
                return True
        return False

    def _outcome_or_promotion(self, clause: str) -> bool:
        return self._specific_outcome(clause) or re.search(r"\bpromot\w*|\bpromos?\b", clause) is not None

    def _specific_outcome(self, clause: str) -> bool:
        """A particular rating or outcome, not ratings in general."""
        general = re.sub(r"\b(?:ratings?|rated|grades?|scores?|promotions?|promoted|performance)\b", " ", clause)
        return bool(self.outcomes.search(general) or _SPECIFIC_OUTCOME.search(clause))


def _not_about_ratings(clause: str) -> bool:
    """The clause audits a distribution, states a weight, or measures systems rather than people."""
    return bool(_AUDIT.search(clause) or _WEIGHT.search(clause) or (_METRIC.search(clause) and not _PEOPLE.search(clause)))


def _counts_evidence(text: str, share: re.Match[str]) -> bool:
    """A count of evidence items: "at least two pieces of evidence", or a count whose noun is left out in a
    sentence about evidence and not about people ("... and the top ratings need at least three")."""
    if _COUNTED_EVIDENCE.match(text, share.end()):
        return True
    return _MENTIONS_EVIDENCE.search(text) is not None and not _PEOPLE.search(text)


def _capitalised_scale_words(sentence: str, scale_words: frozenset[str]) -> tuple[str, ...]:
    return tuple(word for word in scale_words if re.search(rf"\b{word.capitalize()}\b|\b{word.upper()}\b", sentence))


def _outcome_pattern(sentence: str, vocabulary: Vocabulary) -> re.Pattern[str]:
    """Outcome terms, plus rating ids such as "Exceeds" where written as ratings: capitalised, or next to a share."""
    return _outcome_pattern_for(_capitalised_scale_words(sentence, vocabulary.scale_words), vocabulary)


@lru_cache(maxsize=64)
def _outcome_pattern_for(words: tuple[str, ...], vocabulary: Vocabulary) -> re.Pattern[str]:
    extra = [rf"\b{word}\b" for word in words]
    if vocabulary.scale_words:
        # A rating id within three words of a share or count: "15% exceeds", "exceeds <= 15%", "one 'below'".
        ids = "|".join(sorted(vocabulary.scale_words))
        near = r"(?:%|percent|\b\d+|\b(?:one|two|three|four|five|ten)\b|at most|at least)"
        extra.append(rf"{near}\W+(?:\w+\W+){{0,3}}?(?:{ids})\b|\b(?:{ids})\W+(?:\w+\W+){{0,3}}?{near}")
    # Ratings written as numbers, letters or boxes: "a handful of 4s", "a rating of 1", "A grades", "top box".
    extra.append(r"\b[1-5]s\b|\b(?:rating|grade|score|mark|band)s? (?:of )?[1-5a-e]\b|\b[a-e][- ](?:grades?|ratings?|players?)\b")
    extra.append(r"\b(?:top|middle|bottom)[- ]box\b|\b(?:at|on|to) [1-5]\b")
    return re.compile("|".join([vocabulary.outcome_terms.pattern, *extra]))


def _distribution_keys(document: Document, node: dict, path: tuple, vocabulary: Vocabulary) -> Iterator[Finding]:  # type: ignore[type-arg]
    for key, value in node.items():
        here = (*path, key)
        if isinstance(key, str) and _key_name(key) in vocabulary.keys and not _prohibits(value):
            message = f"the key '{key}' encodes a distribution of ratings; ratings follow evidence, never a target share"
            yield QUOTA.at(document, here, message, key=True)
        if isinstance(value, dict):
            yield from _distribution_keys(document, value, here, vocabulary)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _distribution_keys(document, item, (*here, index), vocabulary)


def _key_name(key: str) -> str:
    return re.sub(r"[\s-]+", "_", key.strip().lower())


def _prohibits(value: object) -> bool:
    return value is False or value == 0 or (isinstance(value, str) and value.strip().lower() in _PROHIBITION_VALUES)
