"""Attendance marked by hand, from the signed paper sheet: one person and one unit, or a whole sheet.

A mark says present or absent for one unit (a session, or a day of an event without sessions)
and overrides what the door recorded, so a paper list can add the people the door never saw and
a mistaken scan can be taken back. Every change is logged on the registration (who, when, which
unit, present or not); a mark that changes nothing writes nothing. Marks are taken once the event
has started, only for confirmed people and only for units they were due at.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ..errors import Busy, InvalidInput, InvalidTransition, RegistrationNotFound, Text
from ..records import Event, Registration
from ..registration import attendance
from ..store import checkins as store
from ..store import registrations as registration_store
from ..vocabulary.statuses import EventStatus, Status

_ATTEMPTS = 4


@dataclass(frozen=True)
class SheetResult:
    """What saving a sheet did: how many marks changed, and to what."""

    marked_present: int = 0
    marked_absent: int = 0


def check_unit(event: Event, unit_id: Any) -> str:
    """The unit if the event has it; InvalidInput otherwise."""
    if not isinstance(unit_id, str) or unit_id not in {unit.unit_id for unit in attendance.units(event)}:
        raise InvalidInput(fields={"unit": Text("This event has no such session or day.")})
    return unit_id


def check_markable(event: Event, now: datetime) -> None:
    """Attendance is marked for an event that took place: not a cancelled one, not before it starts."""
    if event.status != EventStatus.PUBLISHED:
        raise InvalidTransition(Text("Attendance can be marked only for a published event."))
    if now < event.starts_at:
        raise InvalidTransition(Text("Attendance can be marked once the event has started."))


def _apply(event: Event, registration: Registration, unit_id: str, present: bool, by: str,
           now: datetime) -> Registration | None:
    """Store one mark on this copy of the registration; the registration as stored, or None when
    it changed meanwhile (read it again)."""
    if (unit_id in attendance.present(event, registration)) == present:
        return registration
    marks = {**registration.attendance_marks, unit_id: present}
    log = [*registration.attendance_log, {"unit": unit_id, "present": present, "by": by, "at": now.isoformat()}]
    if not store.set_attendance(registration, marks, log):
        return None
    return replace(registration, attendance_marks=marks, attendance_log=log)


def _due(event: Event, registration: Registration, unit_id: str) -> None:
    if registration.status != Status.CONFIRMED or registration.erased_at:
        raise InvalidTransition(Text("Only a person with a confirmed seat can be marked as present."))
    if unit_id not in {unit.unit_id for unit in attendance.units(event, registration)}:
        raise InvalidInput(fields={"unit": Text("This person is not signed up for this session.")})


def mark(event: Event, registration_id: str, unit_id: Any, present: bool, *, by: str,
         now: datetime | None = None) -> Registration:
    """Mark one person present or absent for one unit; the registration as now stored."""
    moment = now or datetime.now(UTC)
    check_markable(event, moment)
    unit_id = check_unit(event, unit_id)
    for _ in range(_ATTEMPTS):
        registration = registration_store.load_registration(event.event_id, registration_id)
        if registration is None:
            raise RegistrationNotFound()
        _due(event, registration, unit_id)
        stored = _apply(event, registration, unit_id, present, by, moment)
        if stored is not None:
            return stored
    raise Busy()


def due_at(event: Event, unit_id: str) -> list[Registration]:
    """The confirmed people due at a unit: the sign-in sheet's names."""
    return [r for r in registration_store.with_status(event.event_id, (Status.CONFIRMED.value,))
            if not r.erased_at and unit_id in {u.unit_id for u in attendance.units(event, r)}]


def save_sheet(event: Event, unit_id: Any, present_ids: Iterable[str], *, by: str,
               now: datetime | None = None) -> SheetResult:
    """Make the unit's attendance what the sheet says: the listed people present, the others on
    the sheet absent. Only the people whose attendance changes are written (and logged)."""
    moment = now or datetime.now(UTC)
    check_markable(event, moment)
    unit_id = check_unit(event, unit_id)
    chosen = set(present_ids)
    people = due_at(event, unit_id)
    unknown = chosen - {r.registration_id for r in people}
    if unknown:
        raise InvalidInput(fields={"present": Text("Some of the people marked are not on this sheet.")})
    counts = {True: 0, False: 0}
    for registration in people:
        wanted = registration.registration_id in chosen
        if (unit_id in attendance.present(event, registration)) == wanted:
            continue
        if _apply(event, registration, unit_id, wanted, by, moment) is None:  # changed since read: read again
            mark(event, registration.registration_id, unit_id, wanted, by=by, now=moment)
        counts[wanted] += 1
    return SheetResult(counts[True], counts[False])
