"""The guardrail rules, which read prose, run document by document: each document's sentences are read
once for all of them and let go before the next, so a large repository is checked in bounded memory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .. import prose
from . import banned_signal, biased_language, quota

if TYPE_CHECKING:
    from ..content import Content
    from ..findings import Finding

PROSE_RULES = (quota, banned_signal, biased_language)


def check(content: Content) -> Iterator[Finding]:
    readers = [(rule, rule.reader(content)) for rule in PROSE_RULES]
    readers = [(rule, reader) for rule, reader in readers if reader is not None]
    for document in content.documents.values():
        if not document.readable or (content.targets is not None and document.path not in content.targets):
            continue
        for rule, reader in readers:
            yield from rule.check_document(document, reader)
        prose.forget(document)
