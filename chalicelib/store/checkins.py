"""Check-in marks on registration items: conditional updates only, so a second scan changes nothing.

The first check-in of a registration sets `checked_in_at` (and `checked_in_by`); a session's
first check-in sets `checked_in_sessions[<session id>]`, and `checked_in_at` too if it is not set
yet (whoever came to a session came to the event). Each update holds only while the registration
is confirmed (and, for a session, signed up for it), so a seat released or cancelled meanwhile is
never checked in.

The name search reads the event's registrations with a paginated Query of its partition, never
a Scan, and stops after a fixed number of items; the caller continues from the returned cursor.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from . import keys
from .models import RegistrationItem
from .pages import decode_cursor, encode_cursor
from .transaction import update_if

SEARCH_ATTRIBUTES = ("pk", "sk", "registration_id", "event_id", "status", "name", "email", "language",
                     "sessions", "checked_in_at", "checked_in_sessions", "erased_at")
SEARCH_PAGE = 200


def _eligible():
    return (RegistrationItem.status == "confirmed") & RegistrationItem.erased_at.does_not_exist()


def mark_event(registration: RegistrationItem, now: datetime, by: str) -> bool:
    """Record the check-in at the door; False if already recorded or no longer confirmed.

    When it applies, `registration` holds what is now stored.
    """
    return update_if(registration,
                     [RegistrationItem.checked_in_at.set(now), RegistrationItem.checked_in_by.set(by)],
                     _eligible() & RegistrationItem.checked_in_at.does_not_exist())


def mark_session(registration: RegistrationItem, session_id: str, now: datetime, by: str) -> bool:
    """Record the check-in to one session; False if already recorded, not signed up or not confirmed."""
    sessions = RegistrationItem.checked_in_sessions
    common = [RegistrationItem.checked_in_at.set(RegistrationItem.checked_in_at | now),
              RegistrationItem.checked_in_by.set(RegistrationItem.checked_in_by | by)]
    condition = _eligible() & RegistrationItem.sessions.contains(session_id)
    if update_if(registration, [sessions[session_id].set(now.isoformat()), *common],
                 condition & sessions.exists() & sessions[session_id].does_not_exist()):
        return True
    # Items written before the map existed have none: create it with this session in it.
    return update_if(registration, [sessions.set({session_id: now.isoformat()}), *common],
                     condition & sessions.does_not_exist())


def registrations_from(event_id: str, cursor: str | None, budget: int) -> Iterator[tuple[RegistrationItem, str]]:
    """The event's registrations in key order from `cursor`, at most `budget`, each with its cursor.

    The cursor of an item continues right after it. Only the fields a search shows are read.
    """
    pk = keys.event_pk(event_id)
    query = RegistrationItem.query(pk, RegistrationItem.sk.startswith("REG#"),
                                   last_evaluated_key=decode_cursor(cursor, pk=pk),
                                   attributes_to_get=list(SEARCH_ATTRIBUTES), page_size=SEARCH_PAGE, limit=budget)
    for item in query:
        yield item, encode_cursor({"pk": {"S": item.pk}, "sk": {"S": item.sk}}) or ""
