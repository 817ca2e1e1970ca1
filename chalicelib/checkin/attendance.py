"""Who attended an event: the one place that decides it, for whatever counts attendees."""
from __future__ import annotations

from ..records import Registration
from ..vocabulary.statuses import Status


def attended(registration: Registration) -> bool:
    """A confirmed registration that was checked in (at the door or to a session). Whatever else
    comes to say who attended (a share of sessions attended, say) replaces this rule here."""
    return (registration.status == Status.CONFIRMED and registration.checked_in_at is not None
            and not registration.erased_at)
