"""When an event takes registrations, how many seats are left, and which seats block a sign-up."""
from __future__ import annotations

from datetime import datetime

from ..records import Event
from ..vocabulary.seats import session_of
from ..vocabulary.statuses import EventStatus, RegistrationWindow


def registration_state(event: Event, now: datetime) -> str:
    """One of RegistrationWindow: open, not_open_yet, closed, cancelled, draft."""
    if event.status != EventStatus.PUBLISHED:
        return RegistrationWindow(event.status)
    if event.registration_opens_at and now < event.registration_opens_at:
        return RegistrationWindow.NOT_OPEN_YET
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        return RegistrationWindow.CLOSED
    return RegistrationWindow.OPEN


def seats_left(event: Event) -> int:
    return max(0, event.capacity - event.taken)


def session_seats_left(event: Event, session_id: str) -> int:
    return max(0, event.session_capacity.get(session_id, 0) - event.session_taken.get(session_id, 0))


def _counters(event: Event, resource: str) -> tuple[int, int, int]:
    """Capacity, seats taken and people waiting of one resource (see vocabulary/seats.py)."""
    sid = session_of(resource)
    if sid is None:
        return event.capacity, event.taken, event.waiting
    return (event.session_capacity.get(sid, 0), event.session_taken.get(sid, 0),
            event.session_waiting.get(sid, 0))


def blocked_resources(event: Event, resources: list[str]) -> list[str]:
    """Which of `resources` are full or have a queue, as the event (e.g. the refused one) says."""
    blocked = []
    for resource in resources:
        capacity, taken, waiting = _counters(event, resource)
        if taken >= capacity or waiting > 0:
            blocked.append(resource)
    return blocked


def fits(event: Event, resources: list[str]) -> bool:
    """A free seat in every resource, queue ignored: may this waitlisted person be promoted?"""
    return all(_counters(event, resource)[1] < _counters(event, resource)[0] for resource in resources)


def full_capacities(event: Event, resources: list[str]) -> dict[str, int]:
    """{resource: capacity} of the resources with no free seat (the queue ignored)."""
    return {r: _counters(event, r)[0] for r in resources if _counters(event, r)[1] >= _counters(event, r)[0]}


def anyone_waiting(event: Event) -> bool:
    return event.waiting > 0 or any(event.session_waiting.values())
