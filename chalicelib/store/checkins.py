"""Check-in marks on registration items and the check-in counters on the event item.

The first check-in of a registration sets `checked_in_at` (and `checked_in_by`); a session's
first check-in sets `checked_in_sessions[<session id>]`, and `checked_in_at` too if it is not set
yet (whoever came to a session came to the event). Each mark is one TransactWriteItems with the
event item's counters (`checked_in`, `session_checked_in[<session id>]`), and holds only while
the registration is confirmed, not marked yet (and, for a session, signed up for it): a second
scan changes nothing, a counter counts each person once, and a seat released or cancelled
meanwhile is never checked in.

The name search reads the event's registrations with a paginated Query of its partition, never
a Scan, and stops after a fixed number of items; the caller continues from the returned cursor.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from ..records import Registration
from ..vocabulary.statuses import Status
from . import keys
from .convert import event_ref, registration_record, registration_ref
from .models import EventItem, RegistrationItem
from .pages import decode_cursor, encode_cursor
from .refusals import Contention, Refused
from .transaction import Transaction

SEARCH_ATTRIBUTES = ("pk", "sk", "registration_id", "event_id", "status", "name", "email", "language",
                     "sessions", "checked_in_at", "checked_in_sessions", "erased_at")
SEARCH_PAGE = 200
_SESSION_VARIANTS = 4  # the registration's and the event's session maps, each present or (older items) not


def _eligible():
    return (RegistrationItem.status == Status.CONFIRMED) & RegistrationItem.erased_at.does_not_exist()


def _refs(registration: Registration) -> tuple[Any, Any]:
    return (registration_ref(registration.event_id, registration.registration_id),
            event_ref(registration.event_id))


def _commit(tx: Transaction) -> Refused | None:
    """Commit; the refusal if a condition failed. Endless conflicts count as a refusal too:
    the caller reads the registration again and decides afresh."""
    try:
        tx.commit()
    except Refused as refusal:
        return refusal
    except Contention:
        return Refused(set(), {})
    return None


def mark_event(registration: Registration, day: str, now: datetime, by: str) -> Registration | None:
    """Record the check-in at the door on `day` (a day unit) and count it; None if already recorded
    or no longer confirmed, else the registration as now stored."""
    reg, event = _refs(registration)
    tx = Transaction()
    tx.update("registration", reg,
              [RegistrationItem.checked_in_at.set(now), RegistrationItem.checked_in_by.set(by),
               RegistrationItem.checked_in_days.add({day})],
              condition=_eligible() & RegistrationItem.checked_in_at.does_not_exist())
    tx.update("event", event, [EventItem.checked_in.add(1)], condition=EventItem.pk.exists())
    if _commit(tx) is not None:
        return None
    return replace(registration, checked_in_at=now, checked_in_by=by,
                   checked_in_days=sorted({*registration.checked_in_days, day}))


def mark_day(registration: Registration, day: str) -> Registration | None:
    """Record a later day's arrival of someone checked in before (a multi-day event). The counters
    count people, so they stay; None if the day was recorded meanwhile or the seat is gone."""
    from .transaction import update_if

    item = registration_ref(registration.event_id, registration.registration_id)
    condition = (_eligible() & RegistrationItem.checked_in_at.exists()
                 & ~RegistrationItem.checked_in_days.contains(day))
    if not update_if(item, [RegistrationItem.checked_in_days.add({day})], condition):
        return None
    return replace(registration, checked_in_days=sorted({*registration.checked_in_days, day}))


def set_attendance(registration: Registration, marks: dict[str, bool], log: list[dict[str, Any]]) -> bool:
    """Store the organizer's marks and their log as a whole, if nobody changed them since
    `registration` was read; False when they did (the caller reads again) or the seat is gone."""
    from .transaction import update_if

    item = registration_ref(registration.event_id, registration.registration_id)
    stored = RegistrationItem.attendance_log
    unchanged = (stored.does_not_exist() if not registration.attendance_log
                 else stored == registration.attendance_log)
    return update_if(item, [RegistrationItem.attendance_marks.set(marks), stored.set(log)],
                     _eligible() & unchanged)


def _session_transaction(registration: Registration, session_id: str, now: datetime, by: str, *,
                         registration_map: bool, event_map: bool) -> Transaction:
    first_at_event = registration.checked_in_at is None
    marks = RegistrationItem.checked_in_sessions
    actions: list[Any] = [marks[session_id].set(now.isoformat()) if registration_map
                          else marks.set({session_id: now.isoformat()})]
    condition = (_eligible() & RegistrationItem.sessions.contains(session_id)
                 & (marks.exists() & marks[session_id].does_not_exist() if registration_map
                    else marks.does_not_exist()))
    if first_at_event:
        actions += [RegistrationItem.checked_in_at.set(now), RegistrationItem.checked_in_by.set(by)]
        condition &= RegistrationItem.checked_in_at.does_not_exist()
    else:
        condition &= RegistrationItem.checked_in_at.exists()
    counter = EventItem.session_checked_in
    event_actions: list[Any] = [counter[session_id].set((counter[session_id] | 0) + 1) if event_map
                                else counter.set({session_id: 1})]
    if first_at_event:
        event_actions.append(EventItem.checked_in.add(1))
    reg, event = _refs(registration)
    tx = Transaction()
    tx.update("registration", reg, actions, condition=condition)
    tx.update("event", event, event_actions,
              condition=EventItem.pk.exists() & (counter.exists() if event_map else counter.does_not_exist()))
    return tx


def _lacks(refusal: Refused, label: str, attribute: str) -> bool:
    """The refused item was stored before `attribute` existed (the transaction must create it)."""
    return label in refusal.labels and attribute not in refusal.items.get(label, {attribute: None})


def mark_session(registration: Registration, session_id: str, now: datetime, by: str) -> Registration | None:
    """Record the check-in to one session and count it; None if already recorded, not signed up or
    not confirmed, else the registration as now stored."""
    registration_map = event_map = True
    for _ in range(_SESSION_VARIANTS):
        refusal = _commit(_session_transaction(registration, session_id, now, by,
                                               registration_map=registration_map, event_map=event_map))
        if refusal is None:
            marked = {**registration.checked_in_sessions, session_id: now.isoformat()}
            if registration.checked_in_at is None:
                return replace(registration, checked_in_at=now, checked_in_by=by, checked_in_sessions=marked)
            return replace(registration, checked_in_sessions=marked)
        retry = False
        if registration_map and _lacks(refusal, "registration", "checked_in_sessions"):
            registration_map, retry = False, True
        if event_map and _lacks(refusal, "event", "session_checked_in"):
            event_map, retry = False, True
        if not retry:
            return None
    return None


def registrations_from(event_id: str, cursor: str | None, budget: int) -> Iterator[tuple[Registration, str]]:
    """The event's registrations in key order from `cursor`, at most `budget`, each with its cursor.

    The cursor of an item continues right after it. Only the fields a search shows are read.
    """
    pk = keys.event_pk(event_id)
    query = RegistrationItem.query(pk, RegistrationItem.sk.startswith("REG#"),
                                   last_evaluated_key=decode_cursor(cursor, "REG#", pk=pk),
                                   attributes_to_get=list(SEARCH_ATTRIBUTES), page_size=SEARCH_PAGE, limit=budget)
    for item in query:
        yield registration_record(item), encode_cursor({"pk": {"S": item.pk}, "sk": {"S": item.sk}}) or ""
