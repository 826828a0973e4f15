"""Benchmark ``openrubric check`` on a synthetic org-scale policy repository, against fair peers.

What it measures, on one generated repository and in one run (so the figures share a machine state), as
wall time and as CPU time (user + system, of this process or of the child processes; a busy machine
disturbs it far less than wall time):

a. ``openrubric check --root DIR`` as a subprocess: the whole repository, every check; as
   users run it (one process per CPU for large repositories) and with ``--jobs 1``.
b. ``check-jsonschema`` as a subprocess on the same narratives' front matter, written out as standalone
   ``.yaml`` files (byte for byte the front matter), against the packaged ``narrative.schema.json``; and the
   same plus the three top-level YAML files against their schemas (one invocation per schema).
c. In process, without interpreter start-up: the floor, PyYAML's ``CSafeLoader`` over the front-matter
   ``.yaml`` files and over the ``.md`` files' front matter after splitting it off; and openrubric's
   ``run_check`` over the whole repository, each run without the texts an earlier run kept.
d. The pre-commit path: ``openrubric check rubrics/rubric.yaml`` from the repository root, next to a bare
   ``python -c pass`` on the same interpreter; once as every run after the first meets it (the compiled rules
   kept by an earlier run, in the benchmark's own cache folder) and once with nothing kept
   (``OPENRUBRIC_NO_CACHE=1``), as the first run after the rule file changed meets it.

Why the peers are fair. check-jsonschema is the tool a team would otherwise wire into CI for the same
job: it reads the same YAML and validates it against the same schemas with the same jsonschema library.
It does less than openrubric (no cross-file rules, no Markdown, no templates, no metaschema check of the
schemas), so matching it is a demanding target, not a flattering one. It runs in one process, so the
``--jobs 1`` row is the like-for-like comparison on a machine with several CPUs. The CSafeLoader loop is the floor
any Python tool that reads these files must pay; openrubric additionally checks schemas and references,
so a small multiple of the floor is the aim. ``python -c pass`` is the start-up no Python CLI can avoid.

The generated narratives are valid (the benchmark aborts otherwise): a clean repository is the common
case, and the one a pre-commit hook or CI job meets on almost every run. Generation is seeded and
deterministic. The files are in the page cache when they are measured (they were just written).

Run: ``python bench/check_benchmark.py [--narratives 5000] [--repeat 3] [--keep DIR] [--markdown]``;
``--profile`` instead prints a cProfile of one in-process openrubric run (top 25 by cumulative time);
``--memory`` the peak resident memory of one process checking the whole repository in one job.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.metadata
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple

import yaml

from openrubric.packaged import PACKAGE, SCHEMA_FOLDER

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTENT = ("policy", "rubrics", "narratives/templates")
FRONT_MATTER_DIR = "frontmatter"  # sibling of narratives/: openrubric does not read it
TOP_LEVEL = {"rubrics/rubric.yaml": "rubric", "rubrics/metrics.yaml": "metrics", "policy/guardrails.yaml": "guardrails"}
PRE_COMMIT_RUNS = 11
SEED = 20260701

PERIODS = ("2025-H1", "2025-H2", "2026-H1", "2026-H2")
TEAMS = (
    "payments", "checkout", "identity", "search", "ranking", "notifications", "billing", "ledger", "fraud",
    "mobile-ios", "mobile-android", "web-platform", "design-systems", "data-platform", "streaming", "warehouse",
    "ml-infra", "feature-store", "observability", "sre-core", "networking", "storage", "compute", "ci-cd",
    "developer-experience", "security-engineering", "privacy", "growth", "onboarding", "messaging", "maps",
    "pricing", "catalog", "inventory", "fulfilment", "support-tools", "internal-apps", "api-gateway",
    "edge", "localisation",
)
FIRST = (
    "Ada", "Amara", "Bilal", "Camille", "Chen", "Dalia", "Dmitri", "Elif", "Emeka", "Fatima", "Felix", "Grace",
    "Hana", "Hugo", "Ines", "Ishaan", "Jae", "Joana", "Kai", "Kofi", "Lars", "Leila", "Mateo", "Mei", "Nadia",
    "Noah", "Olu", "Oskar", "Priya", "Quinn", "Rafael", "Rin", "Sami", "Sofia", "Tariq", "Tomas", "Uma",
    "Valentina", "Wei", "Yara",
)
LAST = (
    "Abara", "Bergstrom", "Castillo", "Dubois", "Eriksen", "Fernandes", "Gupta", "Haddad", "Ibrahim", "Jensen",
    "Kowalski", "Lindqvist", "Mensah", "Nakamura", "Okafor", "Petrov", "Quispe", "Rahman", "Santos", "Tanaka",
    "Usman", "Varga", "Watanabe", "Xu", "Yilmaz", "Zhang", "Achebe", "Brennan", "Costa", "Delgado", "Novak",
    "Moreau", "Ortiz", "Park", "Rossi", "Silva", "Takahashi", "Weber", "Young", "Ziegler",
)
SERVICES = (
    "checkout-api", "ledger-writer", "search-indexer", "auth-gateway", "push-dispatcher", "billing-worker",
    "feature-store", "ranking-service", "order-router", "media-transcoder", "rate-limiter", "session-store",
)
REPOS = ("monorepo", "platform", "checkout", "ledger", "search", "mobile", "infra", "web", "data-pipelines")
SLUGS = (
    "connection-pool-sizing", "retry-budget", "cache-warmup", "schema-migration", "canary-analysis",
    "queue-backpressure", "idempotent-writes", "feature-flag-cleanup", "index-rebuild", "tls-rotation",
    "read-replica-failover", "batch-to-stream", "cold-start", "dead-letter-queue", "partition-rebalancing",
)
PROJECTS = ("PAY", "CHK", "IDN", "SRCH", "OBS", "DATA", "MOB", "WEB", "SEC", "INFRA")
RATING_WEIGHTS = {"below": 5, "approaching": 15, "meets": 60, "exceeds": 20}
SECTIONS = (
    "What problem did {name} solve?",
    "What changed because of the work?",
    "What evidence supports this?",
    "What evidence shows growth or risk?",
    "Operational multiplier",
    "Development plan",
)
SENTENCES = (
    "Deploys of {service} were failing about {n} times a month, and each failure held up {m} other teams.",
    "{name} traced the failures to {slug} and proposed a fix in a short design doc that the team accepted.",
    "After the change, p95 latency for {service} dropped from {m}0 ms to {n}0 ms and has stayed there.",
    "The error budget for {service} went from exhausted in week {n} to {m} percent remaining at period end.",
    "{name} wrote the runbook for {slug}, and on-call engineers have used it in {n} incidents since.",
    "Two new engineers on the {team} team shipped their first change within {n} days using the guide {name} wrote.",
    "{name} led the review of the {slug} postmortem and closed {n} of its {m} action items.",
    "The migration plan for {slug} moved {m} services without a customer-visible incident.",
    "Review turnaround on the {team} team fell from {m} hours to {n} hours after {name} reorganised the rota.",
    "Next period {name} will lead the design for {slug}, with a check-in every {n} weeks.",
    "A risk is that {slug} depends on {name} alone; pairing with a second engineer is planned for next period.",
    "{name} can now run an incident response end to end, which was a goal at the start of the period.",
    "The dashboard {name} built for {service} is used by {m} teams to decide when to roll back a deploy.",
    "Peer feedback from the {team} team names the {slug} handover as the reason their launch stayed on schedule.",
)
SUMMARIES = (
    "Cut p95 latency of {service} from {m}0 ms to {n}0 ms by resizing the connection pool.",
    "Introduced {slug} for {service}, ending a class of paging incidents.",
    "Led the response to a {service} outage and closed {n} follow-up actions.",
    "Review caught a data-loss bug in the {slug} change before release.",
    "Design for {slug} adopted by {m} teams with the alternatives recorded.",
    "Runbook for {slug} used in {n} incidents since it was written.",
    "Mentored a new engineer through the {slug} rollout to a solo on-call shift.",
    "Migration of {m} services to {slug} finished without customer impact.",
    "Added a release gate for {service} that has blocked {n} bad deploys.",
    "Brought the {slug} decision across {n} teams to a recorded outcome.",
)
COMMENTS = (
    "Consistent across the period and in line with the level's expectation.",
    "Above the expectation in the second half, after the {slug} work landed.",
    "Some gaps early in the period, discussed at the time and closing by the end.",
)


@dataclass(frozen=True)
class Policy:
    """The ids a valid narrative must use, read from the real rubric and guardrails."""

    levels: dict[str, list[str]]  # level id -> the categories it weighs
    minimum_items: int
    by_rating: dict[str, int]
    kinds: list[str]


class Timing(NamedTuple):
    wall: float
    cpu: float  # user + system seconds of the process (or of the child processes) doing the work


@dataclass
class Measurement:
    label: str
    runs: list[Timing]

    @property
    def median(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def cpu_median(self) -> float:
        return statistics.median(run.cpu for run in self.runs)


# --- generation ---------------------------------------------------------------------------------------


def read_policy(root: Path) -> Policy:
    rubric = yaml.load((root / "rubrics/rubric.yaml").read_text(), Loader=yaml.CSafeLoader)
    guardrails = yaml.load((root / "policy/guardrails.yaml").read_text(), Loader=yaml.CSafeLoader)
    evidence = guardrails["evidence"]
    levels = {level["id"]: list(level["weights"]) for level in rubric["levels"]}
    return Policy(levels, evidence["minimum_items"], evidence.get("by_rating", {}), evidence["accepted"])


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is unambiguous, double-quoted otherwise."""
    plain = re.fullmatch(r"[A-Za-z][^\n]*[^\s:]", text) and ": " not in text and " #" not in text
    return text if plain and text.lower() not in ("true", "false", "null") else json.dumps(text)


def fill(rng: random.Random, pattern: str, **names: str) -> str:
    values = {"service": rng.choice(SERVICES), "slug": rng.choice(SLUGS), "n": str(rng.randint(2, 9))}
    return pattern.format(**values, m=str(rng.randint(10, 60)), **names)


def evidence_ref(rng: random.Random) -> tuple[str, str | None]:
    """A reference a reader could open, and its kind when it has an obvious one."""
    slug, repo, number = rng.choice(SLUGS), rng.choice(REPOS), rng.randint(100, 48000)
    choices = (
        (f"https://github.com/acme-corp/{repo}/pull/{number}", "pull request"),
        (f"https://github.com/acme-corp/{repo}/pull/{number}#pullrequestreview-{number * 37}", "code review"),
        (f"{rng.choice(PROJECTS)}-{rng.randint(10, 9999)}", None),
        (f"docs/design/{slug}.md", "design doc"),
        (f"docs/adr/{SLUGS.index(slug) + 1:04d}-{slug}.md", "decision record"),
        (f"https://wiki.acme.internal/postmortems/pm-{number}-{slug}", "postmortem with action items"),
        (f"https://grafana.acme.internal/d/{number:x}/{slug}?orgId=1", "SLO dashboard"),
        (f"runbooks/{rng.choice(SERVICES)}/{slug}.md", "runbook"),
        (f"https://feedback.acme.internal/reviews/{number}", "peer feedback"),
    )
    return rng.choice(choices)


def rating_yaml(rng: random.Random, policy: Policy, category: str, name: str) -> list[str]:
    rating = rng.choices(list(RATING_WEIGHTS), weights=list(RATING_WEIGHTS.values()))[0]
    needed = max(2, policy.by_rating.get(rating, policy.minimum_items))
    lines = [f"  {category}:", f"    rating: {rating}", "    evidence:"]
    for _ in range(rng.randint(needed, max(needed, 4))):
        ref, kind = evidence_ref(rng)
        lines += [f"      - ref: {scalar(ref)}", f"        summary: {scalar(fill(rng, rng.choice(SUMMARIES), name=name))}"]
        if kind is not None and kind in policy.kinds:
            lines.append(f"        kind: {scalar(kind)}")
    if rng.random() < 0.3:
        lines.append(f"    comment: {scalar(fill(rng, rng.choice(COMMENTS)))}")
    return lines


def front_matter(rng: random.Random, policy: Policy, engineer: str, period: str, manager: str, level: str) -> str:
    first = engineer.split()[0]
    lines = [f"engineer: {scalar(engineer)}", f"level: {level}", f"period: {period}", f"manager: {scalar(manager)}"]
    lines += ["template: review", "ratings:"]
    for category in policy.levels[level]:
        lines += rating_yaml(rng, policy, category, first)
    return "\n".join(lines) + "\n"


def body(rng: random.Random, engineer: str, period: str, team: str) -> str:
    first = engineer.split()[0]
    parts = [f"# {engineer}: review for {period}\n"]
    for heading in SECTIONS:
        sentences = [fill(rng, s, name=first, team=team) for s in rng.sample(SENTENCES, rng.randint(2, 4))]
        parts.append(f"## {heading.format(name=first)}\n\n{' '.join(sentences)}\n")
    return "\n".join(parts)


def people(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct full names."""
    pairs = [f"{first} {last}" for first in FIRST for last in LAST]
    rng.shuffle(pairs)
    return [pairs[i % len(pairs)] + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "") for i in range(count)]


def drafted_body(root: Path, rng: random.Random, engineer: str, level: str, period: str, team: str, manager: str) -> str:
    """The body `openrubric narrative new` drafts from the review template, each TODO answered with distinct
    sentences: template text repeats across narratives, the answers do not."""
    from openrubric.narratives import Request, draft
    from openrubric.repository import Repository

    text = draft(Repository(root), Request(engineer, level, period, manager, "review"))
    body = text.split("\n---\n", 1)[1]
    first = engineer.split()[0]

    def answer() -> str:
        return " ".join(fill(rng, sentence, name=first, team=team) for sentence in rng.sample(SENTENCES, rng.randint(2, 4)))

    return "\n".join(answer() if line.startswith("_TODO") else line for line in body.splitlines() if "<!-- TODO" not in line) + "\n"


def generate(root: Path, count: int, *, drafted: bool = False) -> None:
    """Copy the real content into ``root`` and add ``count`` valid narratives and their front matter; with
    ``drafted``, their bodies are drafted from the review template as `narrative new` does."""
    for folder in CONTENT:
        shutil.copytree(REPO_ROOT / folder, root / folder)
    policy = read_policy(root)
    rng = random.Random(SEED)
    engineers = people(rng, -(-count // len(PERIODS)))
    teams = {engineer: rng.choice(TEAMS) for engineer in engineers}
    managers = dict(zip(TEAMS, people(random.Random(SEED + 1), len(TEAMS)), strict=True))
    written = 0
    for period in PERIODS:
        for engineer in engineers:
            if written == count:
                break
            team = teams[engineer]
            write_narrative(root, rng, policy, engineer, period, team, managers[team], drafted=drafted)
            written += 1
    write_referenced_documents(root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("narratives/drafts/\n", encoding="utf-8")  # as the starter has it


def write_referenced_documents(root: Path) -> None:
    """The repository paths that evidence refers to: openrubric reports a path that does not exist."""
    paths = [f"docs/design/{slug}.md" for slug in SLUGS]
    paths += [f"docs/adr/{index + 1:04d}-{slug}.md" for index, slug in enumerate(SLUGS)]
    paths += [f"runbooks/{service}/{slug}.md" for service in SERVICES for slug in SLUGS]
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(f"# {Path(path).stem}\n", encoding="utf-8")


def write_narrative(root: Path, rng: random.Random, policy: Policy, engineer: str, period: str, team: str, manager: str, *, drafted: bool) -> None:
    name = re.sub(r"[^a-z0-9]+", "-", engineer.lower()).strip("-")
    level = rng.choice(list(policy.levels))
    matter = front_matter(rng, policy, engineer, period, manager, level)
    prose = drafted_body(root, rng, engineer, level, period, team, manager) if drafted else body(rng, engineer, period, team)
    markdown = root / "narratives" / period / team / f"{name}.md"
    standalone = root / FRONT_MATTER_DIR / period / team / f"{name}.yaml"
    for file, text in ((markdown, f"---\n{matter}---\n{prose}"), (standalone, matter)):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")


# --- the measured work ----------------------------------------------------------------------------------


def tool(name: str) -> str:
    """The console script ``name`` installed next to this interpreter (else on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        sys.exit(f"{name} is not installed")
    return found


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False, env=env)


def checked_run(argv: list[str], cwd: Path, expect: str = "", env: dict[str, str] | None = None) -> Timing:
    """Wall and CPU time of one run of ``argv``; aborts if it fails or its output lacks ``expect``."""
    before, start = children_cpu(), time.perf_counter()
    result = run(argv, cwd, env)
    elapsed, cpu = time.perf_counter() - start, children_cpu() - before
    if result.returncode != 0 or expect not in result.stdout:
        sys.exit(f"{' '.join(argv[:4])} ... failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return Timing(elapsed, cpu)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(work: Callable[[], object]) -> Timing:
    """Wall and CPU time of ``work`` in this process, not charged for the garbage earlier measurements left."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return Timing(time.perf_counter() - start, time.process_time() - cpu)


def total(timings: list[Timing]) -> Timing:
    return Timing(sum(t.wall for t in timings), sum(t.cpu for t in timings))


def jsonschema_argv(root: Path, schema: str, files: list[str]) -> list[str]:
    schemafile = PACKAGE / SCHEMA_FOLDER / f"{schema}.schema.json"  # the schemas openrubric ships and applies
    return [tool("check-jsonschema"), "--schemafile", str(schemafile), "--base-uri", schemafile.as_uri(), *files]


def front_matter_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / FRONT_MATTER_DIR).rglob("*.yaml"))


def narrative_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "narratives").rglob("*.md") if "templates" not in p.relative_to(root).parts)


def floor_yaml(files: list[Path]) -> None:
    for file in files:
        yaml.load(file.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def floor_markdown(files: list[Path]) -> None:
    for file in files:
        text = file.read_bytes().decode("utf-8")
        end = text.index("\n---\n", 3)
        yaml.load(text[4 : end + 1], Loader=yaml.CSafeLoader)


def openrubric_in_process(root: Path) -> object:
    from openrubric.check import run_check
    from openrubric.repository import Repository

    forget_kept_texts()  # each run starts as cold as a new process does
    report = run_check(Repository(root), None)
    if report.findings:
        sys.exit(f"in-process openrubric reported {len(report.findings)} findings")
    return report


def forget_kept_texts() -> None:
    """Empty what openrubric keeps by text (Markdown sections, split sentences, compiled rules: versions that keep
    them), which a new process starts without."""
    from openrubric import markdown_prose, prose
    from openrubric.rules import guardrails

    for kept in (getattr(markdown_prose, "_section", None), getattr(prose, "_placed_sentences", None), getattr(prose, "_run_sentences", None)):
        if kept is not None:
            kept.cache_clear()
    getattr(guardrails, "_READINGS", {}).clear()  # the compiled rules and their verdicts, kept by the rule file's text


def peak_memory(root: Path) -> float:
    """Peak resident memory (MB) of one process that checks the whole repository in one job."""
    script = (
        "import resource, sys; from pathlib import Path; from openrubric.check import run_check; "
        "from openrubric.repository import Repository; run_check(Repository(Path(sys.argv[1])), None); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    result = run([sys.executable, "-c", script, str(root)], root)
    if result.returncode != 0:
        sys.exit(f"the memory measurement failed:\n{result.stderr[-3000:]}")
    return int(result.stdout.split()[-1]) / 1024  # Linux reports kilobytes


def verify_clean(root: Path) -> None:
    """Abort with the findings unless openrubric reports none: the benchmark measures clean content."""
    result = run([tool("openrubric"), "check", "--root", str(root), "--format", "json"], root)
    report = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    if result.returncode != 0 or report is None or report["findings"]:
        sys.exit(f"the generated repository is not clean:\n{result.stdout[:20000]}{result.stderr[-3000:]}")
    print(f"verified: openrubric checks {report['files_checked']} files with no findings", file=sys.stderr)


def round_robin(work: dict[str, Callable[[], Timing]], repeat: int) -> list[Measurement]:
    """Run every piece of work ``repeat`` times, interleaved so drift affects all of them alike."""
    measurements = {label: Measurement(label, []) for label in work}
    for _ in range(repeat):
        for label, measure in work.items():
            measurements[label].runs.append(measure())
    return list(measurements.values())


def measure(root: Path, repeat: int) -> list[Measurement]:
    return round_robin(whole_repository(root), repeat) + round_robin(pre_commit(root), PRE_COMMIT_RUNS)


def whole_repository(root: Path) -> dict[str, Callable[[], Timing]]:
    """Each whole-repository measurement, by label: a call that runs it once and returns its seconds."""
    yaml_files, md_paths = front_matter_files(root), narrative_files(root)
    yaml_paths = [root / f for f in yaml_files]
    cli = [tool("openrubric"), "check", "--root", str(root)]
    # Versions without --jobs always run in one process.
    jobs_1 = ["--jobs", "1"] if "--jobs" in run([tool("openrubric"), "check", "--help"], root).stdout else []
    return {
        "a. openrubric check --root (CLI, whole repo)": lambda: checked_run(cli, root, "no problems"),
        "a1. the same with --jobs 1 (one process, as check-jsonschema)": lambda: checked_run([*cli, *jobs_1], root, "no problems"),
        "b. check-jsonschema, narrative front matter (CLI)": lambda: checked_run(jsonschema_argv(root, "narrative", yaml_files), root, "ok"),
        "b'. the same + rubric, metrics, guardrails (4 CLIs)": lambda: check_jsonschema_all(root, yaml_files),
        "c1. floor: CSafeLoader over the .yaml front matter": lambda: timed(lambda: floor_yaml(yaml_paths)),
        "c2. floor: CSafeLoader over the .md front matter (read + split)": lambda: timed(lambda: floor_markdown(md_paths)),
        "c3. openrubric run_check in process (whole repo)": lambda: timed(lambda: openrubric_in_process(root)),
    }


def check_jsonschema_all(root: Path, yaml_files: list[str]) -> Timing:
    """The narratives plus each top-level YAML file against its own schema: one invocation per schema."""
    narratives = checked_run(jsonschema_argv(root, "narrative", yaml_files), root, "ok")
    return total([narratives, *(checked_run(jsonschema_argv(root, schema, [path]), root, "ok") for path, schema in TOP_LEVEL.items())])


def pre_commit(root: Path) -> dict[str, Callable[[], Timing]]:
    """What a pre-commit hook pays on a commit touching one file, and the interpreter start-up under it."""
    return {
        "d1. pre-commit: openrubric check rubrics/rubric.yaml (CLI)": lambda: checked_run(
            [tool("openrubric"), "check", "rubrics/rubric.yaml"], root, "no problems"
        ),
        "d2. python -c pass (bare start-up)": lambda: checked_run([sys.executable, "-c", "pass"], root),
        "d3. the same as d1 with nothing kept from an earlier run": lambda: checked_run(
            [tool("openrubric"), "check", "rubrics/rubric.yaml"], root, "no problems", env={**os.environ, "OPENRUBRIC_NO_CACHE": "1"}
        ),
    }


# --- reporting ------------------------------------------------------------------------------------------


def machine() -> str:
    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "absent"

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    names = ("openrubric", "jsonschema", "PyYAML", "ruamel.yaml", "check-jsonschema")
    versions = ", ".join(f"{name} {version(name)}" for name in names)
    libyaml = "with libyaml" if yaml.__with_libyaml__ else "WITHOUT libyaml"
    system = f"{platform.system()} {platform.machine()}, nproc {cpus}, Python {platform.python_version()}"
    return f"{system}; {versions} ({libyaml}); {source()}"


def source() -> str:
    """Where the measured openrubric was imported from, and its commit when that is a git checkout."""
    import openrubric

    folder = Path(openrubric.__file__).resolve().parent
    head = run(["git", "rev-parse", "--short", "HEAD"], folder)
    if head.returncode != 0:
        return f"openrubric from {folder} (not a git checkout)"
    dirty = run(["git", "status", "--porcelain", "--", "."], folder).stdout.strip()
    return f"openrubric from {folder} at {head.stdout.strip()}{' with uncommitted changes' if dirty else ''}"


def ratios(measurements: list[Measurement]) -> list[tuple[str, str, str, bool | None]]:
    """Each ratio with its value, its target and whether the target is met (None: context only). Issue 13's
    targets are on CPU time, which a busy machine disturbs far less than wall time."""
    def get(prefix: str) -> Measurement:
        return next(m for m in measurements if m.label.startswith(prefix + "."))

    cli, serial, peer = get("a"), get("a1"), get("b")
    inproc, floor, floor_md = get("c3"), get("c1"), get("c2")
    precommit, bare, cold = get("d1"), get("d2"), get("d3")

    def ratio(name: str, top: Measurement, bottom: Measurement, limit: float | None, *, cpu: bool = False) -> tuple[str, str, str, bool | None]:
        value = top.cpu_median / bottom.cpu_median if cpu else top.median / bottom.median
        return (name, f"{value:.2f}", "(context)" if limit is None else f"<= {limit}", None if limit is None else value <= limit)

    return [
        ratio("openrubric CLI / check-jsonschema CLI, wall (a / b)", cli, peer, 1.0),
        ratio("openrubric in one process / check-jsonschema, CPU (a1 / b)", serial, peer, 0.5, cpu=True),
        ratio("the same, wall (a1 / b)", serial, peer, 1.0),
        ratio("openrubric in process / CSafeLoader floor, CPU (c3 / c1)", inproc, floor, 8, cpu=True),
        ratio("the same, wall (c3 / c1)", inproc, floor, 8),
        ratio("openrubric in process / CSafeLoader floor over the .md, CPU (c3 / c2)", inproc, floor_md, None, cpu=True),
        ("pre-commit path, wall (d1)", f"{precommit.median:.3f} s", "< 0.3 s", precommit.median < 0.3),
        ("pre-commit path, CPU (d1)", f"{precommit.cpu_median:.3f} s", "(context)", None),
        ("pre-commit path with nothing kept, CPU (d3)", f"{cold.cpu_median:.3f} s", "(context)", None),
        ratio("pre-commit path / bare start-up, wall (d1 / d2)", precommit, bare, None),
    ]


def render(measurements: list[Measurement], sizes: str, markdown: bool) -> str:
    rows = [(m.label, f"{m.median:.3f}", f"{m.cpu_median:.3f}", " ".join(f"{run.wall:.3f}" for run in m.runs)) for m in measurements]
    verdicts = {True: "yes", False: "no", None: "-"}
    checks = [(name, value, target, verdicts[met]) for name, value, target, met in ratios(measurements)]
    return "\n\n".join([sizes, table(("Measurement", "Median wall (s)", "Median CPU (s)", "Runs, wall (s)"), rows, markdown),
                        table(("Ratio", "Value", "Target", "Met"), checks, markdown)])


def table(header: tuple[str, ...], rows: list[tuple[str, ...]], markdown: bool) -> str:
    if markdown:
        lines = [header, tuple("---" for _ in header), *rows]
        return "\n".join("| " + " | ".join(row) + " |" for row in lines)
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in (header, *rows))


def sizes_line(root: Path) -> str:
    md, fm = narrative_files(root), [root / f for f in front_matter_files(root)]
    md_bytes, fm_bytes = sum(p.stat().st_size for p in md), sum(p.stat().st_size for p in fm)
    return f"{len(md):,} narratives: {md_bytes / 1e6:.1f} MB of Markdown, of which {fm_bytes / 1e6:.1f} MB front matter"


def profile(root: Path) -> None:
    openrubric_in_process(root)  # warm imports, as the timed in-process runs are
    profiler = cProfile.Profile()
    profiler.runcall(openrubric_in_process, root)
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)


# --- command line ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--narratives", type=int, default=5000, help="how many narratives to generate (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each whole-repository measurement (default 3)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR (new or empty) and keep it")
    parser.add_argument("--drafted", action="store_true", help="bodies drafted from the review template by `narrative new`, each TODO answered")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one in-process run instead")
    parser.add_argument("--memory", action="store_true", help="print the peak memory of a one-process check instead")
    return parser.parse_args(argv)


def bench(root: Path, args: argparse.Namespace) -> None:
    print(f"generating {args.narratives:,} narratives in {root}", file=sys.stderr)
    generate(root, args.narratives, drafted=args.drafted)
    verify_clean(root)
    if args.profile:
        profile(root)
        return
    if args.memory:
        print(f"{sizes_line(root)}; peak memory of a one-process check: {peak_memory(root):.0f} MB")
        return
    where = machine()  # before measuring: the state of the code that is measured
    with tempfile.TemporaryDirectory(prefix="openrubric-bench-cache-") as kept:
        os.environ["OPENRUBRIC_CACHE_DIR"] = kept  # what the runs keep for each other, never the user's own cache
        measurements = measure(root, args.repeat)
    print(f"Machine: {where}\n")
    print(render(measurements, sizes_line(root), args.markdown))


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.keep is not None:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"--keep {args.keep}: not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        bench(args.keep.resolve(), args)
        return
    with tempfile.TemporaryDirectory(prefix="openrubric-bench-") as folder:
        bench(Path(folder).resolve(), args)


if __name__ == "__main__":
    main()
