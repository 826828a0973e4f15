"""Exclude globs, as .gitignore reads them: unit cases."""

from __future__ import annotations

import pytest

from openrubric.selection import excluded


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("narratives/archive", "narratives/archive/2024-H1/avery.md", True),
        ("narratives/archive/", "narratives/archive/2024-H1/avery.md", True),
        ("narratives/archive/**", "narratives/archive/avery.md", True),
        ("narratives/archive", "narratives/archived.md", False),
        ("narratives/*.md", "narratives/examples/l4.md", False),
        ("narratives/*/l4.md", "narratives/examples/l4.md", True),
        ("narratives/**/l?.md", "narratives/examples/2026/l4.md", True),
        ("**/README.md", "policy/README.md", True),
        ("*.md", "site/faq.md", True),
        ("faq.md", "site/faq.md", True),
        ("faq.md", "site/old-faq.md", False),
        ("site", "site/faq.md", True),
        ("site", "narratives/site.md", False),
        ("policy/policy.md", "hr/policy/policy.md", False),
        ("", "policy/policy.md", False),
        ("a+b(c)", "a+b(c)/x.md", True),
    ],
)
def test_exclude_globs(pattern: str, path: str, expected: bool) -> None:
    assert excluded(path, (pattern,)) is expected
