"""Choosing sessions and slots: a full one is offered again instead of a waiting list nobody chose,
overlapping sessions of an exclusive event are refused, and slots read by day and short time."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chalicelib.errors import InvalidInput, SessionFull
from chalicelib.events.days import by_day
from chalicelib.i18n import gettext
from chalicelib.registration import signup
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from tests.factories import person, published_event

START = "2027-03-01T09:00:00+01:00"
SESSIONS = [
    {"id": "morning", "title": {"en": "Morning", "uk": "Ранок"}, "capacity": 1,
     "starts_at": "2027-03-01T09:00:00+01:00", "ends_at": "2027-03-01T12:00:00+01:00"},
    {"id": "lab", "title": {"en": "Lab", "uk": "Лабораторія"}, "capacity": 5,
     "starts_at": "2027-03-01T11:00:00+01:00", "ends_at": "2027-03-01T13:00:00+01:00"},
    {"id": "afternoon", "title": {"en": "Afternoon"}, "capacity": 5,
     "starts_at": "2027-03-01T12:00:00+01:00", "ends_at": "2027-03-01T15:00:00+01:00"},
]


def event(**overrides):
    return published_event(capacity=20, sessions=SESSIONS, starts_at=START, ends_at="2027-03-01T16:00:00+01:00",
                           **overrides)


def sign(event_id: str, n: int, **overrides):
    return signup.register(event_store.load_event(event_id), person(n, **overrides))


def test_a_full_session_is_refused_by_name_and_nothing_is_written_unless_the_person_asked_to_wait(memory):
    item = event()
    sign(item.event_id, 1, sessions=["morning"])
    before = event_store.load_event(item.event_id)
    outbox = len(memory.outbox)
    with pytest.raises(SessionFull) as refused:
        sign(item.event_id, 2, sessions=["morning", "afternoon"])
    assert refused.value.session_ids == ["morning"] and refused.value.details == {"sessions": ["morning"]}
    named = refused.value.fields["sessions"]
    assert "Уже зайнято: Ранок." in gettext("uk", named.msgid, **named.params)  # named in the reader's language
    after = event_store.load_event(item.event_id)
    assert (after.taken, after.waiting, after.session_taken, after.session_waiting) == (
        before.taken, before.waiting, before.session_taken, before.session_waiting)
    assert len(memory.outbox) == outbox and store.load_marker(item.event_id, _hash("person2@example.com")) is None
    assert sign(item.event_id, 2, sessions=["afternoon"]).status == "confirmed"  # a free one takes a seat
    waiting = sign(item.event_id, 3, sessions=["morning"], waitlist=True)
    assert waiting.status == "waitlisted"
    assert store.load_registration(item.event_id, waiting.registration_id).waiting_on == ["session:morning"]


def test_asking_to_wait_is_refused_where_the_event_keeps_no_waiting_list():
    item = event(waitlist_enabled=False)
    sign(item.event_id, 1, sessions=["morning"])
    with pytest.raises(SessionFull):
        sign(item.event_id, 2, sessions=["morning"], waitlist=True)


def test_waitlist_must_be_a_yes_or_no():
    item = event()
    with pytest.raises(InvalidInput) as refused:
        sign(item.event_id, 1, sessions=["lab"], waitlist="please")
    assert set(refused.value.fields) == {"waitlist"}


def test_a_later_repeat_for_a_full_session_answers_as_a_new_one_would(monkeypatch):
    monkeypatch.setattr(signup, "DOUBLE_SUBMIT", timedelta(0))  # not a double click: a later try
    item = event()
    sign(item.event_id, 1, sessions=["morning"])
    sign(item.event_id, 2, sessions=["lab"])
    with pytest.raises(SessionFull):  # the address is registered, but that is not told to the client
        sign(item.event_id, 2, sessions=["morning"])


def test_overlapping_sessions_of_an_exclusive_event_are_refused_by_name():
    item = event(sessions_exclusive=True)
    with pytest.raises(InvalidInput) as refused:
        sign(item.event_id, 1, sessions=["morning", "lab"], language="uk")
    message = refused.value.fields["sessions"]
    assert message.params["names"] == "Ранок / Лабораторія"
    assert event_store.load_event(item.event_id).taken == 0
    assert sign(item.event_id, 1, sessions=["morning", "afternoon"]).status == "confirmed"  # touching ends


def test_overlapping_sessions_may_be_chosen_together_unless_the_event_says_otherwise():
    item = event()
    assert event_store.load_event(item.event_id).sessions_exclusive is False
    assert sign(item.event_id, 1, sessions=["morning", "lab"]).status == "confirmed"


def test_slots_read_as_one_day_heading_and_short_times():
    slots = [{"id": f"slot-{h}", "title": f"{h}:00\u2013{h}:30",
              "starts_at": datetime.fromisoformat(f"2027-03-0{d}T{h}:00:00+01:00"),
              "ends_at": datetime.fromisoformat(f"2027-03-0{d}T{h}:30:00+01:00")}
             for d, h in ((2, 10), (1, 10), (1, 11))]
    days = by_day(slots, "Europe/Warsaw", "en")
    assert [day.heading for day in days] == ["Monday, 1 March 2027", "Tuesday, 2 March 2027"]
    assert [[s["time"] for s in day.sessions] for day in days] == [["10:00–10:30", "11:00–11:30"], ["10:00–10:30"]]
    assert all(s["named_by_time"] for day in days for s in day.sessions)
    named_by_start = by_day([{**slots[0], "title": "10:00"}], "Europe/Warsaw", "en")[0].sessions[0]
    assert named_by_start["named_by_time"] and named_by_start["time"] == "10:00–10:30"


def _hash(address: str) -> str:
    from chalicelib import auth

    return auth.email_hash(address)

