"""A short hot opening (`make bench ONLY=hot_opening` runs 3,000 people) on a stack whose moto
conflicts as DynamoDB does: the app's retries and its 503s lose nothing and overbook nothing."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.hot_opening import CAPACITY, hot_opening
from devstack.stack import UNLIMITED, LocalStack

PEOPLE = 240


@pytest.fixture(scope="module")
def conflicting_stack() -> Iterator[LocalStack]:
    local = LocalStack(table_name="zapisy-it-conflicts", extra_env={"OUTBOX_MODE": "queue", **UNLIMITED},
                       transaction_conflicts=True).start(export_env=False)
    yield local
    local.stop()


def test_a_crowd_signing_up_at_once_against_conflicting_transactions_loses_nothing(conflicting_stack):
    figures, problems = hot_opening(conflicting_stack, count=PEOPLE, clients=32, seconds=180)
    assert problems == []
    assert figures["conflicts_emulated"] > 0  # the transactions did collide
    assert figures["confirmed"] == CAPACITY
    assert figures["confirmed"] + figures["waitlisted"] + figures["refused_503_after_retries"] == PEOPLE
    assert (figures["lost"], figures["double_seats"], figures["five_xx"]) == (0, 0, 0)
