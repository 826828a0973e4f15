"""Command-line parsing only: each subcommand's work lives in its own module."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

FORMATS = ("text", "json", "github", "sarif")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="openrubric", description="Performance-review policy as code.")
    parser.add_argument("--version", action="version", version=f"openrubric {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="write a starting policy repository (never replaces a file)")
    init.add_argument("directory", nargs="?", type=Path, default=Path(), metavar="DIR", help="where to write it (default: the current directory)")

    check = commands.add_parser("check", help="validate the policy repository (or the files given) and report problems")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files to check (default: the whole repository)")
    check.add_argument("--root", type=Path, help="the policy repository (default: the git work tree around the current directory)")
    check.add_argument("--format", choices=FORMATS, default=None, help="output format (default: github inside GitHub Actions, else text)")
    check.add_argument("--jobs", type=int, default=None, metavar="N", help="processes for large repositories (default: one per CPU)")
    check.add_argument("--base", metavar="REF", help="also check version discipline against this git revision: version bump, changelog, freeze window")
    _add_configuration_flags(check)
    _add_narrative_commands(commands)
    diff = commands.add_parser("diff", help="changes in meaning between two revisions of the rubric and guardrails")
    diff.add_argument("base", nargs="?", metavar="BASE", help="a git revision (default: the merge base with the default branch)")
    diff.add_argument("head", nargs="?", metavar="HEAD", help="a git revision (default: the working tree)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument("--root", type=Path, help="the policy repository (default: the git work tree around the current directory)")
    site = commands.add_parser("site", help="build or serve the published rubric site (MkDocs, strict)")
    site_actions = site.add_subparsers(dest="action", required=True, metavar="ACTION")
    site_build = site_actions.add_parser("build", help="build the site (default: build/site)")
    site_build.add_argument("--out", type=Path, help="the folder to build into")
    site_actions.add_parser("serve", help="serve the site locally and rebuild on change")
    for action in site_actions.choices.values():
        action.add_argument("--root", type=Path, help="the policy repository (default: the git work tree around the current directory)")
    calibrate = commands.add_parser("calibrate", help="print the calibration room's packet for one cycle's narratives")
    calibrate.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="folders holding the cycle's narratives (anywhere: they are personal data)")
    calibrate.add_argument("--level", help="only this level (an id from the rubric)")
    calibrate.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    calibrate.add_argument("--root", type=Path, help="the policy repository (default: the git work tree around the current directory)")
    _add_audit_command(commands)
    commands.add_parser("rules", help="list every rule with its severity and summary")
    explain = commands.add_parser("explain", help="print a rule's documentation, or one entry of policy/guardrails.yaml")
    explain.add_argument("rule", metavar="NAME", help="a rule (`openrubric rules` lists them) or a guardrail entry id")
    explain.add_argument("--root", type=Path, help="the policy repository whose guardrail entries to show (default: the git work tree around the current directory)")
    return parser


def _add_configuration_flags(check: argparse.ArgumentParser) -> None:
    """Flags that override the configuration file's key of the same name (README: Configuration)."""
    check.add_argument("--config", type=Path, metavar="FILE", help="openrubric.toml or pyproject.toml to use (default: the nearest one, up to the git root)")
    check.add_argument("--select", metavar="RULES", help="report only these rules, comma-separated (rules that cannot be suppressed always run)")
    check.add_argument("--ignore", metavar="RULES", help="do not report these rules, comma-separated")
    fail = check.add_mutually_exclusive_group()
    fail.add_argument("--fail-on", choices=("error", "warning"), help="exit 1 when a finding at least this severe is reported (default: error)")
    fail.add_argument("--fail-on-warning", dest="fail_on", action="store_const", const="warning", help="the same as --fail-on warning")
    check.add_argument("--quiet", "-q", action="store_true", help="print the findings only, without the summary line")
    check.add_argument("--stdin-filename", metavar="PATH", help="with PATH `-`: read the content from standard input as this file")


def _add_narrative_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    narrative = commands.add_parser("narrative", help="draft, check and score review narratives")
    actions = narrative.add_subparsers(dest="action", required=True, metavar="ACTION")
    new = actions.add_parser("new", help="draft a narrative from a template, for one engineer and level")
    new.add_argument("--engineer", required=True)
    new.add_argument("--level", required=True, help="a level id from rubrics/rubric.yaml")
    new.add_argument("--period", required=True, help="a review period in the format of the rubric's `periods`")
    new.add_argument("--manager", default="", help="the manager's name")
    new.add_argument("--template", help="a template id from narratives/templates/ (default: the template for the rubric's first purpose)")
    new.add_argument("--out", type=Path, help="where to write (default: narratives/drafts/PERIOD/NAME.md)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    check = actions.add_parser("check", help="check narratives: schema, evidence, answers and guardrails")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=FORMATS, default="text")
    score = actions.add_parser("score", help="show the transparent composite of a narrative without errors")
    score.add_argument("path", metavar="PATH")
    score.add_argument("--format", choices=("text", "json"), default="text")
    for parser in (new, check, score):
        parser.add_argument("--root", type=Path, help="the policy repository (default: the git work tree around the current directory)")


def _add_audit_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = commands.add_parser("audit", help="audit one cycle's narratives for bias and drift (needs the audit extra)")
    audit.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="folders holding the cycle's narratives (kept outside the policy repository)")
    audit.add_argument("--people", type=Path, metavar="FILE", help="CSV with an `engineer` column and any attributes to compare groups by")
    audit.add_argument("--previous", type=Path, nargs="+", default=[], metavar="DIR", help="earlier cycles, one folder each, for drift")
    audit.add_argument("--format", choices=("text", "markdown", "json", "html"), default="text")
    audit.add_argument("--min-group", type=int, default=None, metavar="N", help="smallest group shown (default 5; it can only be raised)")
    audit.add_argument("--publishable", action="store_true", help="a summary that names nobody: distributions over time and drift")
    audit.add_argument("--out", type=Path, metavar="FILE", help="write the report to FILE instead of standard output")
    audit.add_argument("--force", action="store_true", help="replace the --out file when it exists")
    audit.add_argument("--root", type=Path, help="the policy repository (default: the git work tree around the current directory)")


# Exit statuses besides 0 (no errors), 1 (errors found) and 2 (usage): a bug in openrubric, and Ctrl-C as shells report it.
INTERNAL_ERROR, INTERRUPTED = 3, 130


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv``, or this process's own (the ``openrubric`` program) when it is None."""
    status = _main(argv)
    if argv is None:
        _before_exit()
    return status


def _before_exit() -> None:
    """The program ends next. Move every object into the garbage collector's permanent generation, so that exiting
    does not walk them all again: the tens of thousands a run keeps (the guardrail rules) made that walk about a
    fifth of a pre-commit run, only to free memory that the end of the process frees anyway. Exiting still runs
    what it must: files are closed where they are used, and standard output and error are flushed. Not done for
    a call with its own ``argv`` (the tests), whose process goes on."""
    import gc

    gc.freeze()


def _main(argv: list[str] | None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:  # the reader went away (`openrubric explain quota | head`): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python flushes stdout again on exit
        return 1
    except KeyboardInterrupt:
        print("\nopenrubric: interrupted", file=sys.stderr)
        return INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the last resort: a bug in openrubric must not show a traceback
        from . import crash

        print(crash.show_traceback(error) or "", end="", file=sys.stderr)
        print(crash.one_line(error), file=sys.stderr)
        return INTERNAL_ERROR


def _run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if argv is None and args.command != "site":  # one command, then the exit; the site server goes on
        from . import cache

        cache.until_exit()
    root = getattr(args, "root", None)
    if root is not None and not root.is_dir():
        return _usage_error(f"--root {root}: not a directory")
    if args.command == "check":
        return _check(args)
    if args.command == "narrative":
        return _narrative(args)
    if args.command == "init":
        from . import scaffold

        return scaffold.init(args.directory)
    if args.command == "site":
        from .repository import Repository
        from .site import commands as site_commands

        missing = site_commands.missing_site_extra()
        if missing:
            print(missing, file=sys.stderr)
            return 2
        repository = Repository.chosen(root)
        return site_commands.build(repository, args.out) if args.action == "build" else site_commands.serve(repository)
    if args.command == "calibrate":
        from . import calibration_packet
        from .repository import Repository

        return calibration_packet.main(Repository.chosen(root), args.folders, level=args.level, output_format=args.format)
    if args.command == "diff":
        from . import diff_command
        from .repository import Repository

        return diff_command.main(Repository.chosen(root), args.base, args.head, args.format)
    if args.command == "audit":
        return _audit(args)
    from . import explain

    if args.command == "rules":
        return explain.list_rules()
    if args.command == "explain":
        from .repository import Repository

        if not explain.explain(args.rule, Repository.chosen(root)):
            return _usage_error(f"no rule or guardrail entry named '{args.rule}'; `openrubric rules` and `openrubric explain quota` list them")
        return 0
    return 2


def _check(args: argparse.Namespace) -> int:
    from . import check, config
    from .registry import RULES
    from .repository import PathError, Repository

    if args.jobs is not None and args.jobs < 1:
        return _usage_error("--jobs must be at least 1")
    if (args.stdin_filename is None) != (args.paths != ["-"]):
        return _usage_error("read standard input with both --stdin-filename PATH and the path `-`")
    try:
        overrides = {"select": args.select, "ignore": args.ignore, "fail-on": args.fail_on}
        start = args.root if args.root is not None else Path.cwd()
        settings = config.for_run(explicit=args.config, start=start, overrides=overrides, rules=RULES)
    except config.ConfigError as error:
        print(f"{error}\nopenrubric: error: the configuration above cannot be used", file=sys.stderr)
        return 2
    except ValueError as error:
        return _usage_error(str(error))
    root = args.root if args.root is not None else settings.root
    if root is not None and not root.is_dir():
        return _usage_error(f"root {root} (from {settings.source}): not a directory")
    paths = [] if args.stdin_filename is not None else args.paths
    request = check.Request(paths, args.format or _default_format(), args.jobs or check.default_jobs(), args.base, args.stdin_filename, args.quiet)
    try:
        return check.main(Repository.chosen(root), request, settings)
    except PathError as error:
        return _usage_error(str(error))


def _narrative(args: argparse.Namespace) -> int:
    from . import narrative_commands
    from .narratives import Request
    from .repository import PathError, Repository

    repository = Repository.chosen(args.root)
    if args.action == "new":
        request = Request(args.engineer, args.level, args.period, args.manager or "TODO: manager", args.template)
        return narrative_commands.new(repository, request, args.out, args.force)
    try:
        paths = [repository.relative(path, Path.cwd()) for path in (args.paths if args.action == "check" else [args.path])]
    except PathError as error:
        return _usage_error(str(error))
    if args.action == "check":
        return narrative_commands.check(repository, paths, args.format)
    return narrative_commands.score(repository, paths[0], args.format)


def _audit(args: argparse.Namespace) -> int:
    from .audit import command
    from .audit.privacy import DEFAULT_MINIMUM
    from .repository import Repository

    minimum = DEFAULT_MINIMUM if args.min_group is None else args.min_group
    if minimum < DEFAULT_MINIMUM:
        return _usage_error(f"--min-group {minimum}: groups smaller than {DEFAULT_MINIMUM} are never shown; the minimum can only be raised")
    return command.main(
        Repository.chosen(args.root), args.folders, people_file=args.people, previous=args.previous, output_format=args.format,
        minimum=minimum, publishable=args.publishable, out=args.out, force=args.force,
    )  # fmt: skip


def _default_format() -> str:
    import os

    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _usage_error(message: str) -> int:
    print(f"openrubric: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
