"""The old and new wording of a changed text as a word diff a reader can follow without colour.

Removed words are struck through (`<del>`) and added words underlined (`<ins>`): browsers draw both without
any style sheet, the sanitiser keeps both, and the theme's `critic` class adds a tint on top. Only the
paragraphs that changed are shown, each one whole, so a reader sees every changed sentence in its context.

    >>> word_diff("Within 30 days, write to us.", "Within 14 days, write to us.")
    'Within <del class="critic">30</del> <ins class="critic">14</ins> days, write to us&#46;'
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .escaping import text


def changed_paragraphs(old: str, new: str) -> list[str]:
    """Each paragraph of ``new`` that differs from ``old`` (or each removed one), as Markdown text on one line."""
    before, after = _paragraphs(old), _paragraphs(new)
    shown = []
    for tag, old_start, old_end, new_start, new_end in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = before[old_start:old_end], after[new_start:new_end]
        if len(removed) == len(added):  # paragraphs edited in place: one diff each
            shown += [word_diff(one, other) for one, other in zip(removed, added, strict=True)]
        else:
            shown.append(word_diff(" ".join(removed), " ".join(added)))
    return shown


def word_diff(old: str, new: str) -> str:
    """``old`` turned into ``new``, word by word, as Markdown text on one line with every word escaped."""
    before, after = old.split(), new.split()
    pieces = []
    for tag, old_start, old_end, new_start, new_end in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(text(" ".join(before[old_start:old_end])))
            continue
        if old_end > old_start:
            pieces.append(f'<del class="critic">{text(" ".join(before[old_start:old_end]))}</del>')
        if new_end > new_start:
            pieces.append(f'<ins class="critic">{text(" ".join(after[new_start:new_end]))}</ins>')
    return " ".join(pieces)


def _paragraphs(body: str) -> list[str]:
    return [" ".join(paragraph.split()) for paragraph in re.split(r"\n[ \t]*\n", body) if paragraph.strip()]
