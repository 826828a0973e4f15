"""Fuzz every openrubric command, in process, over mutated copies of this repository's content.

    python bench/fuzz.py --repos 10000 --seed 1            # the full run (one worker per CPU)
    python bench/fuzz.py --seed 1 --case 1234 --keep       # replay one case and keep its repository

Each worker copies the content (policy, rubrics, the packaged schemas, narrative templates and examples, the site) into a
temporary git repository with two commits, so that ``diff`` and ``check --base`` have history. For each
case ("mutated repository") it applies one to three random mutations (bench/fuzz_mutations.py), runs every
command through ``openrubric.cli.main`` and then puts the touched files back from memory, which costs far
less than copying a repository per case. One case in five commits its mutations first, so that the broken
content is also read from git history. ``site build`` is slow and runs on one case in ``--site-every``
(default 50).

What counts as a failure:
- crash: an exception that escaped a command's own handling: it reached the last-resort net in ``cli.main``
  (exit 3), became an ``internal-error`` finding, escaped ``main`` itself, or a traceback was printed;
- hang: a command still running after ``--timeout`` seconds (SIGALRM), or stuck in C code so long that
  its worker had to be killed;
- invalid output: an exit status outside {0, 1, 2}; JSON that does not parse or holds NaN or Infinity;
  SARIF that does not validate against the official SARIF 2.1.0 schema.

Each failing case is written to ``bench/out/seed-S/`` (the first three per distinct failure) with its
mutations, command, output and traceback; ``--case`` replays it. The exit status is 1 when anything failed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path

import fuzz_mutations
from fuzz_mutations import Workspace, mutate, remove

from openrubric.packaged import PACKAGE, SCHEMA_FOLDER

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = ("policy", "rubrics", "narratives/templates", "narratives/examples", "site")
SARIF_SCHEMAS = (PROJECT.parent / "shared/vendor/sarif-schema-2.1.0.json",)  # read from there: the project keeps no copy
OUT = PROJECT / "bench" / "out"
EXIT_STATUSES = {0, 1, 2}
SITE_FILES = ("mkdocs.yml", "site/index.md", "site/faq.md")
GIT = ["git", "-c", "user.name=Fuzz", "-c", "user.email=fuzz@example.org", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false"]


@dataclass(frozen=True)
class Options:
    seed: int
    site_every: int = 50
    timeout: float = 20.0
    # After a hang, the case's later commands get this long: they usually hang on the same thing (a FIFO).
    timeout_after_hang: float = 3.0
    site_timeout: float = 60.0
    commit_share: float = 0.2
    skip: tuple[str, ...] = ()  # mutation kinds left out (see fuzz_mutations.MUTATIONS)
    verify_every: int = 25  # check with git that the repository was put back, every this many cases


@dataclass(frozen=True)
class Command:
    argv: tuple[str, ...]
    output: str | None = None  # "json" or "sarif": how stdout must parse
    report: bool = False  # stdout must hold a report whenever the exit status is 0 or 1
    timeout: float = 20.0

    @property
    def name(self) -> str:
        """The command without its arguments' values, for counting: "check --format json PATH"."""
        words = list(self.argv[:2]) if self.argv[0] in ("narrative", "site") else [self.argv[0]]
        if "--base" in self.argv:
            words.append("--base")
        if "--format" in self.argv:
            words += ["--format", self.argv[self.argv.index("--format") + 1]]
        if self.argv[0] in ("check", "narrative") and self.argv[1] != "new" and not self.argv[-1].startswith("-") and self.argv[-2] != "--format":
            words.append("PATH")
        if self.argv[0] == "diff":
            revisions = [word for word in self.argv[1:] if not word.startswith("-") and word not in ("json", "text", "markdown")]
            words.append(" ".join(revisions) or "(default base)")
        return " ".join(words)


@dataclass
class Failure:
    category: str  # crash | hang | invalid
    signature: str  # what makes two failures the same failure
    command: tuple[str, ...]
    detail: str  # traceback or reason
    output: str = ""


@dataclass
class CaseResult:
    index: int
    seconds: float
    mutations: list[str]
    commands: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    harness_problems: list[str] = field(default_factory=list)


class Hang(BaseException):
    """Raised by SIGALRM in a command that ran too long; a BaseException so that no `except Exception` stops it."""


# ----- the repository every case starts from -------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True).stdout


def make_repository(root: Path) -> None:
    """This project's content in a git repository whose first commit is an older version of it."""
    for folder in CONTENT:
        shutil.copytree(PROJECT / folder, root / folder)
    # The packaged schemas kept as the repository's own, as an organisation that changes them does, so that
    # mutated schemas are fuzzed too.
    shutil.copytree(PACKAGE / SCHEMA_FOLDER, root / "schemas")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    (root / ".gitignore").write_text("narratives/drafts/\nbuild/\n")
    git(root, "init", "-q", "-b", "main")
    current = {path: (root / path).read_text() for path in ("rubrics/rubric.yaml", "policy/guardrails.yaml")}
    (root / "rubrics/rubric.yaml").write_text(current["rubrics/rubric.yaml"].replace("version: 1.0.0", "version: 0.9.0", 1))
    (root / "policy/guardrails.yaml").write_text(current["policy/guardrails.yaml"].replace("minimum_items: 2", "minimum_items: 1", 1))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "an older version")
    for path, text in current.items():
        (root / path).write_text(text)
    git(root, "commit", "-qam", "the current version")


def content_files(root: Path) -> list[str]:
    found = [path.relative_to(root).as_posix() for folder in (*CONTENT, "schemas") for path in sorted((root / folder).rglob("*")) if path.is_file()]
    return [path for path in found if not path.startswith("site/")]


# ----- one worker: a repository, and the commands run in it ---------------------------------------------------


class Worker:
    def __init__(self, options: Options, folder: Path) -> None:
        from openrubric import check, crash, narrative_commands
        from openrubric.rules import schema

        self.options = options
        self.root, self.outside, self.scratch = folder / "repo", folder / "outside", folder / "scratch"
        for path in (self.root, self.outside, self.scratch):
            path.mkdir(parents=True)
        make_repository(self.root)
        self.head = git(self.root, "rev-parse", "HEAD").strip()
        self.files = content_files(self.root)
        every = [path.relative_to(self.root).as_posix() for path in self.root.rglob("*") if ".git" not in path.parts and path.is_file()]
        self.originals = {path: (self.root / path).read_bytes() for path in every}
        self.sarif = _sarif_validator()
        self.cases = 0
        # Every call of crash.location is an exception openrubric caught only at its last resort: record it.
        self.caught: list[BaseException] = []
        locate = crash.location

        def recording_location(error: BaseException):  # type: ignore[no-untyped-def]
            self.caught.append(error)
            return locate(error)

        crash.location = recording_location
        # The same check run by several commands of one case is computed once: the repository has not changed.
        self.reports: dict[object, object] = {}
        run_check = check.run_check

        def remembered_check(repository, targets, **options):  # type: ignore[no-untyped-def]
            key = (None if targets is None else tuple(targets), repr(sorted(options.items())))
            if key not in self.reports:
                self.reports[key] = run_check(repository, targets, **options)
            return self.reports[key]

        check.run_check = narrative_commands.run_check = remembered_check
        # Checking a schema against its metaschema is a third of a whole-repository check, and most cases leave
        # the schemas alone: the findings depend only on the file's path and text, so keep them.
        schema_findings: dict[tuple[str, str | None], list[object]] = {}
        check_schema_file = schema.check_schema_file

        def remembered_schema_check(document):  # type: ignore[no-untyped-def]
            key = (document.path, document.text)
            if key not in schema_findings:
                schema_findings[key] = check_schema_file(document)
            return list(schema_findings[key])

        schema.check_schema_file = remembered_schema_check
        signal.signal(signal.SIGALRM, _alarm)
        os.chdir(self.root)

    def run_case(self, index: int, report_start=lambda command: None) -> CaseResult:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        rng, workspace, site, mutations = self.mutate(index)
        result = CaseResult(index, 0.0, mutations)
        committed = rng.random() < self.options.commit_share
        if committed:
            # git refuses to add a FIFO; --ignore-errors adds the rest, though it still exits 1.
            subprocess.run([*GIT, "add", "-A", "--ignore-errors"], cwd=self.root, capture_output=True)
            git(self.root, "commit", "-q", "--allow-empty", "--no-verify", "-m", "mutated")
            if rng.random() < 0.5:  # the broken content only in history: the working tree is the clean one
                self._restore(workspace.touched)
                result.mutations.append("(committed, then the working tree restored: HEAD is the mutated one)")
            else:
                result.mutations.append("(committed: HEAD and the working tree are mutated)")
        self.reports.clear()
        for command in self._plan(rng, workspace, site=site, committed=committed):
            if any(failure.category == "hang" for failure in result.failures):
                command = dataclasses.replace(command, timeout=min(command.timeout, self.options.timeout_after_hang))
            report_start(command)
            result.commands[command.name] += 1
            failure = self._run(command)
            if failure is not None:
                result.failures.append(failure)
            if command.argv[:2] == ("narrative", "new"):
                self.reports.clear()  # a draft was written: later checks must see it
        self._reset(workspace.touched, committed=committed, result=result)
        result.seconds = time.perf_counter() - started
        return result

    def mutate(self, index: int) -> tuple[random.Random, Workspace, bool, list[str]]:
        """Apply case ``index``'s mutations; its random generator (for what follows), workspace, whether it
        builds the site, and what was done."""
        rng = random.Random(f"{self.options.seed}-{index}")
        site = self.options.site_every > 0 and index % self.options.site_every == 0
        workspace = Workspace(self.root, self.outside, rng, frozenset(self.options.skip))
        kinds = [kind for kind in fuzz_mutations.MUTATIONS if kind not in self.options.skip]
        return rng, workspace, site, mutate(workspace, self.files + (list(SITE_FILES) if site else []), kinds=kinds)

    def _plan(self, rng: random.Random, workspace: Workspace, *, site: bool, committed: bool) -> list[Command]:
        timeout = self.options.timeout
        touched = [path for path in workspace.touched if (self.root / path).is_file()]
        targets = touched or [rng.choice(self.files)]
        narratives = ["narratives/examples/review-avery-okafor.md", *[path for path in touched if path.startswith("narratives/") and path.endswith(".md")]]
        scored = rng.choice([*narratives, *targets, "policy/policy.md", "rubrics/rubric.yaml", "site/index.md"])
        formats = ("text", "json", "sarif", "github")
        commands = [Command(("check", "--format", output), output if output in ("json", "sarif") else None, True, timeout) for output in formats]
        commands += [
            Command(("check", "--format", "json", *targets), "json", True, timeout),
            Command(("check", "--format", "sarif", *targets), "sarif", True, timeout),
            Command(("check", "--format", "json", rng.choice(workspace.touched or targets)), "json", False, timeout),
            Command(("narrative", "check", "--format", rng.choice(["json", "sarif"]), *sorted(set(narratives))), None, False, timeout),
            Command(("narrative", "score", "--format", "json", scored), "json", False, timeout),
            Command(("narrative", "score", scored), None, False, timeout),
            Command(("diff", "--format", "json"), "json", True, timeout),
            Command(("diff", "HEAD~1", "--format", rng.choice(["text", "markdown", "json"])), None, False, timeout),
            Command(("check", "--base", "HEAD~1", "--format", "json"), "json", False, timeout),
        ]
        if committed:
            commands += [
                Command(("diff", "HEAD~1", "HEAD", "--format", "json"), "json", True, timeout),
                Command(("diff", "HEAD", "--format", "markdown"), None, False, timeout),
                Command(("check", "--base", "HEAD", "--format", "sarif"), "sarif", False, timeout),
            ]
        commands.append(Command(self._draft_request(rng), None, False, timeout))
        if site:
            out = str(self.scratch / "site") if rng.random() < 0.8 else None
            commands.append(Command(("site", "build", *(("--out", out) if out else ())), None, False, self.options.site_timeout))
        return commands

    def _draft_request(self, rng: random.Random) -> tuple[str, ...]:
        odd = "odd-drafts" not in self.options.skip
        names = ["Ann Lee", "Zoë Ñúñez-Ørsted", "李小龍", "Зоя Ёлкина", "محمد علي"]
        engineer = rng.choice(names + (["x" * 300, "../../escape", "", "a/b", "..", "\u202eevil", "two\nlines"] if odd else []))
        level = rng.choice(["L4", "L3", "L5", "L99", "", "l4", "L4\n"])
        period = rng.choice(["2026-H2", "2026-Q3", "2026-H2", "2026-H3", "26-H2", "2026-H2/../../x"])
        template = rng.choice(["review", "promotion", "review", "nope", "../policy"])
        argv = ["narrative", "new", "--engineer", engineer, "--level", level, "--period", period, "--template", template]
        if rng.random() < 0.5:
            argv.append("--force")
        outs = [None, None, None, None, "narratives/drafts/given.md", str(self.scratch / "draft.md")]
        out = rng.choice(outs + (["narratives", str(self.scratch / "no/such/folder/x.md"), "rubrics/rubric.yaml/x.md"] if odd else []))
        return tuple(argv + (["--out", out] if out else []))

    def _run(self, command: Command) -> Failure | None:
        from openrubric import cli

        self.caught.clear()
        out, err = io.StringIO(), io.StringIO()
        status: object = None
        escaped: BaseException | None = None
        _ALARM.fired = False
        signal.setitimer(signal.ITIMER_REAL, command.timeout)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = cli.main(list(command.argv))
        except SystemExit as stopped:  # argparse refusing the arguments
            status = stopped.code if isinstance(stopped.code, int) else 2
        except BaseException as error:  # noqa: BLE001 - a Hang, or anything main let through
            escaped = error
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if status == 130 and not _ALARM.fired:
            raise KeyboardInterrupt  # Ctrl-C on the fuzzer itself: main turned it into exit 130
        return _judge(command, status, escaped, self.caught, out.getvalue(), err.getvalue(), self.sarif)

    def _restore(self, touched: list[str]) -> None:
        # Folders first: a file restored inside a folder that is still a link or a file would land elsewhere.
        for prefix in sorted(touched, key=lambda path: path.count("/")):
            remove(self.root / prefix)
            for path, data in self.originals.items():
                if path == prefix or path.startswith(prefix + "/"):
                    self._folder_for(path)
                    (self.root / path).write_bytes(data)

    def _folder_for(self, path: str) -> None:
        """Make every folder above ``path`` a real folder again, whatever a mutation left there."""
        folder = self.root
        for part in Path(path).parts[:-1]:
            folder = folder / part
            if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
                folder.unlink()
            folder.mkdir(exist_ok=True)

    def _reset(self, touched: list[str], *, committed: bool, result: CaseResult) -> None:
        """Put the repository back as the case found it."""
        self.cases += 1
        for generated in ("narratives/drafts", "build"):
            remove(self.root / generated)
        for folder in (self.outside, self.scratch):
            shutil.rmtree(folder)
            folder.mkdir()
        if committed:
            git(self.root, "reset", "-q", "--hard", self.head)
            git(self.root, "clean", "-qfdx")
        self._restore(touched)
        if self.cases % self.options.verify_every == 0 or committed:
            dirty = git(self.root, "status", "--porcelain", "--ignored", "--untracked-files=all")
            if dirty or git(self.root, "rev-parse", "HEAD").strip() != self.head:
                # Also how a command that deleted or wrote content files would show: the case says which.
                result.harness_problems.append(f"the repository was not as the case found it after the case:\n{dirty}")
                git(self.root, "reset", "-q", "--hard", self.head)
                git(self.root, "clean", "-qfdx")


class _Alarm:
    fired = False


_ALARM = _Alarm()


def _alarm(signum: int, frame: object) -> None:
    _ALARM.fired = True
    raise Hang


def _sarif_validator():  # type: ignore[no-untyped-def]
    from jsonschema.validators import validator_for

    path = next((path for path in SARIF_SCHEMAS if path.is_file()), None)
    if path is None:
        return None
    schema = json.loads(path.read_text(encoding="utf-8"))
    return validator_for(schema)(schema)


# ----- judging one command -------------------------------------------------------------------------------------


def _judge(command: Command, status: object, escaped: BaseException | None, caught: list[BaseException], out: str, err: str, sarif) -> Failure | None:  # type: ignore[no-untyped-def]
    output = f"exit status: {status}\n--- stdout (last 2,000 characters)\n{out[-2000:]}\n--- stderr (last 4,000 characters)\n{err[-4000:]}"
    if isinstance(escaped, Hang) or _ALARM.fired:
        where = _where(escaped) if escaped is not None else "a handler swallowed the alarm"
        return Failure("hang", f"hang in {command.name.split(' --')[0]} at {where}", command.argv, _traceback(escaped), output)
    if escaped is not None:
        return Failure("crash", f"{type(escaped).__name__} escaped main at {_where(escaped)}", command.argv, _traceback(escaped), output)
    if caught:
        how = "reached the last-resort net" if status == 3 else "became an internal-error finding"
        return Failure("crash", f"{type(caught[0]).__name__} {how} at {_where(caught[0])}", command.argv, _traceback(caught[0]), output)
    if "Traceback (most recent call last)" in err or "Traceback (most recent call last)" in out:
        return Failure("crash", f"a traceback was printed by {command.name}", command.argv, err[-6000:], output)
    if status not in EXIT_STATUSES:
        return Failure("invalid", f"exit status {status} from {command.name}", command.argv, "", output)
    problem = _invalid_output(command, status, out, sarif)
    if problem:
        return Failure("invalid", f"{problem} from {command.name.split(' --')[0]}", command.argv, problem, output)
    return None


def _invalid_output(command: Command, status: object, out: str, sarif) -> str | None:  # type: ignore[no-untyped-def]
    if command.output is None or not (out.strip() or (command.report and status in (0, 1))):
        return None
    try:
        document = json.loads(out, parse_constant=_refuse_constant)
    except ValueError as error:
        return f"{command.output} output that does not parse ({str(error)[:80]})"
    if command.output == "sarif" and sarif is not None:
        error = next(iter(sarif.iter_errors(document)), None)
        if error is not None:
            return f"SARIF that does not validate ({error.message[:80]} at {'/'.join(map(str, error.absolute_path))})"
    return None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _where(error: BaseException) -> str:
    """The innermost frame in openrubric (else the innermost frame) of ``error``: file and function."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "/openrubric/" in frame.filename and not frame.filename.endswith("/openrubric/cli.py")]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "an unknown place"
    filename = frame.filename.split("/tooling/", 1)[-1] if "/tooling/" in frame.filename else Path(frame.filename).name
    innermost = frames[-1]
    deeper = f" (in {Path(innermost.filename).name}:{innermost.name})" if innermost is not frame else ""
    return f"{filename}:{frame.name}{deeper}"


def _traceback(error: BaseException | None) -> str:
    return "".join(traceback.format_exception(error)) if error is not None else ""


# ----- running many cases in worker processes, with a watchdog -------------------------------------------------


def _serve(connection: Connection, options: Options, folder: Path) -> None:
    """A worker process: build the repository, then run the cases it is sent until it is sent None."""
    worker = Worker(options, folder)
    connection.send(("ready", None))
    while (index := connection.recv()) is not None:
        try:
            result = worker.run_case(index, report_start=lambda command: connection.send(("start", command)))
        except Exception:  # noqa: BLE001 - a bug in the fuzzer itself: say so, start the repository afresh
            result = CaseResult(index, 0.0, [], harness_problems=[f"the fuzzer failed:\n{traceback.format_exc()}"])
            git(worker.root, "reset", "-q", "--hard", worker.head)
            git(worker.root, "clean", "-qfdx")
        connection.send(("done", result))


@dataclass
class _Process:
    number: int
    folder: Path
    process: object
    connection: Connection
    case: int | None = None
    command: Command | None = None
    deadline: float = 0.0


class Summary:
    def __init__(self, options: Options, repos: int) -> None:
        self.options, self.repos = options, repos
        self.commands: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.by_signature: dict[str, list[tuple[int, Failure, list[str]]]] = {}
        self.signature_counts: Counter[str] = Counter()
        self.harness_problems: list[tuple[int, str]] = []
        self.cases_done = 0
        self.case_seconds = 0.0
        self.seconds = 0.0

    def add(self, result: CaseResult) -> None:
        self.cases_done += 1
        self.case_seconds += result.seconds
        self.commands.update(result.commands)
        self.harness_problems += [(result.index, problem) for problem in result.harness_problems]
        for failure in result.failures:
            self.failures[failure.category] += 1
            self.signature_counts[(failure.category, failure.signature)] += 1  # type: ignore[index]
            kept = self.by_signature.setdefault(failure.signature, [])
            if len(kept) < 3:
                kept.append((result.index, failure, result.mutations))

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    def text(self) -> str:
        per_repo = self.case_seconds / max(self.cases_done, 1)
        lines = [
            f"openrubric fuzz: {self.cases_done:,} mutated repositories, seed {self.options.seed}, {self.seconds:,.0f} s "
            f"({per_repo:.3f} s a repository in one worker); site build on 1 repository in {self.options.site_every}",
            f"commands run: {sum(self.commands.values()):,}",
            *[f"  {count:>7,}  {name}" for name, count in sorted(self.commands.items())],
            f"crashes: {self.failures['crash']}   hangs: {self.failures['hang']}   invalid outputs: {self.failures['invalid']}",
        ]
        for (category, signature), count in self.signature_counts.most_common():  # type: ignore[misc]
            first = self.by_signature[signature][0][0]
            lines.append(f"  {category:<7} {count:>5}  {signature}  (first: case {first})")
        if self.harness_problems:
            lines.append(f"cases after which the repository had to be reset: {len(self.harness_problems)} (first: case {self.harness_problems[0][0]})")
        return "\n".join(lines)

    def write(self, folder: Path) -> None:
        """The summary and up to three cases per distinct failure, each with how to replay it."""
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / "summary.txt").write_text(self.text() + "\n", encoding="utf-8")
        for number, (signature, kept) in enumerate(self.by_signature.items(), start=1):
            for index, failure, mutations in kept:
                replay = f"python bench/fuzz.py --seed {self.options.seed} --case {index} --keep"
                body = [
                    f"{failure.category}: {signature}",
                    f"case {index} of seed {self.options.seed}; replay: {replay}",
                    "mutations:", *[f"  {mutation}" for mutation in mutations],
                    f"command: openrubric {' '.join(_quoted(word) for word in failure.command)}",
                    "", failure.detail, failure.output,
                ]
                (folder / f"{failure.category}-{number:03d}-case-{index}.txt").write_text("\n".join(body), encoding="utf-8", errors="replace")
        for index, problem in self.harness_problems[:20]:
            (folder / f"reset-case-{index}.txt").write_text(problem, encoding="utf-8", errors="replace")


def _quoted(word: str) -> str:
    return json.dumps(word, ensure_ascii=False) if not word or any(c in word for c in " \n\t'\"\\$") else word


def run(repos: int, options: Options, *, jobs: int = 1, progress: bool = False) -> Summary:
    """Fuzz ``repos`` cases over ``jobs`` worker processes and return what was found."""
    import openrubric.cli  # noqa: F401 - imported before forking, so that every worker shares it
    from openrubric import cache, check, crash, narrative_commands  # noqa: F401

    started = time.perf_counter()
    summary = Summary(options, repos)
    context = get_context("fork")
    base = Path(tempfile.mkdtemp(prefix="openrubric-fuzz-"))
    # Each case's compiled rules are kept as a pre-commit run keeps them, but in the run's own folder.
    os.environ[cache.FOLDER_VARIABLE] = str(base / "cache")
    cases = iter(range(repos))
    processes: list[_Process] = []
    spawned = 0

    def spawn() -> _Process:
        nonlocal spawned
        spawned += 1
        folder = base / f"worker-{spawned}"
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, options, folder), daemon=True)
        process.start()
        child.close()
        kind, _ = parent.recv()
        assert kind == "ready"
        return _Process(spawned, folder, process, parent)

    def assign(worker: _Process) -> bool:
        index = next(cases, None)
        worker.case, worker.command = index, None
        worker.deadline = time.monotonic() + 120  # until its first command starts: mutating and committing
        if index is None:
            worker.connection.send(None)
            return False
        worker.connection.send(index)
        return True

    try:
        for _ in range(jobs):
            processes.append(spawn())
        busy = [worker for worker in processes if assign(worker)]
        while busy:
            ready = wait([worker.connection for worker in busy], timeout=1.0)
            for worker in [worker for worker in busy if worker.connection in ready]:
                try:
                    kind, payload = worker.connection.recv()
                except EOFError:  # the worker died (out of memory?): count its case as a crash, carry on
                    _lost(summary, worker, "crash", "the worker process died")
                    busy.remove(worker)
                    replacement = spawn()
                    if assign(replacement):
                        busy.append(replacement)
                    continue
                if kind == "start":
                    worker.command = payload
                    # SIGALRM stops a command after its timeout; past this, it is stuck in C code: kill it.
                    worker.deadline = time.monotonic() + payload.timeout + 20
                    continue
                summary.add(payload)
                for failure in payload.failures if progress else ():  # shown at once: a long run may be cut short
                    print(f"  {failure.category} in case {payload.index}: {failure.signature}", file=sys.stderr, flush=True)
                if progress and summary.cases_done % 250 == 0:
                    rate = summary.cases_done / (time.perf_counter() - started)
                    print(f"  {summary.cases_done:,}/{repos:,} repositories, {rate:.1f}/s, failures so far: {summary.failed}", file=sys.stderr, flush=True)
                if not assign(worker):
                    busy.remove(worker)
            for worker in [worker for worker in busy if time.monotonic() > worker.deadline]:
                worker.process.kill()  # type: ignore[attr-defined]
                _lost(summary, worker, "hang", "killed: the command did not return to Python within its timeout + 20 s")
                busy.remove(worker)
                replacement = spawn()
                if assign(replacement):
                    busy.append(replacement)
    finally:
        for worker in processes:
            worker.process.join(timeout=5)  # type: ignore[attr-defined]
            if worker.process.is_alive():  # type: ignore[attr-defined]
                worker.process.kill()  # type: ignore[attr-defined]
        shutil.rmtree(base, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _lost(summary: Summary, worker: _Process, category: str, why: str) -> None:
    command = worker.command or Command(("(between commands)",))
    failure = Failure(category, f"{category} in {command.name.split(' --')[0]}: {why.split(':')[0]}", command.argv, why)
    summary.add(CaseResult(worker.case or 0, 0.0, ["(replay the case to see its mutations)"], failures=[failure]))


# ----- the command line ----------------------------------------------------------------------------------------


def replay(index: int, options: Options, *, keep: bool) -> int:
    """Run one case in this process and show every command's outcome."""
    from openrubric import cache

    folder = Path(tempfile.mkdtemp(prefix="openrubric-fuzz-case-"))
    os.environ[cache.FOLDER_VARIABLE] = str(folder / "cache")
    worker = Worker(options, folder)
    result = worker.run_case(index, report_start=lambda command: print(f"$ openrubric {' '.join(_quoted(w) for w in command.argv)}", file=sys.stderr))
    print("mutations:", *result.mutations, sep="\n  ")
    for failure in result.failures:
        print(f"\n{failure.category}: {failure.signature}\ncommand: {failure.command}\n{failure.detail}\n{failure.output}")
    print(f"\n{len(result.failures)} failure(s) in case {index}")
    if keep:
        # The case's mutations, again, without the commands: the repository as the commands saw it.
        shutil.rmtree(folder)
        Worker(options, folder).mutate(index)
        print(f"kept: {folder / 'repo'}")
    else:
        os.chdir(PROJECT)
        shutil.rmtree(folder)
    return 1 if result.failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=1000, help="mutated repositories to try (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="worker processes (default: one per CPU)")
    parser.add_argument("--site-every", type=int, default=50, metavar="N", help="run `site build` on one repository in N (0: never)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds a command may take (site build: 60); 3 after a hang in the same case")
    parser.add_argument("--skip", default="", help=f"comma-separated mutation kinds or features to leave out: {', '.join([*fuzz_mutations.MUTATIONS, *fuzz_mutations.FEATURES])}")
    parser.add_argument("--case", type=int, help="replay this one case in this process, showing each command")
    parser.add_argument("--keep", action="store_true", help="with --case: keep the mutated repository and print where it is")
    parser.add_argument("--out", type=Path, default=OUT, help="where failing cases are written (default bench/out)")
    args = parser.parse_args(argv)
    options = Options(seed=args.seed, site_every=args.site_every, timeout=args.timeout, skip=tuple(filter(None, args.skip.split(","))))
    if args.case is not None:
        return replay(args.case, options, keep=args.keep)
    summary = run(args.repos, options, jobs=args.jobs, progress=True)
    print(summary.text())
    summary.write(args.out / f"seed-{args.seed}")
    print(f"failing cases and the summary: {args.out / f'seed-{args.seed}'}")
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
