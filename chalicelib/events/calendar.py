"""An event as a calendar entry, the same wherever it is read.

The board's feed, the event's own .ics and every e-mail attachment give the event one UID, so a
person who subscribes to the board and also keeps the e-mailed file sees the event once; the
SEQUENCE stored on the event (one more with every announced change) lets calendars apply an
update or a cancellation over what they already hold (RFC 5545/5546).
"""
from __future__ import annotations

from typing import Any

from ..calendar_file import event_uid
from ..fields import pick_language
from ..records import Event
from ..vocabulary.statuses import EventStatus


def calendar_entry(event: Event, language: str, url: str, *, cancelled: bool = False) -> dict[str, Any]:
    """The keyword arguments of calendar_file's event_calendar / one item of calendar_feed.

    `cancelled`: this person's entry goes away (their registration ended) though the event goes on.
    """
    from ..institutions.recent import directory

    institution = directory().institution_of(event.project)
    organizer = {"organizer": pick_language(institution.name, language), "organizer_email": institution.email} \
        if institution is not None and institution.email else {}
    return {**organizer, "uid": event_uid(event.event_id), "title": pick_language(event.title, language),
            "description": pick_language(event.description, language), "location": event.venue,
            "starts_at": event.starts_at, "ends_at": event.ends_at, "timezone": event.timezone, "url": url,
            "cancelled": cancelled or event.status == EventStatus.CANCELLED, "sequence": event.sequence}
