"""The seat rules (registration/): seats, the waiting list and its order, pending states, leaving,
moving up — on the in-memory store."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.errors import EventFull, InvalidInput, InvalidTransition, RegistrationClosed
from chalicelib.registration import leaving, moving_up, signup
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from tests.factories import admin, person, published_event

SESSIONS = [{"id": "a", "title": {"en": "A"}, "capacity": 1}, {"id": "b", "title": {"en": "B"}, "capacity": 2}]


def reload(event_id: str):
    return event_store.load_event(event_id)


def status(event_id: str, registration_id: str) -> str:
    return store.load_registration(event_id, registration_id).status


def sign(event_id: str, n: int, **overrides):
    return signup.register(reload(event_id), person(n, **overrides))


def test_seats_then_the_waiting_list_in_order_and_the_counters_agree():
    event = published_event(capacity=2)
    outcomes = [sign(event.event_id, n) for n in range(5)]
    assert [o.status for o in outcomes] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
    counted = reload(event.event_id)
    assert (counted.taken, counted.waiting) == (2, 3)
    assert [p.registration_id for p in store.waitlist(event.event_id)] == [o.registration_id for o in outcomes[2:]]
    assert [m.kind for o in outcomes for m in o.messages] == ["confirmation"] * 2 + ["waitlisted"] * 3


def test_a_freed_seat_goes_to_the_oldest_waiting_and_nobody_jumps_the_queue():
    event = published_event(capacity=1)
    first, second, third = (sign(event.event_id, n) for n in range(3))
    left = leaving.cancel(store.load_registration(event.event_id, first.registration_id))
    assert [m.kind for m in left.messages] == ["cancelled", "promoted"]
    assert status(event.event_id, second.registration_id) == "confirmed"
    assert sign(event.event_id, 9).status == "waitlisted"  # behind the third, though no seat is free anyway
    leaving.cancel(store.load_registration(event.event_id, second.registration_id))
    assert status(event.event_id, third.registration_id) == "confirmed"


def test_a_full_event_without_a_waiting_list_refuses():
    event = published_event(capacity=1, waitlist_enabled=False)
    sign(event.event_id, 1)
    with pytest.raises(EventFull):
        sign(event.event_id, 2)


def test_sessions_have_seats_of_their_own_and_a_session_queue_blocks_only_that_session():
    event = published_event(capacity=10, sessions=SESSIONS)
    assert sign(event.event_id, 1, sessions=["a"]).status == "confirmed"
    assert sign(event.event_id, 2, sessions=["a"], waitlist=True).status == "waitlisted"
    assert sign(event.event_id, 3, sessions=["b"]).status == "confirmed"
    counted = reload(event.event_id)
    assert counted.session_taken == {"a": 1, "b": 1} and counted.session_waiting == {"a": 1, "b": 0}
    assert counted.taken == 2 and counted.waiting == 0


def test_approval_and_double_opt_in_hold_no_seat_until_they_are_done():
    event = published_event(capacity=1, requires_approval=True, double_opt_in=True)
    held = sign(event.event_id, 1)
    assert held.status == "pending_email" and reload(event.event_id).pending == 1
    confirmed = moving_up.confirm_email(store.load_registration(event.event_id, held.registration_id))
    assert confirmed.status == "pending_approval" and reload(event.event_id).taken == 0
    approved = moving_up.approve(store.load_registration(event.event_id, held.registration_id))
    assert approved.status == "confirmed" and (reload(event.event_id).taken, reload(event.event_id).pending) == (1, 0)
    with pytest.raises(InvalidTransition):
        moving_up.approve(store.load_registration(event.event_id, held.registration_id))


def test_a_repeat_within_minutes_answers_as_the_first_and_later_tells_the_owner_hourly(time_machine):
    event = published_event(capacity=3)
    start = datetime.now(UTC)
    time_machine.move_to(start, tick=False)
    first = sign(event.event_id, 1)
    again = sign(event.event_id, 1)
    assert (again.registration_id, again.status, again.messages) == (first.registration_id, "confirmed", ())
    time_machine.move_to(start + timedelta(minutes=15), tick=False)
    told = sign(event.event_id, 1)
    assert told.registration_id != first.registration_id and [m.kind for m in told.messages] == ["already_registered"]
    assert sign(event.event_id, 1).messages == ()
    assert reload(event.event_id).taken == 1 and len(store.list_registrations(event.event_id, cursor=None,
                                                                               limit=10).items) == 1


def test_the_organizers_choice_from_the_waiting_list_gets_a_seat_added_if_none_is_free():
    event = published_event(capacity=1, sessions=SESSIONS)
    sign(event.event_id, 1, sessions=["a"])
    head = sign(event.event_id, 2, sessions=["b"])
    chosen = sign(event.event_id, 3, sessions=["a"], waitlist=True)
    given = moving_up.give_seat(store.load_registration(event.event_id, chosen.registration_id))
    assert given.status == "confirmed" and set(given.added) == {"event", "session:a"}
    counted = reload(event.event_id)
    assert (counted.capacity, counted.taken, counted.waiting) == (2, 2, 1)
    assert counted.session_capacity["a"] == 2 and counted.session_taken["a"] == 2
    assert status(event.event_id, head.registration_id) == "waitlisted"
    with pytest.raises(InvalidTransition):
        moving_up.give_seat(store.load_registration(event.event_id, chosen.registration_id))


def test_a_waiting_person_is_given_a_free_seat_without_adding_one():
    event = published_event(capacity=2, sessions=SESSIONS)
    sign(event.event_id, 1, sessions=["a"])
    waiting = sign(event.event_id, 2, sessions=["a"], waitlist=True)  # session a is full, the event is not
    given = moving_up.give_seat(store.load_registration(event.event_id, waiting.registration_id))
    assert given.added == ("session:a",) and reload(event.event_id).capacity == 2


def test_reject_and_cancel_close_a_registration_once():
    event = published_event(capacity=2)
    one, two = sign(event.event_id, 1), sign(event.event_id, 2)
    assert leaving.reject(store.load_registration(event.event_id, one.registration_id)).status == "rejected"
    with pytest.raises(InvalidTransition):
        leaving.reject(store.load_registration(event.event_id, one.registration_id))
    cancelled = store.load_registration(event.event_id, two.registration_id)
    assert leaving.cancel(cancelled).status == "cancelled"
    assert leaving.cancel(cancelled).messages == ()  # a stale second click changes nothing
    assert reload(event.event_id).taken == 0


def test_the_form_is_refused_with_a_message_per_field_and_nothing_is_written():
    event = published_event(capacity=2, questions=[{"id": "age", "type": "text", "required": True,
                                                    "label": {"en": "Age"}}])
    with pytest.raises(InvalidInput) as refused:
        signup.register(event, {"name": "", "email": "x", "consent": False})
    assert set(refused.value.fields) == {"name", "email", "consent", "answers.age"}
    assert store.list_registrations(event.event_id, cursor=None, limit=10).items == []


def test_registration_closes_at_the_start():
    event = published_event(capacity=2)
    later = datetime.now(UTC) + timedelta(days=11)
    with pytest.raises(RegistrationClosed):
        from time_machine import travel

        with travel(later, tick=False):
            sign(event.event_id, 1)


def test_an_edit_made_after_the_event_was_read_applies_to_the_sign_up():
    from chalicelib.application.organizer import events

    event = published_event(capacity=5)
    stale = reload(event.event_id)
    events.edit(admin(), event.event_id, {"requires_approval": True})
    assert signup.register(stale, person(1)).status == "pending_approval"
