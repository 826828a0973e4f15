"""Benchmark the ``openrubric`` MkDocs plugin and its change history, against static Markdown and ``git log -p``.

The builds run in one process, through MkDocs' Python API (``load_config`` then ``build``), strict mode:

a. The project's content and site (policy/, rubrics/, narratives/templates/, site/, mkdocs.yml)
   in a temporary git repository, built with the plugin. The plugin's whole cost is in it, including the
   history page and its feed, which read the git history; ``--commits N`` adds N content commits of the
   kinds a policy repository sees (``diff_benchmark.content_history``) so that they have real work.
b. The same pages pre-rendered: ``site_pages`` is called once up front (not timed), every page is written
   into a copy of the docs dir, and the build uses the same mkdocs.yml without the plugin.
c. The history alone, in process: the replay, the page's Markdown and the Atom feed.
d. The peer a reader would otherwise use: ``git log -p`` over the content's paths, as a subprocess.

a and b must build without errors and produce the same HTML pages. The runs alternate (a, b, c, d, a, ...)
after one warm-up each, so they share machine noise; the median of each is kept. Targets: a / b <= 1.2 for
the plugin's cost, and a / d and c / d as low as they go: d only prints what git stored, a and c read it.

    python bench/site_benchmark.py [--repeat 5] [--commits 0] [--markdown] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import yaml
from check_benchmark import table  # the scripts sit side by side in bench/
from diff_benchmark import PATHS, content_history
from mkdocs.commands.build import build
from mkdocs.config import load_config

from openrubric import yaml12
from openrubric.repository import Repository
from openrubric.site.build import navigation, site_pages
from openrubric.site.feed import atom_feed
from openrubric.site.history import read_history
from openrubric.site.history_page import feed_entries, history_page

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = ("policy", "rubrics", "narratives/templates", "site")
TARGET = 1.2


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args], cwd=root, check=True, capture_output=True)


def make_repository(root: Path, commits: int) -> None:
    """The project's content in a fresh git repository, plus ``commits`` content commits."""
    for folder in CONTENT:
        shutil.copytree(PROJECT / folder, root / folder)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    content_history(root, commits)


def history_alone(root: Path) -> None:
    """The history's replay, page and feed, as the plugin makes them."""
    changelog = yaml12.load((root / "rubrics/changelog.yaml").read_text(encoding="utf-8"))
    history = read_history(Repository(root))
    history_page(history, changelog=changelog, today="2026-12-01")  # type: ignore[arg-type]
    entries = feed_entries(history, changelog=changelog)  # type: ignore[arg-type]
    atom_feed(entries, title="Bench", page_url="./", feed_url="feed.xml", identity="bench", fallback=datetime.datetime.now(datetime.UTC))


def git_log_p(root: Path) -> None:
    """``git log -p`` over the content's paths, its output read and dropped."""
    subprocess.run(["git", "log", "-p", "--", *PATHS], cwd=root, check=True, stdout=subprocess.DEVNULL)


def timed(run: Callable[[], None]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``run``, the CPU of the processes it waited for (git) included. On a
    shared machine the CPU time is the steadier figure: waiting for a CPU counts in the wall-clock time only."""
    gc.collect()  # not charged for the garbage of the previous run
    children = _children_cpu()
    start, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - start, time.process_time() - cpu + _children_cpu() - children


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def make_static(root: Path, static: Path) -> None:
    """``static``: the docs dir with every generated page written in, and mkdocs.yml without the plugin
    but with the navigation the plugin would have set, so both builds lay out the same site."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    docs_dir = re.search(r"^docs_dir:\s*(\S+)", config, flags=re.M).group(1)
    # The plugin entry with its indented options, if any.
    without, removed = re.subn(r"^  - openrubric:?\n(?:      .*\n)*", "", config, flags=re.M)
    if removed != 1:
        sys.exit("mkdocs.yml: expected exactly one `openrubric` plugin entry")
    shutil.copytree(root / docs_dir, static / docs_dir)
    site = site_pages(Repository(root))
    pages = site.pages
    for uri, markdown in {**pages, **site.files}.items():  # the history's feed too, which its page links to
        (static / docs_dir / uri).parent.mkdir(parents=True, exist_ok=True)
        (static / docs_dir / uri).write_text(markdown, encoding="utf-8")
    written = sorted(path.relative_to(root / docs_dir).as_posix() for path in (root / docs_dir).rglob("*.md"))
    nav = yaml.safe_dump({"nav": navigation(pages, written)}, sort_keys=False)
    (static / "mkdocs.yml").write_text(without + nav, encoding="utf-8")


def build_site(config_file: Path, site_dir: Path) -> None:
    """One strict build, configuration loading included (as ``mkdocs build`` pays it)."""
    build(load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True))  # raises on any warning


def html_pages(site_dir: Path) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each build (default 5)")
    parser.add_argument("--commits", type=int, default=0, help="content commits after the first (default 0)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one plugin build instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="openrubric-site-bench-") as folder:
        tmp = Path(folder)
        repo, static, out = tmp / "repo", tmp / "static", tmp / "out"
        repo.mkdir()
        static.mkdir()
        make_repository(repo, args.commits)
        make_static(repo, static)
        builds = {
            "a. with the openrubric plugin": lambda: build_site(repo / "mkdocs.yml", out / "a"),
            "b. pre-rendered static Markdown": lambda: build_site(static / "mkdocs.yml", out / "b"),
            "c. history page and feed alone": lambda: history_alone(repo),
            "d. git log -p over the same paths": lambda: git_log_p(repo),
        }
        for warm_up in builds.values():  # imports, theme templates, page cache
            warm_up()
        if html_pages(out / "a") != html_pages(out / "b"):
            sys.exit(f"the builds differ in HTML pages: {sorted(html_pages(out / 'a') ^ html_pages(out / 'b'))}")
        pages = len(html_pages(out / "a"))
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(build_site, repo / "mkdocs.yml", out / "a")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)
            return 0
        runs: dict[str, list[tuple[float, float]]] = {label: [] for label in builds}
        for _ in range(args.repeat):  # alternated, so drift affects every run alike
            for label, run in builds.items():
                runs[label].append(timed(run))
    wall = {label: statistics.median(time for time, _ in times) for label, times in runs.items()}
    cpu = {label: statistics.median(time for _, time in times) for label, times in runs.items()}
    rows = [(label, f"{wall[label]:.3f}", f"{cpu[label]:.3f}", " ".join(f"{t:.3f}" for t, _ in times)) for label, times in runs.items()]
    print(f"{pages} HTML pages in each build; {args.commits + 1} commits in the repository; median of {args.repeat}\n")
    print(table(("Run", "Median wall (s)", "Median CPU (s)", "Wall runs (s)"), rows, args.markdown))
    print()
    for name, first, second in (("the plugin's cost", "a", "b"), ("the site against git log -p", "a", "d"), ("the history against git log -p", "c", "d")):
        pick = {label[0]: label for label in builds}
        ratios = wall[pick[first]] / wall[pick[second]], cpu[pick[first]] / cpu[pick[second]]
        target = f" (target <= {TARGET}: {'met' if ratios[0] <= TARGET else 'NOT met'})" if first + second == "ab" else ""
        print(f"ratio {first} / {second} ({name}): {ratios[0]:.2f} wall, {ratios[1]:.2f} CPU{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
