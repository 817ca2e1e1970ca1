"""When an event takes registrations, and how many seats are left."""
from __future__ import annotations

from datetime import datetime

from ..store.models import EventItem


def registration_state(item: EventItem, now: datetime) -> str:
    """One of: open, not_open_yet, closed, cancelled, draft."""
    if item.status != "published":
        return item.status
    if item.registration_opens_at and now < item.registration_opens_at:
        return "not_open_yet"
    closes = item.registration_closes_at or item.starts_at
    if now >= closes:
        return "closed"
    return "open"


def seats_left(item: EventItem) -> int:
    return max(0, int(item.capacity) - int(item.taken))


def session_seats_left(item: EventItem, session_id: str) -> int:
    capacity = item.session_capacity.as_dict().get(session_id, 0)
    taken = item.session_taken.as_dict().get(session_id, 0)
    return max(0, int(capacity) - int(taken))
