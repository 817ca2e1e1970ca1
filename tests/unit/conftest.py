"""The app through Chalice's own test client: routing, authorizers and middleware as deployed."""
from __future__ import annotations

import pytest
from chalice.test import Client

from tests.conftest import ROOT


@pytest.fixture
def client():
    from app import app

    with Client(app, stage_name="local", project_dir=str(ROOT)) as test_client:
        yield test_client


@pytest.fixture
def web(client):
    """The HTTP side of the test client, for page tests."""
    return client.http
