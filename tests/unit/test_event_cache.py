"""Sign-ups read the event from a short-lived cache, and an edit made meanwhile still wins.

The cache is per process, as it is per Lambda container; these tests register through the
app's own API, edit or cancel the event through the organizer API, and register again: the
second sign-up must follow the new definition, though its first attempt was checked against
the cached one.
"""
from __future__ import annotations

import pytest

from tests.factories import person
from tests.unit.test_api import bearer, call, create_published

pytestmark = pytest.mark.usefixtures("aws")


def sign_up(client, event_id: str, n: int) -> tuple[int, dict]:
    return call(client, "POST", f"/api/events/{event_id}/registrations", person(n, name=f"Cache Person {n}"))


@pytest.fixture
def queued_delivery(settings_env):
    """As in AWS: e-mails go to the queue, so the only calls counted are the sign-up's own."""
    settings_env(OUTBOX_MODE="queue", QUEUE_URL="")


def test_a_burst_of_sign_ups_reads_the_event_once(client, queued_delivery, dynamodb_calls):
    event_id = create_published(client, capacity=10)
    dynamodb_calls.clear()
    for n in range(4):
        status, body = sign_up(client, event_id, n)
        assert (status, body["status"]) == (201, "confirmed")
    assert dynamodb_calls.count("Query") == 2  # the event (definition and counters) once, the directory once
    assert dynamodb_calls.count("TransactWriteItems") == 4


def test_an_edit_after_the_event_was_cached_applies_to_the_next_sign_up(client, queued_delivery, dynamodb_calls):
    event_id = create_published(client, capacity=10)
    assert sign_up(client, event_id, 1)[1]["status"] == "confirmed"  # the event is now cached
    status, _ = call(client, "PATCH", f"/api/organizer/events/{event_id}", {"requires_approval": True}, bearer())
    assert status == 200
    dynamodb_calls.clear()
    status, body = sign_up(client, event_id, 2)
    assert (status, body["status"]) == (201, "pending_approval")
    # the cached definition was refused by the commit, the fresh one came with the refusal
    assert dynamodb_calls.count("TransactWriteItems") == 2
    assert dynamodb_calls.count("GetItem") == 0
    dynamodb_calls.clear()
    assert sign_up(client, event_id, 3)[1]["status"] == "pending_approval"
    assert [c for c in dynamodb_calls if c != "UpdateItem"] == ["TransactWriteItems"]  # the cache holds the fresh one


def test_a_new_required_question_is_asked_of_the_next_sign_up(client):
    event_id = create_published(client, capacity=10)
    assert sign_up(client, event_id, 1)[0] == 201
    question = {"id": "org", "type": "text", "required": True, "label": {"en": "Organisation"}}
    assert call(client, "PATCH", f"/api/organizer/events/{event_id}", {"questions": [question]}, bearer())[0] == 200
    status, body = sign_up(client, event_id, 2)
    assert status == 400 and "answers.org" in body["error"]["fields"], body
    registrations = call(client, "GET", f"/api/organizer/events/{event_id}/registrations", headers=bearer())[1]
    assert len(registrations["items"]) == 1  # nothing half-written by the refused attempt


def test_a_cancelled_event_takes_no_more_sign_ups(client):
    event_id = create_published(client, capacity=10)
    assert sign_up(client, event_id, 1)[0] == 201
    assert call(client, "POST", f"/api/organizer/events/{event_id}/cancel", headers=bearer())[0] == 200
    status, body = sign_up(client, event_id, 2)
    assert status == 409, body
    registrations = call(client, "GET", f"/api/organizer/events/{event_id}/registrations", headers=bearer())[1]
    assert [r["name"] for r in registrations["items"]] == ["Cache Person 1"]


def test_the_form_page_shows_the_new_question_when_the_kept_event_was_older(client, web):
    from urllib.parse import urlencode

    event_id = create_published(client, capacity=10)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    first = {"name": "Olena Kovalenko", "email": "olena@example.com", "consent": "on", "lang": "en"}
    assert web.post(f"/events/{event_id}", headers=form, body=urlencode(first)).status_code == 303
    question = {"id": "org", "type": "text", "required": True, "label": {"en": "Your organisation"}}
    assert call(client, "PATCH", f"/api/organizer/events/{event_id}", {"questions": [question]}, bearer())[0] == 200
    second = {**first, "email": "taras@example.com", "name": "Taras Shevchuk"}
    page = web.post(f"/events/{event_id}", headers=form, body=urlencode(second))
    assert page.status_code == 400
    assert 'name="q_org"' in page.body.decode() and "Your organisation" in page.body.decode()
