"""``openrubric site build|serve``: MkDocs in strict mode over the repository's mkdocs.yml."""

from __future__ import annotations

import logging
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..repository import Repository

# What the `site` extra installs, by the module each is imported as.
SITE_MODULES = {"mkdocs": "mkdocs", "material": "mkdocs-material", "nh3": "nh3"}


def missing_site_extra() -> str | None:
    """Why the site cannot be built here (the check-only install leaves its packages out), or None."""
    import importlib.util

    missing = [package for module, package in SITE_MODULES.items() if importlib.util.find_spec(module) is None]
    if not missing:
        return None
    return (
        f"openrubric: error: the site needs {', '.join(missing)}, which the check-only install leaves out; "
        "install them with: pip install 'openrubric[site]'"
    )


def build(repository: Repository, out: Path | None) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from . import output

    site_dir = Path(os.path.abspath(out)) if out is not None else repository.root / "build" / "site"
    with _mkdocs_log_shown(logging.WARNING):
        try:
            config = _load_config(repository.root / "mkdocs.yml")
            refusal = output.refusal(repository, site_dir, Path(config.docs_dir))
            if refusal is not None:
                print(f"openrubric: error: not building into {site_dir}: {refusal}", file=sys.stderr)
                return 2
            config.site_dir = str(site_dir)  # set after loading: MkDocs' own check of it would exit before ours
            try:
                mkdocs_build(config)
            finally:  # a failed build leaves files too, and the next build must be allowed to replace them
                output.record(site_dir)
        except (MkDocsException, OSError) as error:
            print(f"openrubric: the site did not build: {error}", file=sys.stderr)
            return 1
    if not config.site_url:
        print(_NO_SITE_URL, file=sys.stderr)
    print(site_dir)
    return 0


def _load_config(path: Path) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    # MkDocs passes on what PyYAML raises beyond its syntax errors: locate those here.
    try:
        return load_config(str(path), strict=True)
    except ValueError:  # PyYAML's int() refuses a number of over 4,300 digits
        text = path.read_text(encoding="utf-8", errors="replace")
        number = re.search(r"\d{4301,}", text)
        where = f"{path.name}:{text.count(chr(10), 0, number.start()) + 1}" if number else path.name
        digits = f"of {len(number.group()):,} digits " if number else ""
        raise ConfigurationError(f"{where}: a number {digits}is too long to read; the site's configuration needs no such number") from None
    except RecursionError:
        line = _deepest_line(path.read_text(encoding="utf-8", errors="replace"))
        raise ConfigurationError(f"{path.name}:{line}: nested too deeply to read; the site's configuration needs no such nesting") from None


def _deepest_line(text: str) -> int:
    """The first line at the deepest nesting, counting indentation and open flow brackets."""
    deepest, deepest_line, open_brackets = -1, 1, 0
    for number, line in enumerate(text.splitlines(), start=1):
        depth = len(line) - len(line.lstrip(" ")) + open_brackets
        if depth > deepest:
            deepest, deepest_line = depth, number
        open_brackets += line.count("[") + line.count("{") - line.count("]") - line.count("}")
    return deepest_line


_NO_SITE_URL = (
    "openrubric: note: site_url is not set (mkdocs.yml reads it from OPENRUBRIC_SITE_URL): the 404 page assumes the "
    "site is served at the root of its host, and the sitemap lists no page"
)


def serve(repository: Repository) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    # INFO too: "Serving on http://127.0.0.1:8000/" and each rebuild.
    with _mkdocs_log_shown(logging.INFO):
        try:
            mkdocs_serve(config_file=str(repository.root / "mkdocs.yml"), strict=True)
        except OSError as error:  # most often the port is taken by another server
            print(f"openrubric: cannot serve the site: {error.strerror or error}", file=sys.stderr)
            return 1
        except MkDocsException as error:
            print(f"openrubric: the site did not build: {error}", file=sys.stderr)
            return 1
    return 0


@contextmanager
def _mkdocs_log_shown(level: int) -> Iterator[None]:
    """MkDocs logs why a build failed; called through its Python API, nothing shows that log unless we do."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.setLevel(level)
    previous = logger.level
    logger.setLevel(min(level, logger.getEffectiveLevel()))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
