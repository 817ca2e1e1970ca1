"""The seat counters in an item of their own: each guarantee of the sign-up transaction, named on
the new items, and the move of an old event's counters without changing any count."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import pytest

from bench.conference import conference, sign_up
from bench.invariants import audit_event
from chalicelib.errors import EventNotOpen, InvalidInput
from chalicelib.events import recent
from chalicelib.events import service as events
from chalicelib.registration import leaving, signup
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from tests.factories import admin, person, published_event

pytestmark = pytest.mark.usefixtures("aws")
TABLE = "zapisy-test"
COUNTERS = ("taken", "waiting", "pending", "session_taken", "session_waiting")


def raw(event_id: str, sk: str) -> dict | None:
    return boto3.client("dynamodb").get_item(TableName=TABLE, Key={"pk": {"S": f"EVENT#{event_id}"}, "sk": {"S": sk}},
                                             ConsistentRead=True).get("Item")


def counters(event_id: str) -> dict:
    from boto3.dynamodb.types import TypeDeserializer

    from bench.invariants import _plain

    item = raw(event_id, "META#SEATS")
    return {name: _plain(TypeDeserializer().deserialize(value)) for name, value in item.items()}


def reload(event_id: str):
    return events.public_event(event_id)


@pytest.fixture
def transactions(monkeypatch):
    """Every TransactWriteItems sent, as its list of items."""
    import botocore.client

    sent: list[list[dict]] = []
    original = botocore.client.BaseClient._make_api_call

    def recorded(client, operation, params):
        if operation == "TransactWriteItems":
            sent.append(params["TransactItems"])
        return original(client, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", recorded)
    return sent


def _sort_keys(transaction: list[dict]) -> list[str]:
    """The sort keys of the items a transaction writes or checks in event partitions."""
    found = []
    for entry in transaction:
        body = next(iter(entry.values()))
        key = body.get("Key") or body["Item"]
        if key["pk"]["S"].startswith("EVENT#"):
            found.append(key["sk"]["S"])
    return found


def test_a_sign_up_writes_the_small_counter_item_never_the_definition(transactions):
    day = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=30)
    event = events.publish_event(admin(), events.create_event(admin(), conference(1, day)).event_id)
    before = raw(event.event_id, "META")
    transactions.clear()
    outcome = signup.register(reload(event.event_id), sign_up(1))
    assert outcome.status == "confirmed"
    (sent,) = transactions
    assert sorted(sk.split("#")[0] for sk in _sort_keys(sent)) == ["EMAIL", "META", "REG"]
    assert "META#SEATS" in _sort_keys(sent) and "META" not in _sort_keys(sent)
    assert raw(event.event_id, "META") == before  # the definition, in three languages, is not rewritten
    from bench.units import item_bytes

    assert item_bytes(before) > 4 * item_bytes(raw(event.event_id, "META#SEATS"))
    assert item_bytes(raw(event.event_id, "META#SEATS")) < 1024


def test_no_overbooking_the_counter_item_refuses_a_seat_beyond_capacity():
    sessions = [{"id": "a", "title": "A", "capacity": 1}, {"id": "b", "title": "B", "capacity": 5}]
    event = published_event(capacity=2, sessions=sessions)
    outcomes = [signup.register(reload(event.event_id), person(n, sessions=["a"], waitlist=True)) for n in range(3)]
    assert [o.status for o in outcomes] == ["confirmed", "waitlisted", "waitlisted"]
    seats = counters(event.event_id)
    assert (seats["taken"], seats["session_taken"], seats["session_waiting"]) == (1, {"a": 1, "b": 0},
                                                                                 {"a": 2, "b": 0})
    assert all(name not in raw(event.event_id, "META") for name in COUNTERS)
    assert audit_event(boto3.client("dynamodb"), TABLE, event.event_id).problems == []


def test_nobody_jumps_the_queue_the_counter_items_waiting_count_holds_a_freed_seat():
    event = published_event(capacity=1)
    first, second = (signup.register(reload(event.event_id), person(n)) for n in (1, 2))
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    from chalicelib.store.models import SeatCounters
    from chalicelib.store.seats import counters_ref

    counters_ref(event.event_id).update(actions=[SeatCounters.taken.set(0)])  # a seat free, someone queued
    assert signup.register(reload(event.event_id), person(3)).status == "waitlisted"
    assert counters(event.event_id)["waiting"] == 2


def test_pending_registrations_are_counted_on_the_counter_item():
    event = published_event(capacity=3, double_opt_in=True)
    outcome = signup.register(reload(event.event_id), person(1))
    assert outcome.status == "pending_email" and counters(event.event_id)["pending"] == 1
    leaving.cancel(store.load_registration(event.event_id, outcome.registration_id))
    assert counters(event.event_id)["pending"] == 0 and reload(event.event_id).pending == 0


def test_a_sign_up_checked_against_an_old_definition_is_refused_by_the_counter_items_revision():
    event = published_event(capacity=3)
    cached = reload(event.event_id)
    question = {"id": "city", "type": "text", "required": True, "label": {"en": "City"}}
    edited = events.update_event(admin(), event.event_id, {"questions": [question]})
    assert counters(event.event_id)["revision"] == raw(event.event_id, "META")["updated_at"]["S"]
    assert edited.updated_at != cached.updated_at
    with pytest.raises(InvalidInput) as refused:  # checked again against the edited form
        signup.register(cached, person(1))
    assert "city" in str(refused.value.fields)
    assert counters(event.event_id)["taken"] == 0


def test_a_cancelled_event_refuses_a_sign_up_checked_against_its_published_definition():
    event = published_event(capacity=3)
    cached = reload(event.event_id)
    events.cancel_event(admin(), event.event_id)
    assert counters(event.event_id)["status"] == "cancelled"
    with pytest.raises(EventNotOpen):
        signup.register(cached, person(1))
    assert counters(event.event_id)["taken"] == 0


def test_lists_of_events_show_the_counts_from_the_counter_items():
    event = published_event(capacity=3)
    signup.register(reload(event.event_id), person(1))
    listed = [e for e in event_store.all_events(limit=50).items if e.event_id == event.event_id]
    assert [(e.taken, e.capacity) for e in listed] == [(1, 3)]


def _as_before(event_id: str) -> None:
    """Put the event back in the layout of events written before the counter item: its counters on
    the definition's item, no counter item."""
    client = boto3.client("dynamodb")
    seats = raw(event_id, "META#SEATS")
    meta = raw(event_id, "META")
    meta.update({name: seats[name] for name in COUNTERS})
    client.put_item(TableName=TABLE, Item=meta)
    client.delete_item(TableName=TABLE, Key={"pk": {"S": f"EVENT#{event_id}"}, "sk": {"S": "META#SEATS"}})


def _counts(event) -> tuple:
    return (event.capacity, event.taken, event.waiting, event.pending, event.session_capacity, event.session_taken,
            event.session_waiting)


def test_the_move_keeps_every_count_of_an_event_with_registrations_and_sessions():
    sessions = [{"id": "a", "title": "A", "capacity": 1}, {"id": "b", "title": "B", "capacity": 2}]
    event = published_event(capacity=3, sessions=sessions)
    for n, choice in enumerate((["a"], ["a"], ["b"], ["b"], ["b"], ["a", "b"])):
        signup.register(reload(event.event_id), person(n, sessions=choice, waitlist=True))
    pending_event = published_event(capacity=2, double_opt_in=True)
    signup.register(reload(pending_event.event_id), person(9))
    now = {e.event_id: _counts(event_store.load_event(e.event_id, consistent=True)) for e in (event, pending_event)}
    assert now[event.event_id][1:4] == (3, 2, 0) and now[pending_event.event_id][3] == 1
    for e in (event, pending_event):
        _as_before(e.event_id)
    recent.forget_all()

    from chalicelib.application.schedules.jobs import run_migrate

    assert run_migrate()["seat_counters_moved"] == 2
    assert run_migrate()["seat_counters_moved"] == 0  # run again: nothing left to move
    for e in (event, pending_event):
        assert _counts(event_store.load_event(e.event_id, consistent=True)) == now[e.event_id]
        assert all(name not in raw(e.event_id, "META") for name in COUNTERS)
        assert audit_event(boto3.client("dynamodb"), TABLE, e.event_id).problems == []
    assert signup.register(reload(event.event_id), person(20, sessions=["b"], waitlist=True)).status == "waitlisted"
    assert counters(event.event_id)["session_waiting"] == {"a": 2, "b": 3}


def test_an_old_event_read_before_the_move_has_its_counters_moved_on_that_read():
    event = published_event(capacity=1)
    signup.register(reload(event.event_id), person(1))
    _as_before(event.event_id)
    recent.forget_all()
    assert signup.register(reload(event.event_id), person(2)).status == "waitlisted"
    assert (counters(event.event_id)["taken"], counters(event.event_id)["waiting"]) == (1, 1)
    assert audit_event(boto3.client("dynamodb"), TABLE, event.event_id).problems == []


def test_an_old_event_met_in_a_list_has_its_counters_moved_before_anyone_writes_them():
    """Jobs walk events through an index and then cancel, release or promote: by then the counters
    must be in their item, or the seat transaction would have nothing to count on."""
    event = published_event(capacity=2, double_opt_in=True)
    signup.register(reload(event.event_id), person(1))
    before = _counts(event_store.load_event(event.event_id, consistent=True))
    _as_before(event.event_id)
    listed = [e for e in event_store.all_events(limit=50).items if e.event_id == event.event_id]
    assert [_counts(e) for e in listed] == [before]
    assert counters(event.event_id)["pending"] == 1 and "pending" not in raw(event.event_id, "META")
    registration = store.with_status(event.event_id, ["pending_email"])
    leaving.cancel(next(registration))
    assert counters(event.event_id)["pending"] == 0
    assert audit_event(boto3.client("dynamodb"), TABLE, event.event_id).problems == []
