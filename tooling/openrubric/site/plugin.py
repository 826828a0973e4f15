"""The MkDocs plugin: a thin layer that adds the generated pages, and a navigation for them, to the build."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..repository import Repository
from .build import ContentError, navigation, site_pages
from .history import PATHS

log = logging.getLogger("mkdocs.plugins.openrubric")


class OpenRubricConfig(Config):
    repo_url = config_options.Optional(config_options.URL())  # where `<repo_url>/commit/<sha>` shows a commit


class OpenRubricPlugin(BasePlugin[OpenRubricConfig]):
    def on_config(self, config):  # type: ignore[no-untyped-def]
        # Generated here, not in on_files, so that the navigation can list them when mkdocs.yml has no `nav`.
        repository = Repository(Path(config.config_file_path).resolve().parent)
        try:
            self.generated = site_pages(repository, repo_url=self.config.repo_url)
        except ContentError as error:
            raise PluginError(str(error)) from None
        if config.nav is None:
            written = sorted(path.relative_to(config.docs_dir).as_posix() for path in Path(config.docs_dir).rglob("*.md"))
            config.nav = navigation(self.generated, written)
        return config

    def on_files(self, files: Files, *, config) -> Files:  # type: ignore[no-untyped-def]
        for uri, markdown in sorted(self.generated.items()):
            files.append(File.generated(config, uri, content=markdown))
        log.debug("openrubric: %d generated pages", len(self.generated))
        return files

    def on_serve(self, server, *, config, builder):  # type: ignore[no-untyped-def]
        # The generated pages come from the content folders, which MkDocs does not watch on its own.
        root = Path(config.config_file_path).resolve().parent
        for folder in PATHS:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server
