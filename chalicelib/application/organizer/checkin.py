"""Checking people in at the door, for the event or one session: by scanned or typed code, or
by a registration found by name. Idempotent: a second scan answers "already checked in"."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...auth import Organizer
from ...errors import InvalidInput, Text
from ...records import Event, Registration
from .events import get as organizer_event

MAX_INPUT = 100


@dataclass(frozen=True)
class Door:
    """The door of an event (or of one of its sessions), with the counts as they are now."""

    event: Event
    session_id: str | None


def door(organizer: Organizer, event_id: str, session: Any, *, consistent: bool = False) -> Door:
    """The event and the session chosen for the door; InvalidInput for a session it does not have."""
    from ...checkin import service

    event = organizer_event(organizer, event_id, consistent=consistent)
    return Door(event, service.check_session(event, session))


def read_code(code: Any, registration_id: Any) -> str:
    """Exactly one of a check-in code and a registration id, as text of at most MAX_INPUT characters."""
    values = []
    for name, value in (("code", code), ("registration_id", registration_id)):
        if value is None or value == "":
            continue
        if not isinstance(value, str) or len(value) > MAX_INPUT:
            raise InvalidInput(fields={name: Text("Use at most %(max)s characters.", {"max": MAX_INPUT})})
        values.append(value.strip())
    if len(values) != 1 or not values[0]:
        raise InvalidInput(fields={"code": Text("Send a check-in code or a registration id.")})
    return values[0]


def check_in(organizer: Organizer, event_id: str, value: str, session: Any) -> tuple[Event, Any]:
    """Check one person in; the event as it is now and the outcome (every outcome is an answer)."""
    from ...checkin import service

    place = door(organizer, event_id, session)
    outcome = service.check_in(place.event, value, place.session_id, by=organizer.organizer_id)
    return organizer_event(organizer, event_id, consistent=True), outcome


def search(organizer: Organizer, event_id: str, q: Any, cursor: str | None, limit: int,
           language: str = "en") -> tuple[Event, list[Registration], str | None]:
    """Confirmed people whose name contains every word of `q`, in the alphabet of `language`."""
    from ...checkin import service

    event = organizer_event(organizer, event_id)
    found, next_cursor = service.search(event, q, cursor, limit, language)
    return event, found, next_cursor
