"""``run_check`` as a library call: what a check leaves behind in the calling process."""

from __future__ import annotations

import gc

from openrubric.check import run_check
from openrubric.repository import Repository


def test_a_check_leaves_the_garbage_collector_as_the_caller_set_it(repo):
    before = gc.get_threshold()
    gc.set_threshold(1234, 5, 6)
    try:
        run_check(Repository(repo.root), None)
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*before)
