"""``openrubric rules`` and ``openrubric explain NAME``: the rules' own documentation, and the entries of the
repository's `policy/guardrails.yaml` that the guardrail rules read with, in the terminal."""

from __future__ import annotations

from typing import Any

from .registry import RULES
from .repository import Repository
from .rules.entries import entry_level, raw_entries
from .rules.guardrails import RULES as GUARDRAIL_RULES


def list_rules() -> int:
    width = max(map(len, RULES))
    for rule in RULES.values():
        print(f"{rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}")
    return 0


def explain(name: str, repository: Repository) -> bool:
    """Print a rule's documentation (with its entries, for a guardrail rule) or one guardrail entry; False when
    nothing has that name."""
    rule = RULES.get(name)
    guardrails = _guardrails(repository)
    entries = [raw for raw, _ in raw_entries(guardrails)]
    if rule is not None:
        print(f"# {rule.name} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.doc}")
        if name in GUARDRAIL_RULES:
            print("## Entries in policy/guardrails.yaml\n\n`openrubric explain ENTRY` shows one whole.\n")
            for entry in (entry for entry in entries if entry["rule"] == name):
                print(f"- `{entry['id']}` ({entry_level(entry).value}): {entry['says']}")
        return True
    entry = next((entry for entry in entries if entry["id"] == name), {})
    if not entry:
        return False
    print(_entry_text(entry, (guardrails.get("guardrail_rules") or {}).get("vocabulary") or {}))
    return True


def _entry_text(entry: dict[str, Any], vocabularies: dict[str, list[str]]) -> str:
    own = "set by the entry" if "level" in entry else f"the severity of {entry['rule']}; `level:` on the entry changes it"
    lines = [f"# {entry['id']} ({entry['rule']}, in policy/guardrails.yaml)", "", f"Fires when a sentence {entry['says']}.", ""]
    lines += [f"Level: {entry_level(entry).value} ({own}).", ""]
    if entry.get("phrases"):
        lines += ["Any of these phrases:", "", *(f"- {phrase}" for phrase in entry["phrases"]), ""]
    if entry.get("term"):
        lines += [f"The term, or any of its variants: {', '.join([entry['term'], *entry.get('variants', ())])}", ""]
    frames = entry.get("frames", ())
    lines += [f"Or, in one clause, a word from each of: {' + '.join(frame)}" for frame in frames] + ([""] if frames else [])
    lines += [f"- {name}: {', '.join(vocabularies.get(name, []))}" for name in dict.fromkeys(n for frame in frames for n in frame)]
    lines += [""] if frames else []
    if entry.get("exceptions"):
        lines += [f"Never when the clause it fires in (or one introducing that clause with a colon) has: {', '.join(entry['exceptions'])}", ""]
    for name in entry.get("unless", ()):
        lines += [f"Never when its statement (up to a semicolon) has a word of {name}: {', '.join(vocabularies.get(name, []))}", ""]
    if entry.get("negation", True):
        lines.append("Nor when the clause negates what matched (guardrail_rules.negation), quotes it as an example (guardrail_rules.mention), "
                     "or defines it (guardrail_rules.definition).")
    else:
        lines.append("Nor when it quotes what matched as an example (guardrail_rules.mention) or defines it (guardrail_rules.definition); "
                     "a negation does not stop it, since a negated label still labels.")
    return "\n".join(lines)


def _guardrails(repository: Repository) -> dict[str, Any]:
    from .content import Content

    document = Content.load(repository, []).single("guardrails")
    return document.data if document is not None else {}  # type: ignore[return-value]
