"""``openrubric site build|serve``: MkDocs in strict mode over the repository's mkdocs.yml."""

from __future__ import annotations

import sys
from pathlib import Path

from ..repository import Repository


def build(repository: Repository, out: Path | None) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = str((out or repository.root / "build" / "site").resolve())
    try:
        mkdocs_build(load_config(str(repository.root / "mkdocs.yml"), strict=True, site_dir=site_dir))
    except (MkDocsException, OSError) as error:
        print(f"openrubric: the site did not build: {error}", file=sys.stderr)
        return 1
    print(site_dir)
    return 0


def serve(repository: Repository) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(config_file=str(repository.root / "mkdocs.yml"), strict=True)
    return 0
