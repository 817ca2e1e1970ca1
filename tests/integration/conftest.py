"""Integration tests speak HTTP to `chalice local` and moto server, both started here."""
from __future__ import annotations

import pytest

from devstack.stack import UNLIMITED, LocalStack
from tests.stack_client import Api


@pytest.fixture(scope="session")
def stack():
    local = LocalStack(table_name="zapisy-it", extra_env=UNLIMITED).start(export_env=False)
    yield local
    local.stop()


@pytest.fixture
def api(stack):
    return Api(stack)
