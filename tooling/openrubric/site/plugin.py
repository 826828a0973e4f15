"""The MkDocs plugin: a thin layer that adds the generated pages to the build."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..repository import Repository
from .build import ContentError, site_pages

log = logging.getLogger("mkdocs.plugins.openrubric")


class OpenRubricConfig(Config):
    pass


class OpenRubricPlugin(BasePlugin[OpenRubricConfig]):
    def on_files(self, files: Files, *, config) -> Files:  # type: ignore[no-untyped-def, override]
        repository = Repository(Path(config.config_file_path).resolve().parent)
        try:
            generated = site_pages(repository)
        except ContentError as error:
            raise PluginError(str(error)) from None
        for uri, markdown in sorted(generated.items()):
            files.append(File.generated(config, uri, content=markdown))
        log.debug("openrubric: %d generated pages", len(generated))
        return files
