"""One registry: every rule in one place, each check with the rules it raises, and a loader that imports none."""

from __future__ import annotations

import subprocess
import sys

from openrubric.registry import CHECKS, RULES, UNSUPPRESSIBLE


def test_every_rule_is_listed_once_and_every_check_names_its_rules():
    raised = [rule.name for check in CHECKS for rule in check.rules]
    assert len(raised) == len(set(raised))
    assert set(raised) <= set(RULES)
    assert all(check.rules for check in CHECKS)


def test_what_cannot_be_suppressed_is_said_on_the_rule_itself():
    assert {"quota", "invalid-suppression", "rules-skipped", "internal-error"} == UNSUPPRESSIBLE
    assert not RULES["quota"].suppressible and RULES["banned-signal"].suppressible


def test_reading_a_file_imports_no_rule_beyond_the_parsing_ones():
    code = "import sys, openrubric.loading; print(sorted(m for m in sys.modules if m.startswith('openrubric.')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "openrubric.registry" not in loaded and "openrubric.rules.guardrails" not in loaded
    assert "openrubric.rules.parsing" in loaded
