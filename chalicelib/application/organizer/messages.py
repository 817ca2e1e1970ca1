"""An organizer writes to an event's registrants, chosen by status."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...auth import Organizer
from ..delivery import deliver
from .events import get as organizer_event

if TYPE_CHECKING:
    from ...notifications.broadcast import Broadcast


def message_registrants(organizer: Organizer, event_id: str, data: Any) -> Broadcast:
    """{subject, body, to: [confirmed|waitlisted|pending|checked_in|all]} → the e-mails queued, and how
    many people were left out because they stopped the event's organizer messages."""
    from ...notifications import broadcast

    sent = broadcast.organizer_message(organizer_event(organizer, event_id), data)
    deliver(sent.messages)
    return sent
