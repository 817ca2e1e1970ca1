"""One person stops an event's organizer messages, from the link in them (List-Unsubscribe, RFC 8058).

The link is its own proof: a mail program posts it without a login or a form (one click), so the
page's button and that post are the same request. Only organizer messages stop; what the person
needs about their seat (confirmations, reminders, changes) still comes.
"""
from __future__ import annotations

from datetime import UTC, datetime

from .manage import Own


def whose(token: str) -> Own:
    """The registration and event the link names; not found for anything else."""
    from ...registration.links import find_by_unsubscribe_token
    from ...store import events as event_store

    registration = find_by_unsubscribe_token(token)
    event = event_store.load_event(registration.event_id)
    if event is None:
        from ...errors import RegistrationNotFound

        raise RegistrationNotFound()
    return Own(registration, event)


def stop_messages(token: str) -> Own:
    """Record the wish on the registration (once; asking again answers the same)."""
    from ...registration.links import stop_messages as stop

    found = whose(token)
    return Own(stop(found.registration, datetime.now(UTC)), found.event)
