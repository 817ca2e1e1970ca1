"""An organizer's events: create, read, list, change, publish, cancel, duplicate, repeat as a series.

The JSON API and the dashboard's editor come here alike, so an edit has the same consequences
wherever it is made: more seats go to the waiting list at once, a new time or venue of a
published event is e-mailed to everyone it concerns, and cancelling tells everyone registered,
once. Access: an organizer sees only their projects' events (events/service.organizer_event).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...auth import Organizer
from ...records import Event, Message, Page
from ...vocabulary.statuses import EventStatus
from ..delivery import delivered


@dataclass(frozen=True)
class Changed:
    """The event as it is now, and the e-mails the change queued (already handed to delivery)."""

    event: Event
    messages: tuple[Message, ...] = ()


def create(organizer: Organizer, data: Any) -> Event:
    from ...events import service

    return service.create_event(organizer, data)


def get(organizer: Organizer, event_id: str, *, consistent: bool = False) -> Event:
    """The event, if this organizer may see it (another project's event is not found)."""
    from ...events import service

    return service.organizer_event(organizer, event_id, consistent=consistent)


def editable(organizer: Organizer, event_id: str) -> Event:
    """The event to edit: a cancelled one is final (409)."""
    from ...events import service

    event = get(organizer, event_id, consistent=True)
    service.refuse_cancelled(event)
    return event


def list_events(organizer: Organizer, project: str | None, cursor: str | None, limit: int) -> Page:
    from ...events import service

    return service.list_organizer_events(organizer, project, cursor, limit)


def edit(organizer: Organizer, event_id: str, data: Any) -> Changed:
    """Apply an organizer's changes (the API's PATCH object), then promote and announce as needed."""
    from ...events import service
    from ...notifications import broadcast
    from ...registration.moving_up import promote_waitlisted

    before = get(organizer, event_id, consistent=True)
    event = service.update_event(organizer, event_id, data)
    messages: list[Message] = []
    if event.capacity > before.capacity or event.sessions != before.sessions:
        messages += promote_waitlisted(event_id)
    changes = broadcast.changes_between(before, event)
    if changes and event.status == EventStatus.PUBLISHED:
        event = service.announced(event)
        messages += broadcast.notify(event, "event_changed", broadcast.AFFECTED, {"changes": changes})
    return delivered(Changed(event, tuple(messages)))


def publish(organizer: Organizer, event_id: str) -> Event:
    from ...events import service

    return service.publish_event(organizer, event_id)


def cancel(organizer: Organizer, event_id: str) -> Changed:
    """Cancel; everyone registered (waiting list and pending included) is told once.

    Only the call that moves the event to cancelled queues the e-mails: a repeated or concurrent
    cancel finds it cancelled already, or loses the conditional update, and queues nothing.
    """
    from ...events import service
    from ...notifications import broadcast

    was_cancelled = get(organizer, event_id, consistent=True).status == EventStatus.CANCELLED
    event = service.cancel_event(organizer, event_id)
    if was_cancelled:
        return Changed(event)
    event = service.announced(event)
    return delivered(Changed(event, tuple(broadcast.notify(event, "event_cancelled", broadcast.AFFECTED))))


def duplicate(organizer: Organizer, event_id: str, new_date: date | None) -> Event:
    """A new draft like the event, on `new_date` if given."""
    from ...events import series

    return series.duplicate(organizer, event_id, new_date)


def series_plan(organizer: Organizer, event_id: str, count: Any, every: Any) -> tuple[Event, list[tuple]]:
    """The event and the start and end of each date a series would have (nothing saved)."""
    from ...events import series

    event = get(organizer, event_id, consistent=True)
    number, rhythm = series.read_series(count, every)
    return event, series.planned_times(event, number, rhythm)


def create_series(organizer: Organizer, event_id: str, count: Any, every: Any, *, publish: bool) -> list[Event]:
    """The copies on the series' later dates, all written or none."""
    from ...events import series

    return series.create_series(organizer, event_id, count, every, publish=publish)
