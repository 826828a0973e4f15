"""Where prose is found: comments are told from text inside quotes and block scalars, and keep their lines."""

from __future__ import annotations

from openrubric.prose import yaml_comments

YAML = """\
a: |
  # inside a block scalar, not a comment
  text
b: >-
  also # not a comment
c: 'x # no' # first
d: "y # no"  # second
# third
e:
  - f # fourth
"""


def test_yaml_comments_skip_quotes_and_block_scalars():
    assert list(yaml_comments(YAML)) == [(6, 13, "first"), (7, 14, "second"), (8, 1, "third"), (10, 7, "fourth")]


def test_text_without_a_hash_has_no_comments():
    assert list(yaml_comments("a: 1\nb: [2, 3]\n")) == []
