"""``openrubric site build|serve``: MkDocs in strict mode over the repository's mkdocs.yml."""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..repository import Repository


def build(repository: Repository, out: Path | None) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = str((out or repository.root / "build" / "site").resolve())
    with _mkdocs_log_shown(logging.WARNING):
        try:
            mkdocs_build(load_config(str(repository.root / "mkdocs.yml"), strict=True, site_dir=site_dir))
        except (MkDocsException, OSError) as error:
            print(f"openrubric: the site did not build: {error}", file=sys.stderr)
            return 1
    print(site_dir)
    return 0


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
