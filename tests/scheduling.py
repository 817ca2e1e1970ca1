"""`pytest -n N --dist loadfile` (`make test`) as xdist's loadfile, with every collected test run.

A test file runs whole in one worker: its module fixtures (a local stack among them) start once
and its tests run in order (test_api_fuzz counts, in its last test, the cases of the ones before).
Schemathesis, under pytest 9, gives the test of every API operation the same node id, and xdist's
loadfile keys its books by node id: it would run the first operation's test alone. Here repeated
node ids are numbered, in the scheduler's books only, so that each test is sent by its place.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pytest
from xdist.scheduler import LoadFileScheduling

REPEAT = "\x00"  # between a repeated node id and its count


def distinct(collection: Sequence[str]) -> list[str]:
    """The node ids, each repeat numbered."""
    seen: Counter[str] = Counter()
    named = []
    for nodeid in collection:
        named.append(f"{nodeid}{REPEAT}{seen[nodeid]}" if seen[nodeid] else nodeid)
        seen[nodeid] += 1
    return named


class EveryTestByFile(LoadFileScheduling):
    """xdist's loadfile, told apart tests that share a node id."""

    def add_node_collection(self, node: Any, collection: Sequence[str]) -> None:
        super().add_node_collection(node, distinct(collection))

    def remove_node(self, node: Any) -> str | None:
        crashed = super().remove_node(node)  # reported under its real node id
        return crashed.split(REPEAT)[0] if crashed else crashed


@pytest.hookimpl(optionalhook=True)  # xdist's own is trylast: this one answers first
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadFileScheduling | None:
    """Take over `--dist loadfile`; every other mode stays xdist's."""
    return EveryTestByFile(config, log) if config.getvalue("dist") == "loadfile" else None
