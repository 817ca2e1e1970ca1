"""Attendance by hand, from the sign-in sheet: one person's mark, or a whole sheet for one session or day.

Both doors (the JSON API and the dashboard's sheet page) come through here: the event must be one
the organizer may see; the rules themselves are in checkin/sheet.py.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...auth import Organizer
from ...errors import InvalidInput, Text
from ...records import Event, Registration
from .events import get as organizer_event


@dataclass(frozen=True)
class Sheet:
    """One unit's sign-in sheet: who was due, and who is counted as present now."""

    event: Event
    unit_id: str
    people: list[Registration]
    present: set[str]


def _who(organizer: Organizer) -> str:
    """Who made a mark, as the log shows it to other organizers: their address (else their id)."""
    return organizer.email or organizer.organizer_id


def read_mark(body: Any) -> tuple[Any, bool]:
    """{"unit": "<session id or day:YYYY-MM-DD>", "present": true|false}."""
    if not isinstance(body, dict):
        raise InvalidInput(fields={"body": Text("Send a JSON object.")})
    present = body.get("present")
    if not isinstance(present, bool):
        raise InvalidInput(fields={"present": Text("Say true for present or false for absent.")})
    return body.get("unit"), present


def mark(organizer: Organizer, event_id: str, registration_id: str, body: Any) -> tuple[Event, Registration]:
    """Mark one person present or absent for one unit; the event and the registration as now stored."""
    from ...checkin import sheet

    event = organizer_event(organizer, event_id, consistent=True)
    unit, present = read_mark(body)
    return event, sheet.mark(event, registration_id, unit, present, by=_who(organizer))


def sheet_of(organizer: Organizer, event_id: str, unit: Any) -> Sheet:
    """The sheet of one unit (the event's first when none is chosen)."""
    from ...checkin import sheet
    from ...registration import attendance

    event = organizer_event(organizer, event_id, consistent=True)
    unit_id = sheet.check_unit(event, unit or attendance.units(event)[0].unit_id)
    people = sheet.due_at(event, unit_id)
    present = {r.registration_id for r in people if unit_id in attendance.present(event, r)}
    return Sheet(event, unit_id, people, present)


def save_sheet(organizer: Organizer, event_id: str, unit: Any, present_ids: Iterable[str]) -> Any:
    """Make one unit's attendance what the signed sheet says."""
    from ...checkin import sheet

    event = organizer_event(organizer, event_id, consistent=True)
    return sheet.save_sheet(event, unit, present_ids, by=_who(organizer))
