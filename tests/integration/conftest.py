"""Integration tests speak HTTP to `chalice local` and moto server, both started here."""
from __future__ import annotations

import pytest

from devstack.stack import UNLIMITED, LocalStack
from tests.stack_client import Api


@pytest.fixture(scope="module")
def stack():
    """A stack per test file (a second to start): its moto lives in this process, and any test with
    `mock_aws` resets moto here, tables and queues included. A file runs whole in one process, also
    under pytest-xdist (`--dist loadfile`); a unit test run after it cannot pull the table away."""
    local = LocalStack(table_name="zapisy-it", extra_env=UNLIMITED, transaction_conflicts=False).start(export_env=False)
    yield local
    local.stop()


@pytest.fixture
def api(stack):
    return Api(stack)
