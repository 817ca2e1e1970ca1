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


@pytest.fixture
def as_admin(client):
    """JSON calls through the app: `call(method, path, body=None, organizer=True)` → (status, parsed body);
    as an admin organizer, or with `organizer=False` as anyone."""
    import json

    from chalicelib import auth
    from tests.factories import admin

    headers = {"Authorization": f"Bearer {auth.issue_organizer_token(admin())}", "Content-Type": "application/json"}

    def call(method: str, path: str, body=None, organizer: bool = True):
        response = client.http.request(method, path, headers=headers if organizer else
                                       {"Content-Type": "application/json"},
                                       body=json.dumps(body) if body is not None else b"")
        return response.status_code, json.loads(response.body) if response.body else None
    return call


@pytest.fixture
def event_with_people(as_admin):
    """`open(capacity, people)`: a published event without approval, the people signed up in order → its id."""
    from tests.factories import event_data

    def open_event(capacity: int, people: list[dict]) -> str:
        _status, created = as_admin("POST", "/api/organizer/events",
                                    event_data(capacity=capacity, requires_approval=False))
        as_admin("POST", f"/api/organizer/events/{created['id']}/publish")
        for data in people:
            assert as_admin("POST", f"/api/events/{created['id']}/registrations", data, organizer=False)[0] == 201
        return created["id"]
    return open_event
