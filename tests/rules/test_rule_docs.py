"""Every rule is documented with the same sections, because the site and `openrubric explain` show them."""

from __future__ import annotations

import re

import pytest

from openrubric.registry import RULES


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_has_every_documentation_section(name):
    rule = RULES[name]
    assert rule.missing_sections() == []
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.summary.endswith(".")
