"""``openrubric rules`` and ``openrubric explain RULE``: the rules' own documentation, in the terminal."""

from __future__ import annotations

from .rules import RULES


def list_rules() -> int:
    width = max(map(len, RULES))
    for rule in RULES.values():
        print(f"{rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}")
    return 0


def explain(name: str) -> bool:
    """Print the rule's documentation; False when there is no such rule."""
    rule = RULES.get(name)
    if rule is None:
        return False
    print(f"# {rule.name} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.doc}")
    return True
