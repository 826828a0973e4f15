"""The METHOD section every audit report carries, so that a reviewer can check how each figure was made."""

from __future__ import annotations

from .statistics import CONFIDENCE, FALSE_DISCOVERY_RATE


def method(minimum: int) -> list[str]:
    """The method, one paragraph per item, in plain sentences (Markdown allowed: backticks only)."""
    return [
        "Input: every narrative in the folders given that passes `openrubric narrative check` against this "
        "repository's rubric and guardrails and the narrative schema. A narrative with an error is left out "
        "and counted. A rating's value is the `value` of its rating on the rubric's scale; the draft rating is the `from` of "
        "its calibration entry, or the final rating when calibration did not change it.",
        "Levels: a rating means something only against the expectations of the engineer's level, so every "
        "comparison of ratings uses each rating's difference from the mean of all ratings at the same level "
        "and in the same category; the composite, its difference from the mean at the same level; evidence, "
        "the number of items less the mean for the same category and rating.",
        "Manager consistency: the ratings a manager gave in a category against everyone else's in that "
        "category, as above. A difference says where calibration should read the evidence together; it is "
        "not a verdict on the manager, and managers are listed by name.",
        "Disparities: each group of each attribute in the people file compared with everyone else: ratings per "
        "category, the composite, evidence per rating (each narrative's mean), the rate of narratives with a "
        "rating lowered in calibration and the rate of narratives with a biased-language finding (the "
        "`biased-language` rule of the guardrails, run on the narrative's text).",
        "Evidence gaps: for the lowest and the highest rating of the scale, the evidence behind a manager's "
        "or a group's ratings against the same rating in the same category elsewhere. Only a group with less "
        "evidence is flagged.",
        "Drift: each category against the latest earlier cycle given with `--previous`: the shift of its mean "
        "rating for all levels and for each level, and Pearson's chi-square test of the two distributions for "
        "all levels. Distributions of earlier cycles are shown for every cycle given.",
        f"Tests: differences of means use Student's two-sample t-test with pooled variance and its "
        f"{CONFIDENCE:.0%} interval (scipy); differences of rates use Fisher's exact test and Newcombe's "
        f"hybrid score interval (scipy, statsmodels). Every p-value of one audit is adjusted together by the "
        f"Benjamini-Hochberg procedure (statsmodels), and a comparison is flagged when its adjusted value (q) "
        f"is at most {FALSE_DISCOVERY_RATE}. Effects are the group's figure less everyone else's, in points "
        "of the scale's values, evidence items, or rates.",
        f"Privacy: no engineer is named or identified. A group (a manager's reports, an attribute's value, a "
        f"level) is shown only with at least {minimum} engineers, when everyone else also numbers at least "
        f"{minimum}, when the groups suppressed beside it could not be worked out from the total, and when no "
        f"other group shown differs from it by fewer than {minimum} engineers; otherwise it is suppressed and "
        "counted. Attribute groups with the same engineers as a manager's reports are compared once, as the "
        "manager's consistency; of an attribute's two groups, only the smaller is compared with the rest.",
        "What the audit is for: finding where ratings may not follow the evidence. It never proposes a "
        "target for any rating; a distribution that differs between cycles or groups is a question for "
        "calibration to answer with the evidence, not a figure to correct.",
    ]
