"""Organizer messages and the automatic notices of a cancelled or changed event."""
from __future__ import annotations

import pytest

from tests.factories import person
from tests.mailbox import kinds_by_recipient, sent, text_of

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def api(as_admin):
    return as_admin


@pytest.fixture
def event_id(event_with_people):
    return event_with_people(2, [person(n) for n in range(3)])  # two confirmed, one waitlisted


def test_organizer_message_reaches_the_chosen_statuses_only(api, event_id):
    status, body = api("POST", f"/api/organizer/events/{event_id}/messages",
                       {"subject": "Parking\r\nBcc: x@evil.example", "body": "Use the back entrance.\nThanks!",
                        "to": ["waitlisted"]})
    assert (status, body) == (202, {"queued": 1, "left_out": 0})
    [message] = [m for m in sent() if m["X-Zapisy-Kind"] == "organizer_message"]
    assert message["To"] == "person2@example.com" and "Bcc" not in str(message.keys())
    assert "Use the back entrance." in text_of(message)
    status, error = api("POST", f"/api/organizer/events/{event_id}/messages", {"subject": "", "to": ["nobody"]})
    assert status == 400 and set(error["error"]["fields"]) == {"subject", "body", "to"}


def test_a_cancelled_event_writes_only_to_its_cancelled_registrations(api, event_id):
    """A well-formed message that the event's state forbids is a conflict (409), not a bad request."""
    assert api("POST", f"/api/organizer/events/{event_id}/cancel")[0] == 200
    status, body = api("POST", f"/api/organizer/events/{event_id}/messages",
                       {"subject": "Parking", "body": "Use the back entrance.", "to": ["confirmed"]})
    assert status == 409 and body["error"]["code"] == "invalid_transition"
    assert kinds_by_recipient("organizer_message") == {}


def test_a_new_venue_or_time_is_announced_to_everyone_affected(api, event_id):
    assert api("PATCH", f"/api/organizer/events/{event_id}", {"title": "New title only"})[0] == 200
    assert kinds_by_recipient("event_changed") == {}
    assert api("PATCH", f"/api/organizer/events/{event_id}", {"venue": "Sala 2, Lublin"})[0] == 200
    changed = kinds_by_recipient("event_changed")
    assert set(changed) == {(f"person{n}@example.com", "event_changed") for n in range(3)}
    assert "Sala 2, Lublin" in text_of(next(m for m in sent() if m["X-Zapisy-Kind"] == "event_changed"))


def test_cancelling_an_event_tells_everyone_registered_once(api, event_id):
    assert api("POST", f"/api/organizer/events/{event_id}/cancel")[1]["status"] == "cancelled"
    assert api("POST", f"/api/organizer/events/{event_id}/cancel")[1]["status"] == "cancelled"
    cancelled = kinds_by_recipient("event_cancelled")
    assert cancelled == {(f"person{n}@example.com", "event_cancelled"): 1 for n in range(3)}
