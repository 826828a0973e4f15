"""Templates render under limits, and every failure is one problem at the template's own line: the same
finding in `check`, the same `path:line: message` from `narrative new` and from `site build`."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass

import pytest
from conftest import PROJECT, make_policy_repo

from openrubric import cli, narratives, templates
from openrubric.content import Content
from openrubric.repository import Repository

# The render must stop within this much CPU time, however hard the template tries; generous for CI.
RENDER_CPU_SECONDS = 2.0


@dataclass(frozen=True)
class Case:
    id: str
    body: str  # the line marked <<< is where the failure must be reported
    rule: str
    says: str  # part of the message

    @property
    def source(self) -> str:
        return self.body.replace(" <<<", "")

    @property
    def line(self) -> int:
        return next(number for number, text in enumerate(self.body.splitlines(), start=1) if text.endswith("<<<"))


CASES = [
    Case(
        "nested ranges",
        "{% for i in range(99999) %}\n{% for j in range(99999) %}{% endfor %} <<<\n{% endfor %}",
        "template-render",
        "more than 100,000 steps",
    ),
    Case("huge string", "{{ engineer }}\n\n{{ 'a' * 10**9 }} <<<", "template-render", "more than 100,000 characters"),
    Case("huge power", "{{ engineer }}\n{{ 10 ** (10 ** 10) }} <<<", "template-render", "more than 3,000 digits"),
    # Jinja's ** groups from the left: this is (((10**10)**10)**10)**10, ten thousand digits.
    Case("chained power", "{{ 10 ** 10 ** 10 ** 10 ** 10 }} <<<", "template-render", "more than 3,000 digits"),
    Case("huge int printed", "{{ engineer }}\n{{ 10 ** 4300 }} <<<", "template-render", "more than 3,000 digits"),
    Case(
        "self-recursive macro",
        "{% macro again() %}\n{{ again() }} <<<\n{% endmacro %}\n{{ again() }}",
        "template-render",
        "macros call each other more than 50 deep",
    ),
    Case(
        "doubly recursive macro",
        "{% macro twice(n) %}{% if n %}{{ twice(n - 1) }}{{ twice(n - 1) }}{% endif %}{% endmacro %} <<<\n{{ twice(40) }}",
        "template-render",
        "the template takes more than",  # 100,000 steps or 1 second, whichever a slow machine reaches first
    ),
    Case("include", "{{ engineer }}\n{% include 'other.md' %} <<<", "template-render", "{% include %} cannot load another template"),
    Case("extends", "{% extends 'base.md' %} <<<\n{{ engineer }}", "template-render", "{% extends %} cannot load another template"),
    Case("import", "{{ engineer }}\n\n{% import 'macros.md' as macros %} <<<", "template-render", "{% import %} cannot load another template"),
    Case("typo'd variable", "{{ engineer }}\n{{ enginer }} <<<", "template-variable", "unknown variable 'enginer'"),
    Case("attribute of undefined", "{{ level.id }}\n{{ level.nmae.first }} <<<", "template-render", "has no attribute 'nmae'"),
    Case("sandbox refusal", "{{ engineer }}\n{{ ''.__class__ }} <<<", "template-render", "Python internals"),
    Case("list changed in place", "{{ engineer }}\n{{ categories.append(1) }} <<<", "template-render", "Python internals"),
    Case(
        "output over the limit",
        "{{ engineer }}\n{% for i in range(40000) %}{{ 'x' * 30 }}{% endfor %} <<<",
        "template-render",
        "writes more than 1,000,000 characters",
    ),
    Case(
        "output captured by set",
        "{% set captured %}\n{% for i in range(40000) %}{{ 'x' * 30 }}{% endfor %} <<<\n{% endset %}",
        "template-render",
        "writes more than 1,000,000 characters",
    ),
    Case("join with a long separator", "{{ engineer }}\n{{ range(1000) | join('-' * 1000) }} <<<", "template-render", "100,000 characters"),
    Case("padding", "{{ engineer | center(1000000000) }} <<<", "template-render", "100,000 characters"),
    Case("format width", "{{ engineer }}\n{{ '{:>999999999}'.format(engineer) }} <<<", "template-render", "100,000 characters"),
    Case("printf width", "{{ engineer }}\n{{ '%999999999s' % engineer }} <<<", "template-render", "100,000 characters"),
    Case("rounding to a huge precision", "{{ engineer }}\n{{ 5 | round(-10000000) }} <<<", "template-render", "3,000 digits"),
    Case(
        "doubling a string",
        "{% set text = namespace(value='ab') %}\n{% for i in range(60) %}{% set text.value = text.value ~ text.value %}{% endfor %} <<<",
        "template-render",
        "100,000 characters",
    ),
    Case(
        "many large strings",
        "{% for i in range(200) %}\n{% set block = 'x' * 99999 %} <<<\n{% endfor %}",
        "template-render",
        "builds more than 10,000,000 characters",
    ),
    Case(
        "lists nested in lists",
        "{% set deep = namespace(value=[]) %}\n{% for i in range(40) %}{% set deep.value = [deep.value] %}{% endfor %} <<<",
        "template-render",
        "nested more than 16 deep",
    ),
    Case(
        "slow work on long values",
        "{% set text = 'a' * 99999 %}{% set needle = 'a' * 50 ~ 'b' %}\n{% for i in range(90000) %}{% if needle in text %}{% endif %}{% endfor %} <<<",
        "template-render",
        "more than 1 second to render",
    ),
    Case("statements nested too deep", "{{ engineer }}\n" + "{% if true %}" * 16 + "{{ 1 }}" + "{% endif %}" * 16 + " <<<", "template-render", "nested more than 16 deep"),
    Case("expression too deep to parse", "{{ engineer }}\n{{ " + "(" * 300 + "1" + ")" * 300 + " }} <<<", "template-syntax", "nested too deeply"),
    Case("a number too long to read", "{{ engineer }}\n{{ " + "9" * 5000 + " }} <<<", "template-syntax", "too many digits"),
    Case("syntax error", "{{ engineer }}\n{{ engineer ! }} <<<", "template-syntax", "unexpected char '!'"),
    Case("no such filter", "{{ engineer }}\n{{ engineer | shout }} <<<", "template-syntax", "No filter named 'shout'"),
    Case("any other exception", "{{ engineer }}\n{{ 1 / 0 }} <<<", "template-render", "ZeroDivisionError"),
]
BY_ID = {case.id: case for case in CASES}


@pytest.fixture(scope="module")
def context() -> dict:
    content = Content.load(Repository(PROJECT), [])
    rubric, guardrails = content.single("rubric"), content.single("guardrails")
    request = narratives.Request("Alex Example", "L4", "2026-H2", "Sam Example", "review")
    return narratives.template_context(rubric.data, guardrails.data, request)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_failure_is_one_problem_at_its_line_within_the_time_bound(case, context):
    start = time.process_time()
    with pytest.raises(templates.TemplateFailure) as raised:
        templates.render(case.source, context)
    spent = time.process_time() - start

    [problem] = raised.value.problems
    kind = case.rule.removeprefix("template-")
    assert (problem.kind, problem.line) == (kind, case.line), problem.message
    assert case.says in problem.message
    assert spent < RENDER_CPU_SECONDS


def test_problems_found_before_rendering_are_all_reported_in_line_order(context):
    source = "{{ employee }}\n{% include 'a.md' %}\n{{ engineer }}\n{{ directorate }}\n"

    with pytest.raises(templates.TemplateFailure) as raised:
        templates.render(source, context)

    assert [(problem.kind, problem.line) for problem in raised.value.problems] == [("variable", 1), ("render", 2), ("variable", 4)]
    assert templates.problems(source) == raised.value.problems


def test_ordinary_template_features_still_work():
    context = {
        "engineer": "Alex Example",
        "period": "2026-H2",
        "level": {"id": "L4"},
        "categories": [{"name": "Delivery", "weight": 60}, {"name": "Code quality", "weight": 40}],
        "evidence": {"minimum_items": 2, "accepted": ["pull request", "design document"]},
    }
    source = (
        "{% set total = namespace(weight=0) %}"
        "{% for category in categories %}{% set total.weight = total.weight + category.weight %}{% endfor %}"
        "{{ total.weight }} {{ categories | map(attribute='name') | join(', ') | upper }} "
        "{{ '%s at %d%%' % (level.id, 40) }} {{ '{} for {}'.format(engineer, period) }} {{ range(3) | list }} "
        "{{ evidence | tojson(indent=1) | length }} {{ 'a\\tb'.expandtabs(4) }} {{ 7 ** 2 }} {{ [1, 2] * 2 }}"
    )

    rendered = templates.render(source, context)

    assert rendered == "100 DELIVERY, CODE QUALITY L4 at 40% Alex Example for 2026-H2 [0, 1, 2] 80 a   b 49 [1, 2, 1, 2]"


@pytest.mark.parametrize("path", sorted(PROJECT.glob("narratives/templates/*.md")), ids=lambda path: path.name)
def test_the_repositorys_templates_render_for_every_level(path):
    content = Content.load(Repository(PROJECT), [])
    rubric, guardrails = content.single("rubric"), content.single("guardrails")
    template = content.documents[path.relative_to(PROJECT).as_posix()]
    for level in rubric.data["levels"]:
        request = narratives.Request("Alex Example", level["id"], "2026-H2", "Sam Example", template.data["id"])
        rendered = narratives.render(template, narratives.template_context(rubric.data, guardrails.data, request))
        assert "Alex Example" in rendered and level["id"] in rendered


# The cases run through the three commands, in a real repository.
END_TO_END = [
    "nested ranges",
    "huge string",
    "huge power",
    "huge int printed",
    "self-recursive macro",
    "include",
    "extends",
    "import",
    "typo'd variable",
    "attribute of undefined",
    "sandbox refusal",
    "output over the limit",
    "a number too long to read",
]
TEMPLATE = "narratives/templates/hostile.md"


def run(repo, capsys, monkeypatch, *args: str) -> tuple[int, str, str, float]:
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    start = time.process_time()
    status = cli.main(list(args))
    spent = time.process_time() - start
    captured = capsys.readouterr()
    return status, captured.out, captured.err, spent


@pytest.fixture(scope="module")
def site_repo(tmp_path_factory):
    """One repository, with the site's configuration, for all the cases: each writes its own template."""
    repo = make_policy_repo(tmp_path_factory.mktemp("site") / "policy-repo")
    shutil.copy(PROJECT / "mkdocs.yml", repo.path("mkdocs.yml"))
    shutil.copytree(PROJECT / "site", repo.path("site"))
    return repo


@pytest.mark.parametrize("case_id", END_TO_END)
def test_check_narrative_new_and_site_build_report_the_same_problem_at_the_same_line(site_repo, tmp_path, capsys, monkeypatch, case_id):
    case, repo = BY_ID[case_id], site_repo
    front = repo.read("narratives/templates/review.md").split("---\n")[1].replace("id: review", "id: hostile")
    head = f"---\n{front}---\n# A hostile template\n\nSome text first.\n"
    repo.write(TEMPLATE, head + case.source + "\n")
    line = head.count("\n") + case.line

    status, out, _, spent = run(repo, capsys, monkeypatch, "check", "--format", "json", TEMPLATE)
    [finding] = json.loads(out)["findings"]
    assert (status, finding["rule"], finding["path"], finding["line"]) == (1, case.rule, TEMPLATE, line)
    assert case.says in finding["message"]
    located = f"{TEMPLATE}:{line}: {finding['message']}"
    assert spent < RENDER_CPU_SECONDS + 2

    new = ("narrative", "new", "--engineer", "Alex Example", "--level", "L4", "--period", "2026-H2", "--template", "hostile")
    status, out, err, spent = run(repo, capsys, monkeypatch, *new)
    assert (status, out, err) == (1, "", located + "\n")
    assert not repo.path("narratives/drafts").exists()
    assert spent < RENDER_CPU_SECONDS + 2

    status, _, err, spent = run(repo, capsys, monkeypatch, "site", "build", "--out", str(tmp_path / "site"))
    assert status == 1
    assert located in err.splitlines()[0]
    assert "Traceback" not in err
    assert not (tmp_path / "site" / "narrative-templates").exists()
    assert spent < RENDER_CPU_SECONDS + 2
