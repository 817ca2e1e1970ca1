"""Published events kept for a few seconds per container, for sign-ups.

Under a burst of sign-ups every registration would read the same event item first, a third of
the calls it makes. Keeping it briefly is safe because the registration's transaction requires
the definition it was checked against to be the current one (the event's `updated_at`): a
sign-up checked against an event edited, closed or cancelled since is refused and checked
again with the item DynamoDB returned (`registration.signup.register`). Seat counts are never
read from here; the transaction's conditions decide seats.

The records are frozen, so the requests a container serves at once can share them.
"""
from __future__ import annotations

import threading

from cachetools import TTLCache

from ..records import Event
from ..store import events as store
from ..vocabulary.statuses import EventStatus

TTL_SECONDS = 30
_events: TTLCache[str, Event] = TTLCache(maxsize=512, ttl=TTL_SECONDS)
_lock = threading.Lock()  # chalice local serves requests on threads; TTLCache is not thread-safe


def published_event(event_id: str) -> Event | None:
    """The event if it exists (any status); a published one may come from the last 30 seconds."""
    with _lock:
        kept = _events.get(event_id)
    if kept is not None:
        return kept
    item = store.load_event(event_id)
    if item is not None:
        remember(item)
    return item


def remember(item: Event) -> None:
    """Keep a published event (others are not kept: they take no sign-ups)."""
    with _lock:
        if item.status == EventStatus.PUBLISHED:
            _events[item.event_id] = item
        else:
            _events.pop(item.event_id, None)


def forget_all() -> None:
    """Empty the cache (tests that rewrite the table underneath use it)."""
    with _lock:
        _events.clear()
