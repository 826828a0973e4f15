"""Where prose is found: each sentence of a content file with its line and column, and nothing that is not
prose (code, URLs, tags, the same text twice)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from openrubric import prose
from openrubric.loading import load_document
from openrubric.prose import yaml_comments

YAML = """\
a: |
  # inside a block scalar, not a comment
  text
b: >-
  also # not a comment
c: 'x # no' # first
d: "y # no"  # second
# third
e:
  - f # fourth
"""


def test_yaml_comments_skip_quotes_and_block_scalars():
    assert list(yaml_comments(YAML)) == [(6, 13, "first"), (7, 14, "second"), (8, 1, "third"), (10, 7, "fourth")]


def test_text_without_a_hash_has_no_comments():
    assert list(yaml_comments("a: 1\nb: [2, 3]\n")) == []


def read(tmp_path: Path, text: str, path: str) -> list[prose.Sentence]:
    kind, syntax = ("policy", "markdown") if path.endswith(".md") else ("rubric", "yaml")
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text(text, encoding="utf-8")
    document = load_document(tmp_path, path, kind=kind, syntax=syntax)
    assert document.data is not None, document.findings
    return [
        prose.Sentence(s.text, *prose.place(document, s), s.where, s.key_path) if s.key_path else s
        for s in prose.sentences(document)
    ]


def markdown(tmp_path: Path, body: str) -> list[tuple[str, int, int]]:
    """(text, line, column) of each sentence of a Markdown body; its first line is line 4 of the file."""
    return [(s.text, s.line, s.column) for s in read(tmp_path, "---\nid: policy\n---\n" + body, "policy/policy.md")]


def comments(tmp_path: Path, text: str) -> list[tuple[str, int, int]]:
    """(text, line, column) of each sentence of a YAML file's comments."""
    return [(s.text, s.line, s.column) for s in read(tmp_path, text, "rubrics/rubric.yaml") if s.where == prose.YAML_COMMENT]


# Code is not prose ----------------------------------------------------------------------------------------


def test_fenced_and_indented_code_are_skipped_and_a_code_span_leaves_a_placeholder(tmp_path):
    body = (
        "Run `openrubric check` before you push.\n"
        "\n"
        "```\n"
        "only 10% may be rated Exceeds\n"
        "```\n"
        "\n"
        "~~~yaml\n"
        "cap: ten percent of each team\n"
        "~~~\n"
        "\n"
        "    indented code: only 10% may be rated Exceeds\n"
        "\n"
        "After the ``code with ` inside`` and the rest.\n"
    )
    assert markdown(tmp_path, body) == [
        ("Run \u2026 before you push.", 4, 1),
        ("After the \u2026 and the rest.", 16, 1),
    ]


def test_an_html_comment_inside_code_is_code_and_one_outside_is_hidden_text(tmp_path):
    body = "Write `<!-- this -->` to add a note <!-- hidden note here --> to the page.\n"
    sentences = read(tmp_path, "---\nid: policy\n---\n" + body, "policy/policy.md")
    assert [(s.text, s.line, s.column, s.where) for s in sentences] == [
        ("Write \u2026 to add a note to the page.", 4, 1, prose.VISIBLE),
        ("hidden note here", 4, 42, prose.HTML_COMMENT),
    ]


# Abbreviations, initials and figures do not end a sentence -------------------------------------------------


def test_abbreviations_initials_and_figures_do_not_end_a_sentence(tmp_path):
    body = (
        "Cite artifacts, e.g. pull requests, i.e. things others can open, dashboards etc. and more.\n"
        "Dr. Lee, Mr. Ng and Ms. Obi met at No. 5 in the U.S. office with J. R. Smith.\n"
        "It took approx. 3.5 hours vs. 4 last year on version 1.2.3 of the tool.\n"
        "We wrote runbooks, dashboards, etc. The next cycle starts in May.\n"
    )
    assert markdown(tmp_path, body) == [
        ("Cite artifacts, e.g. pull requests, i.e. things others can open, dashboards etc. and more.", 4, 1),
        ("Dr. Lee, Mr. Ng and Ms. Obi met at No. 5 in the U.S. office with J. R. Smith.", 5, 1),
        ("It took approx. 3.5 hours vs. 4 last year on version 1.2.3 of the tool.", 6, 1),
        ("We wrote runbooks, dashboards, etc.", 7, 1),
        ("The next cycle starts in May.", 7, 37),
    ]


def test_a_yaml_comment_splits_sentences_the_same_way(tmp_path):
    text = "# Weights, e.g. 40/25/20/15 at L4, are public. No. 3 of the rules applies.\nversion: 1.0.0\n"
    assert comments(tmp_path, text) == [
        ("Weights, e.g. 40/25/20/15 at L4, are public.", 1, 3),
        ("No. 3 of the rules applies.", 1, 48),
    ]


# A multi-line quoted YAML scalar is one value, not a value and a comment ----------------------------------


MULTI_LINE_QUOTES = """\
summary: "Ratings rest on evidence
  # that anyone can open and check"
note: 'It''s the second
  # quoted value' # a real comment
title: The "best # part" of it
"""


def test_a_hash_inside_a_multi_line_quoted_scalar_is_no_comment():
    assert list(yaml_comments(MULTI_LINE_QUOTES)) == [(4, 19, "a real comment"), (5, 18, 'part" of it')]


def test_a_hash_inside_a_multi_line_quoted_scalar_after_an_anchor_is_no_comment():
    text = "a: &anchor 'first line\n  # still the value'\nb: *anchor # a comment\n"
    assert list(yaml_comments(text)) == [(3, 12, "a comment")]


def test_a_hash_quoted_on_a_continuation_line_of_a_flow_list_is_no_comment():
    text = 'a: [x, "under # %",\n    w, "one in #"]  # a comment\n'
    assert list(yaml_comments(text)) == [(2, 21, "a comment")]


def test_the_text_of_a_multi_line_quoted_scalar_is_read_once(tmp_path):
    sentences = read(tmp_path, MULTI_LINE_QUOTES, "rubrics/rubric.yaml")
    assert [(s.text, s.line, s.where) for s in sentences] == [
        ("Ratings rest on evidence # that anyone can open and check", 1, prose.VISIBLE),
        ("It's the second # quoted value", 3, prose.VISIBLE),
        ('The "best', 5, prose.VISIBLE),
        ("a real comment", 4, prose.YAML_COMMENT),
        ('part" of it', 5, prose.YAML_COMMENT),
    ]


# Comment lines are joined into notes, and separate notes stay apart ---------------------------------------


def test_a_labelled_note_above_a_header_comment_is_its_own_sentence(tmp_path):
    text = (
        "# calibration note: no more than one in ten may be rated at the top of the scale\n"
        "# The engineering performance rubric: rating scale, categories, levels and weights.\n"
        "version: 1.0.0\n"
    )
    assert comments(tmp_path, text) == [
        ("calibration note: no more than one in ten may be rated at the top of the scale", 1, 3),
        ("The engineering performance rubric: rating scale, categories, levels and weights.", 2, 3),
    ]


def test_a_sentence_wrapped_over_comment_lines_stays_one_sentence(tmp_path):
    text = "# No more than one in ten engineers may be rated\n# Exceeds in any org, and the rest\n#   fall where they fall.\nversion: 1.0.0\n"
    assert comments(tmp_path, text) == [
        ("No more than one in ten engineers may be rated Exceeds in any org, and the rest fall where they fall.", 1, 3),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "# first note without a stop\n#\n# second note\nversion: 1.0.0\n",
            [("first note without a stop", 1, 3), ("second note", 3, 3)],
            id="a blank comment line",
        ),
        pytest.param(
            "# The policy owners review this file each cycle.\n# Weights change only by pull request.\nversion: 1.0.0\n",
            [("The policy owners review this file each cycle.", 1, 3), ("Weights change only by pull request.", 2, 3)],
            id="a sentence end then a capital",
        ),
        pytest.param(
            "levels:\n  # about the levels\n    # indented further\n  - id: L3\n",
            [("about the levels", 2, 5), ("indented further", 3, 7)],
            id="a change of indentation",
        ),
        pytest.param(
            "# a comment above the key\nversion: 1.0.0  # the one beside it\n# and the one below it\n",
            [("a comment above the key", 1, 3), ("the one beside it", 2, 19), ("and the one below it", 3, 3)],
            id="a comment beside a key",
        ),
        pytest.param(
            "a: 1  # two comments aligned beside keys\nb: 2  # read as one note\n",
            [("two comments aligned beside keys read as one note", 1, 9)],
            id="aligned comments beside keys",
        ),
    ],
)
def test_separate_notes_are_not_joined(tmp_path, text, expected):
    assert comments(tmp_path, text) == expected


# Long run-on sentences are cut where their clauses meet ---------------------------------------------------

RUN_ON = (
    "This period Sam took over the payments on-call rotation after two people left the team, handled eleven\n"
    "incidents with calm and clear updates, mentored both new hires through their first production deploys,\n"
    "cleaned up the flaky integration tests that had blocked releases for weeks, rewrote the runbook and I rated\n"
    "them Meets because our org may only give 10% of people Exceeds.\n"
)


def test_a_long_run_on_sentence_is_cut_at_its_clauses_and_keeps_the_quota_clause_whole(tmp_path):
    assert markdown(tmp_path, RUN_ON) == [
        (
            "This period Sam took over the payments on-call rotation after two people left the team, handled eleven "
            "incidents with calm and clear updates, mentored both new hires through their first production deploys, "
            "cleaned up the flaky integration tests that had blocked releases for weeks, rewrote the runbook",
            4,
            1,
        ),
        ("and I rated them Meets", 6, 97),
        ("because our org may only give 10% of people Exceeds.", 7, 12),
    ]


def test_a_sentence_of_several_clauses_under_the_limit_stays_whole(tmp_path):
    body = "Sam rewrote the runbook and I rated them Meets because the evidence showed it, so the rating stands.\n"
    assert markdown(tmp_path, body) == [(body.strip(), 4, 1)]


def test_a_long_sentence_is_cut_at_semicolons_and_dashes_first(tmp_path):
    clause = "the team shipped the migration on time with no customer-visible incident at all"
    body = f"{clause}; {clause} - {clause}; {clause}, and {clause}.\n"
    texts = [text for text, _, _ in markdown(tmp_path, body)]
    assert texts == [f"{clause};", clause, f"{clause};", f"{clause}, and {clause}."]


# Markdown structure -----------------------------------------------------------------------------------------


def test_headings_lists_quotes_tables_and_link_text_are_prose_and_urls_and_tags_are_not(tmp_path):
    body = (
        "## What we evaluate ##\n"
        "\n"
        "- First item of the list\n"
        "- Second item, with [the link text](https://example.org/path \"a title\") and <https://example.org>\n"
        "\n"
        "> Quoted advice for managers, see https://example.org/advice.\n"
        "\n"
        "| Rating | Meaning |\n"
        "| --- | --- |\n"
        "| Exceeds | Well beyond the level \\| always |\n"
        "\n"
        '<div class="note" title="not prose">Text inside a <b>div</b>.<p>Its second paragraph</p></div>\n'
        "\n"
        "![a diagram of the scale](images/scale.png) Caption after the image.\n"
    )
    assert markdown(tmp_path, body) == [
        ("What we evaluate", 4, 4),
        ("First item of the list", 6, 3),
        ("Second item, with the link text and", 7, 3),
        ("Quoted advice for managers, see.", 9, 3),
        ("Rating", 11, 3),
        ("Meaning", 11, 12),
        ("Exceeds", 13, 3),
        ("Well beyond the level \\| always", 13, 13),
        ("Text inside a div.", 15, 37),
        ("Its second paragraph", 15, 65),
        ("a diagram of the scale Caption after the image.", 17, 3),
    ]


def test_hidden_html_and_jinja_comments_keep_their_lines(tmp_path):
    body = "Visible text.\n<!--\nHow to write this narrative:\nwrite it first for the engineer.\n-->\n{# a Jinja note #}\n"
    sentences = read(tmp_path, "---\nid: policy\n---\n" + body, "policy/policy.md")
    assert sorted((s.text, s.line, s.column, s.where) for s in sentences) == [
        ("How to write this narrative: write it first for the engineer.", 6, 1, prose.HTML_COMMENT),
        ("Visible text.", 4, 1, prose.VISIBLE),
        ("a Jinja note", 9, 4, prose.JINJA_COMMENT),
    ]


def test_a_link_definition_is_hidden_text_as_a_comment_is(tmp_path):
    body = "[//]: # (Only one in ten engineers may be rated Exceeds.)\n\nText [with a link][ref].\n\n[ref]: https://example.org/a\n"
    sentences = read(tmp_path, "---\nid: policy\n---\n" + body, "policy/policy.md")
    assert [(s.text, s.line, s.column, s.where) for s in sentences] == [
        ("Text with a link.", 6, 1, prose.VISIBLE),
        ("[//]: # (Only one in ten engineers may be rated Exceeds.)", 4, 1, prose.LINK_DEFINITION),
        ("[ref]:", 8, 1, prose.LINK_DEFINITION),
    ]


def test_an_admonition_body_is_prose_although_indented_like_code(tmp_path):
    body = '!!! note "Calibration"\n\n    Managers compare evidence, never people.\n'
    assert markdown(tmp_path, body)[-1] == ("Managers compare evidence, never people.", 6, 5)


def test_text_nested_deeper_than_the_parser_goes_is_still_read(tmp_path):
    body = ">" * 60 + " Only one in ten may be rated Exceeds.\n"
    assert markdown(tmp_path, body) == [("Only one in ten may be rated Exceeds.", 4, 62)]


# End to end: a finding points at the sentence's line --------------------------------------------------------


def test_a_quota_in_a_note_above_the_rubric_header_comment_fails_at_its_line(repo, check):
    repo.write("rubrics/rubric.yaml", "# calibration note: no more than one in ten may be rated at the top of the scale\n" + repo.read("rubrics/rubric.yaml"))

    [finding] = check().findings

    assert (finding["rule"], finding["path"], finding["line"], finding["column"]) == ("quota", "rubrics/rubric.yaml", 1, 3)
    assert "hidden in a YAML comment" in finding["message"]


def test_a_quota_after_code_is_found_at_its_line_and_the_code_is_not_read(repo, check):
    text = repo.read("policy/policy.md")
    addition = "\n```text\nonly 10% of engineers may be rated Exceeds\n```\n\n" + RUN_ON
    repo.write("policy/policy.md", text + addition)
    quota_line = text.count("\n") + addition.count("\n")  # the run-on's last line, where "because" starts

    [finding] = check().findings

    assert (finding["rule"], finding["path"], finding["line"], finding["column"]) == ("quota", "policy/policy.md", quota_line, 12)
    assert "because our org may only give 10% of people Exceeds" in finding["message"]


# A body of paragraphs, headings and bullet items is read without the parser, with the same result -----------

SIMPLE_LINES = (
    "",
    "",
    "# A heading",
    "##",
    "### A heading with `code` in it",
    "#hashtag is no heading.",
    "####### seven marks are text.",
    "- An item of a list. It has two sentences.",
    "* Another item with a [link](https://example.org/a \"title\") in it",
    "+   An item indented further",
    "  - A nested item, e.g. this one",
    "  A continuation line with <b>a tag</b> and <!-- a comment --> in it.",
    "   Three spaces, then text about No. 5 and the U.S. office.",
    " One space, then https://example.org/a-page and more words",
    "Plain text of a paragraph that goes on",
    "with a lazy line, then a ``code span with ` inside`` here.",
    "**Bold** opens this line; _emphasis_ follows.",
    "\\# An escaped mark, and a backslash \\ alone.",
    "{{ engineer }} did the work {% if x %}well{% endif %}.",
)


def test_the_line_by_line_reading_of_a_simple_body_matches_the_parser():
    from random import Random

    from openrubric import markdown_prose

    def sentences(body: str, *, always_parse: bool) -> list[tuple[str, int, int, str]]:
        pieces = markdown_prose.pieces(body, always_parse=always_parse)
        kinds = {None: prose.VISIBLE, markdown_prose.HTML: prose.HTML_COMMENT, markdown_prose.JINJA: prose.JINJA_COMMENT}
        return [
            (s.text, s.line, s.column, s.where)
            for p in pieces
            for s in prose._split(p.text, p.line + 1, p.column, kinds[p.comment], masked=p.masked)
        ]

    random = Random(20260701)
    for _ in range(400):
        body = "\n".join(random.choice(SIMPLE_LINES) for _ in range(random.randint(1, 14))) + "\n"
        assert markdown_prose._BEYOND_SIMPLE.search("\n" + body) is None, body
        assert sentences(body, always_parse=False) == sentences(body, always_parse=True), body


def test_the_quick_test_of_a_full_stop_agrees_with_the_word_before_it():
    from random import Random

    random = Random(20261207)
    words = ["e.g.", "etc.", "No.", "no.", "U.S.", "J.", "approx.", "Mrs.", "al.", "last.", "cost.", "it.", "a.", "B.",
             "Kelvin\u212a.", "na\u00efve.", "x", "The", "5", "(see", "vs.", "Fig.", "fast.", "\u00c9t\u00e9."]  # fmt: skip
    for _ in range(5000):
        block = " ".join(random.choice(words) for _ in range(random.randint(1, 8)))
        for match in prose._SENTENCE_END.finditer(block):
            if block[match.start()] == ".":
                assert prose._full_stop_ends_sentence(block, match) == prose._word_before_ends_sentence(block, match), block


# A body the parser reads is parsed section by section, with the result of one parse ---------------------------

SECTION_LINES = (
    "",
    "  ",
    "# A heading",
    "Plain text of a paragraph, e.g. this one.",
    "**Bold:** a label, then text.",
    "_Emphasis_ at the start.",
    "___",
    "- An item of a list.",
    "1. An ordered item.",
    "    Indented: code, or an item's continuation.",
    "> A quote.",
    "| a | b |",
    "| --- | --- |",
    "| cell one | cell two |",
    "|:--|",
    "| one cell |",
    "<!-- a comment that closes -->",
    "<!--",
    "-->",
    "text with --> inside",
    "<div>",
    "</div>",
    "<pre>",
    "```",
    "~~~",
    "!!! note",
    "[a link]: https://example.org/a",
    "Heading underlined",
    "===",
    "Text with a [link](https://example.org/) and `code`.",
)


def test_a_body_parsed_in_sections_reads_as_one_parse_of_it(monkeypatch):
    from random import Random

    from openrubric import markdown_prose

    cut = markdown_prose._sections

    def sentences(pieces: list[markdown_prose.Piece]) -> list[tuple[str, int, int, str]]:
        return [(s.text, s.line, s.column, s.where) for p in pieces for s in prose._split(p.text, p.line + 1, p.column, str(p.comment), masked=p.masked)]

    def read(body: str, *, whole: bool, always_parse: bool = True) -> list[markdown_prose.Piece]:
        monkeypatch.setattr(markdown_prose, "_sections", (lambda body: [(0, 0)]) if whole else cut)
        return list(markdown_prose.pieces(body, always_parse=always_parse))

    bodies = [path.read_text(encoding="utf-8") for path in sorted(Path(__file__).parent.parent.glob("**/*.md")) if ".venv" not in path.parts]
    random = Random(20261204)
    bodies += ["\n".join(random.choice(SECTION_LINES) for _ in range(random.randint(1, 30))) + "\n" for _ in range(600)]
    for body in bodies:
        assert read(body, whole=False) == read(body, whole=True), body
        # A section of paragraphs, headings and bullet items alone is read line by line, to the same sentences.
        assert sentences(read(body, whole=False, always_parse=False)) == sentences(read(body, whole=True)), body


TABLE_LINES = (
    "| a | b |",
    "|a|b|",
    "| --- | --- |",
    "|:---|---:|",
    "| :-: | - |",
    "| --- |",
    "--- | ---",
    "| cell one | cell two |",
    "| one cell |",
    "| three | cells | here |",
    "| an escaped \\| pipe | two |",
    "| `code | span` | two |",
    "| Zo\u00eb | \u00a0nbsp\u00a0 |",
    "|  | empty |",
    "|",
    "  | indented | row |",
    "| a | b |   ",
    "| a | b |\t",
    "| a [link](https://example.org/) | <!-- note --> b |",
    "| Grace | Grace |",
    "not a row",
    "- an item",
    "",
    "   ",
)
COMMENT_LINES = ("<!--", "<!-- a note -->", "<!-->", "a note with no end", "-->", "--> and text after", "text --> inside", "", "  ", "# a heading")


def test_a_lone_table_or_comment_is_read_as_the_parser_reads_it():
    from random import Random

    from openrubric import markdown_prose

    random = Random(20261205)
    read_alone = 0
    for _ in range(3000):
        if random.random() < 0.6:  # a header, often a delimiter row, then lines of any kind
            rows = [random.choice(TABLE_LINES[:2]), random.choice(TABLE_LINES[2:4] if random.random() < 0.8 else TABLE_LINES)]
            source = "\n".join(rows + [random.choice(TABLE_LINES) for _ in range(random.randint(0, 5))])
        else:
            source = "\n".join([random.choice(COMMENT_LINES[:3])] + [random.choice(COMMENT_LINES) for _ in range(random.randint(0, 5))])
        lines = markdown_prose._Lines(source)
        alone = markdown_prose._lone_table(source, lines) or markdown_prose._lone_comment(source, lines)
        read_alone += alone is not None
        assert markdown_prose._section(source, False) == markdown_prose._section(source, True), source
    assert read_alone > 500  # the cases read without the parser are many, not a few


# No input makes the reading slow: every scan is one pass, however the markup is left unclosed ----------------

ADVERSARIAL_BODIES = {
    "unclosed HTML comments": "Text " + "<!--" * 50_000,
    "unclosed Jinja comments": "Text " + "{#" * 50_000,
    "backtick runs of every length": " ".join("`" * length for length in range(1, 600)),
    "unclosed processing instructions": "Text " + "<?" * 50_000,
    "one line of many sentences": "A short sentence here. " * 10_000,
    "many comments in a paragraph": "Text <!-- a note --> more. " * 5_000,
    "a long run-on of clauses": "word " * 70 + "because a b c " * 10_000 + ".",
    "a long run-on around a long URL": "word " * 70 + "https://example.org/" + "a" * 200_000 + " and I rated them - so it goes",
    "an HTML block of unclosed comments": "<!--\n" * 50_000,
    "admonitions nested deeply": "".join(" " * (4 * depth) + "!!! note\n\n" for depth in range(120)) + " " * 480 + "Deep text.\n",
}


@pytest.mark.parametrize("body", ADVERSARIAL_BODIES.values(), ids=ADVERSARIAL_BODIES.keys())
def test_adversarial_markdown_is_read_in_linear_time(tmp_path, body):
    start = time.perf_counter()
    sentences = read(tmp_path, "---\nid: policy\n---\n" + body + "\n", "policy/policy.md")
    assert sentences
    assert time.perf_counter() - start < 5  # one pass takes well under a second; a quadratic scan, minutes
