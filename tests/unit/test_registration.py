"""Seat rules, run against moto in-process through the domain functions."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.errors import (
    EventFull,
    EventNotOpen,
    InvalidInput,
    InvalidTransition,
    RegistrationClosed,
    RegistrationNotOpenYet,
)
from chalicelib.events import service as events
from chalicelib.registration import leaving, moving_up, signup
from chalicelib.store import registrations as store
from tests.factories import admin, person, published_event

pytestmark = pytest.mark.usefixtures("aws")


def statuses(event_id: str) -> dict[str, str]:
    items, _ = store.list_registrations(event_id, cursor=None, limit=200)
    return {i.email: i.status for i in items}


def reload(event_id: str):
    return events.public_event(event_id)


def test_seats_then_waitlist_then_promotion_in_queue_order():
    event = published_event(capacity=2)
    outcomes = [signup.register(reload(event.event_id), person(n)) for n in range(4)]
    assert [o.status for o in outcomes] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [m.kind for m in outcomes[2].messages] == ["waitlisted"]
    first = store.load_registration(event.event_id, outcomes[0].registration_id)
    cancelled = leaving.cancel(first)
    assert cancelled.status == "cancelled"
    assert [m.kind for m in cancelled.messages] == ["cancelled", "promoted"]
    assert statuses(event.event_id) == {
        "person0@example.com": "cancelled", "person1@example.com": "confirmed",
        "person2@example.com": "confirmed", "person3@example.com": "waitlisted"}
    current = reload(event.event_id)
    assert (int(current.taken), int(current.waiting)) == (2, 1)


def test_newcomer_does_not_jump_the_queue_when_a_seat_frees():
    event = published_event(capacity=1)
    signup.register(reload(event.event_id), person(1))
    signup.register(reload(event.event_id), person(2))  # waitlisted
    # a seat appears without promotion running (e.g. capacity raised by another path)
    events.update_event(admin(), event.event_id, {"capacity": 2})
    late = signup.register(reload(event.event_id), person(3))
    assert late.status == "waitlisted"
    moving_up.promote_waitlisted(event.event_id)
    assert statuses(event.event_id)["person2@example.com"] == "confirmed"
    assert statuses(event.event_id)["person3@example.com"] == "waitlisted"


def test_same_address_twice_creates_nothing_and_mails_the_owner_at_most_hourly(time_machine):
    event = published_event(capacity=5)
    start = datetime.now(UTC)
    time_machine.move_to(start, tick=False)
    first = signup.register(reload(event.event_id), person(1, email="Ola@Example.com"))
    # a double submit: answered as the first was, and its e-mail is the one already on its way
    twin = signup.register(reload(event.event_id), person(1, email="  ola@example.COM "))
    assert (twin.registration_id, twin.status, twin.messages) == (first.registration_id, "confirmed", ())
    # later: the owner is told the truth once an hour; the answer looks like a new sign-up
    time_machine.move_to(start + timedelta(minutes=11), tick=False)
    again = signup.register(reload(event.event_id), person(1, email="ola@example.com"))
    assert again.status == "confirmed" and again.registration_id != first.registration_id
    assert [m.kind for m in again.messages] == ["already_registered"]
    assert again.messages[0].registration_id == first.registration_id
    time_machine.move_to(start + timedelta(minutes=50), tick=False)
    assert signup.register(reload(event.event_id), person(1, email="ola@example.com")).messages == ()
    time_machine.move_to(start + timedelta(minutes=72), tick=False)
    told = signup.register(reload(event.event_id), person(1, email="ola@example.com")).messages
    assert [m.kind for m in told] == ["already_registered"]
    assert list(statuses(event.event_id)) == ["ola@example.com"]
    assert int(reload(event.event_id).taken) == 1


def test_cancelled_person_may_register_again():
    event = published_event(capacity=5)
    first = signup.register(reload(event.event_id), person(1))
    leaving.cancel(store.load_registration(event.event_id, first.registration_id))
    second = signup.register(reload(event.event_id), person(1))
    assert second.status == "confirmed" and second.messages[0].kind == "confirmation"


def test_session_seats_are_counted_separately():
    sessions = [{"id": "a", "title": "A", "capacity": 1}, {"id": "b", "title": "B", "capacity": 5}]
    event = published_event(capacity=10, sessions=sessions)
    one = signup.register(reload(event.event_id), person(1, sessions=["a"]))
    two = signup.register(reload(event.event_id), person(2, sessions=["a"], waitlist=True))
    three = signup.register(reload(event.event_id), person(3, sessions=["b"]))
    assert (one.status, two.status, three.status) == ("confirmed", "waitlisted", "confirmed")
    leaving.cancel(store.load_registration(event.event_id, one.registration_id))
    assert statuses(event.event_id)["person2@example.com"] == "confirmed"
    current = reload(event.event_id)
    assert current.session_taken == {"a": 1, "b": 1}
    assert int(current.taken) == 2 and int(current.waiting) == 0


def test_approval_takes_a_seat_only_when_approved():
    event = published_event(capacity=1, requires_approval=True)
    a = signup.register(reload(event.event_id), person(1))
    b = signup.register(reload(event.event_id), person(2))
    assert (a.status, b.status) == ("pending_approval", "pending_approval")
    assert int(reload(event.event_id).taken) == 0
    assert moving_up.approve(store.load_registration(event.event_id, a.registration_id)).status == "confirmed"
    assert moving_up.approve(store.load_registration(event.event_id, b.registration_id)).status == "waitlisted"
    with pytest.raises(InvalidTransition):
        moving_up.approve(store.load_registration(event.event_id, b.registration_id))
    rejected = leaving.reject(store.load_registration(event.event_id, a.registration_id))
    assert rejected.status == "rejected"
    assert statuses(event.event_id)["person2@example.com"] == "confirmed"


def test_invite_only_needs_a_valid_code():
    event = published_event(invite_only=True, invite_codes=["RGR-2026"])
    with pytest.raises(InvalidInput) as refused:
        signup.register(reload(event.event_id), person(1, invite_code="WRONG"))
    assert set(refused.value.fields) == {"invite_code"}
    assert signup.register(reload(event.event_id), person(1, invite_code="rgr-2026")).status == "confirmed"


def test_double_opt_in_takes_the_seat_after_the_click():
    event = published_event(capacity=1, double_opt_in=True)
    outcome = signup.register(reload(event.event_id), person(1))
    assert outcome.status == "pending_email" and outcome.messages[0].kind == "pending_email"
    assert int(reload(event.event_id).taken) == 0
    registration = store.load_registration(event.event_id, outcome.registration_id)
    assert moving_up.confirm_email(registration).status == "confirmed"
    assert int(reload(event.event_id).taken) == 1


def test_full_event_without_waitlist_refuses():
    event = published_event(capacity=1, waitlist_enabled=False)
    signup.register(reload(event.event_id), person(1))
    with pytest.raises(EventFull):
        signup.register(reload(event.event_id), person(2))
    assert list(statuses(event.event_id)) == ["person1@example.com"]


def test_registration_window_and_event_state():
    from datetime import datetime, timedelta

    soon = datetime.now(UTC) + timedelta(days=2)
    later = published_event(registration_opens_at=soon.isoformat())
    with pytest.raises(RegistrationNotOpenYet):
        signup.register(reload(later.event_id), person(1))
    past = datetime.now(UTC) - timedelta(days=1)
    closed = published_event(registration_opens_at=(past - timedelta(days=1)).isoformat(),
                             registration_closes_at=past.isoformat())
    with pytest.raises(RegistrationClosed):
        signup.register(reload(closed.event_id), person(1))
    cancelled = published_event()
    events.cancel_event(admin(), cancelled.event_id)
    with pytest.raises(EventNotOpen):
        signup.register(reload(cancelled.event_id), person(1))


def test_form_errors_name_each_field():
    questions = [
        {"id": "need", "type": "checkbox", "label": "Need interpreter?"},
        {"id": "lang", "type": "choice", "required": True, "label": "Which language?",
         "options": ["Ukrainian", "English"], "show_if": {"question": "need", "equals": True}},
        {"id": "about", "type": "text", "label": "About you", "max_length": 10},
    ]
    event = published_event(questions=questions, sessions=[{"id": "s1", "title": "S", "capacity": 3}])
    with pytest.raises(InvalidInput) as refused:
        signup.register(reload(event.event_id), {
            "name": "", "email": "not-an-address", "consent": False,
            "answers": {"need": True, "about": "x" * 11, "nope": 1}, "sessions": ["zzz"]})
    assert set(refused.value.fields) == {"name", "email", "consent", "answers.lang", "answers.about",
                                         "answers.nope", "sessions"}
    # the conditional question is not asked when its condition is not met
    ok = signup.register(reload(event.event_id), person(1, answers={"about": "hi"}, sessions=["s1"]))
    assert ok.status == "confirmed"
    assert statuses(event.event_id) == {"person1@example.com": "confirmed"}


def test_no_name_or_address_in_any_key():
    import boto3

    event = published_event(capacity=1, sessions=[{"id": "s", "title": "S", "capacity": 1}])
    signup.register(reload(event.event_id), person(1, name="Anna Nowak", email="anna@example.com",
                                                          sessions=["s"]))
    signup.register(reload(event.event_id), person(2, name="Jan Kowalski", email="jan@example.com",
                                                          sessions=["s"], waitlist=True))
    items = boto3.client("dynamodb").scan(TableName="zapisy-test")["Items"]  # a test may look at everything
    key_names = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")
    keys = [item[k]["S"].lower() for item in items for k in key_names if k in item]
    assert len(items) >= 9 and keys
    assert not [k for k in keys if "@" in k or "anna" in k or "nowak" in k or "jan" in k.split("#")]


def test_no_scan_in_the_service_code():
    from pathlib import Path

    import chalicelib

    offenders = [str(path) for path in Path(chalicelib.__file__).parent.rglob("*.py")
                 if ".scan(" in path.read_text() or '"Scan"' in path.read_text()]
    assert offenders == []


def test_cancelling_while_being_promoted_cancels_the_seat_just_given():
    event = published_event(capacity=1)
    a, b, c = (signup.register(reload(event.event_id), person(n)) for n in range(3))
    assert [a.status, b.status, c.status] == ["confirmed", "waitlisted", "waitlisted"]
    stale_b = store.load_registration(event.event_id, b.registration_id)  # the manage page was read here
    leaving.cancel(store.load_registration(event.event_id, a.registration_id))  # b is promoted meanwhile
    assert statuses(event.event_id)["person1@example.com"] == "confirmed"
    outcome = leaving.cancel(stale_b)
    assert outcome.status == "cancelled"
    assert [m.kind for m in outcome.messages] == ["cancelled", "promoted"]  # c gets the seat b gave up
    assert statuses(event.event_id) == {"person0@example.com": "cancelled", "person1@example.com": "cancelled",
                                        "person2@example.com": "confirmed"}
    current = events.public_event(event.event_id)
    assert (int(current.taken), int(current.waiting)) == (1, 0)


def test_a_release_does_not_cancel_someone_who_is_no_longer_confirmed():
    event = published_event(capacity=1)
    first = signup.register(reload(event.event_id), person(0))
    stale = store.load_registration(event.event_id, first.registration_id)
    leaving.cancel(store.load_registration(event.event_id, first.registration_id))
    assert leaving.release_unconfirmed(stale).status == "cancelled"  # a twin did it: nothing to do
    again = signup.register(reload(event.event_id), person(0))
    stale = store.load_registration(event.event_id, again.registration_id)
    store_item = store.load_registration(event.event_id, again.registration_id)
    leaving.reject(store_item)
    with pytest.raises(InvalidTransition):
        leaving.release_unconfirmed(stale)
