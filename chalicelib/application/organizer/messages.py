"""An organizer writes to an event's registrants, chosen by status."""
from __future__ import annotations

from typing import Any

from ...auth import Organizer
from ..delivery import deliver
from .events import get as organizer_event


def message_registrants(organizer: Organizer, event_id: str, data: Any) -> int:
    """{subject, body, to: [confirmed|waitlisted|pending|checked_in|all]} → how many e-mails were queued."""
    from ...notifications import broadcast

    messages = broadcast.organizer_message(organizer_event(organizer, event_id), data)
    deliver(messages)
    return len(messages)
