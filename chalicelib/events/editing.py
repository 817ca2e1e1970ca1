"""Changing or cancelling an event, and what that sets off for the people registered.

The JSON API and the dashboard's editor both come here, so an edit has the same consequences
wherever it is made: more seats go to the waiting list at once, and a new time or venue of a
published event is e-mailed to everyone it concerns. The e-mails come back as outbox messages
already committed; the caller hands them to delivery.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import auth
from ..notifications import broadcast
from ..registration import service as registrations
from ..store.models import EventItem, OutboxMessage
from . import service


@dataclass(frozen=True)
class Changed:
    """The event as it is now, and the e-mails the change queued."""

    event: EventItem
    messages: tuple[OutboxMessage, ...] = ()


def edit_event(organizer: auth.Organizer, event_id: str, data: Any) -> Changed:
    """Apply an organizer's changes (the API's PATCH object), then promote and announce as needed."""
    before = service.organizer_event(organizer, event_id, consistent=True)
    item = service.update_event(organizer, event_id, data)
    messages: list[OutboxMessage] = []
    if int(item.capacity) > int(before.capacity) or item.sessions != before.sessions:
        messages += registrations.promote_waitlisted(event_id)
    changes = broadcast.changes_between(before, item)
    if changes and item.status == "published":
        messages += broadcast.notify(item, "event_changed", broadcast.AFFECTED, {"changes": changes})
    return Changed(item, tuple(messages))


def cancel_event(organizer: auth.Organizer, event_id: str) -> Changed:
    """Cancel; everyone registered (waiting list and pending included) is told once.

    Only the call that moves the event to cancelled queues the e-mails: a repeated or concurrent
    cancel finds it cancelled already, or loses the conditional update, and queues nothing.
    """
    was_cancelled = service.organizer_event(organizer, event_id, consistent=True).status == "cancelled"
    item = service.cancel_event(organizer, event_id)
    if was_cancelled:
        return Changed(item)
    return Changed(item, tuple(broadcast.notify(item, "event_cancelled", broadcast.AFFECTED)))
