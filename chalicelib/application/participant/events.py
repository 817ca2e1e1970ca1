"""What anyone may read: the board of published events, one event, and their calendars."""
from __future__ import annotations

from ...records import Event, Page


def board(cursor: str | None, limit: int) -> Page:
    """Published events that have not ended, soonest first."""
    from ...events import service as events

    return events.public_events(cursor, limit)


def event_for_sign_up(event_id: str) -> Event:
    """The event a sign-up is checked against: possibly a few seconds old (see events/recent.py)."""
    from ...events import service as events

    return events.event_to_register_for(event_id)


def event(event_id: str) -> Event:
    """A published or cancelled event (a draft is not found)."""
    from ...events import service as events

    return events.public_event(event_id)
