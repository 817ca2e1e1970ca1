"""Attendance per person: which parts of an event a confirmed person was due at, and came to.

The parts ("units") are the sessions the person signed up for; for an event without sessions,
its days on the calendar of its own timezone (one unit for a one-day event). What the door
recorded counts first — `checked_in_sessions`, and `checked_in_days` (plus the day of the first
check-in, for check-ins recorded before days were kept) — and an organizer's mark from the
sign-in sheet (`attendance_marks`: unit → present or not) overrides it, both ways: paper lists
still happen, and a mistaken scan can be corrected. Every mark is logged (`attendance_log`).

The share is attended units over due units: what certificates compare with their threshold and
what reports call "attended" (a share above 0).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..records import Event, Registration
from ..vocabulary.statuses import Status

DAY_PREFIX = "day:"
MAX_DAYS = 62  # an event longer than two months is counted by its first 62 days


@dataclass(frozen=True)
class Unit:
    """One part of an event a person is due at: a session id, or `day:YYYY-MM-DD`."""

    unit_id: str
    day: date | None = None  # for day units
    session: dict | None = None  # for session units: the event's session


@dataclass(frozen=True)
class Attendance:
    """How much of the event one person attended."""

    due: tuple[str, ...]
    attended: tuple[str, ...]

    @property
    def share(self) -> float:
        return len(self.attended) / len(self.due) if self.due else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


def zone(event: Event) -> tzinfo:
    try:
        return ZoneInfo(event.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def event_days(event: Event) -> list[date]:
    """The calendar days the event runs on, in its timezone; an end at midnight ends the day before."""
    local_zone = zone(event)
    first = event.starts_at.astimezone(local_zone).date()
    end = event.ends_at.astimezone(local_zone)
    last = end.date() - timedelta(days=1) if end.time() == end.time().min and end.date() > first else end.date()
    count = min(max((last - first).days + 1, 1), MAX_DAYS)
    return [first + timedelta(days=n) for n in range(count)]


def day_unit(day: date) -> str:
    return f"{DAY_PREFIX}{day.isoformat()}"


def event_day(event: Event, moment: datetime) -> str:
    """The day unit a check-in at `moment` counts for: its local day, or the nearest day of the event."""
    days = event_days(event)
    local = moment.astimezone(zone(event)).date()
    return day_unit(min(max(local, days[0]), days[-1]))


def units(event: Event, registration: Registration | None = None) -> list[Unit]:
    """The units a person is due at: their sessions, or the event's days. Without a registration: all
    of the event's units (every session, or every day)."""
    if event.sessions:
        chosen = set(registration.sessions) if registration is not None else None
        return [Unit(s["id"], session=s) for s in event.sessions if chosen is None or s["id"] in chosen]
    return [Unit(day_unit(day), day=day) for day in event_days(event)]


def recorded_at_door(event: Event, registration: Registration) -> set[str]:
    """The units the door recorded for this person."""
    if event.sessions:
        return set(registration.checked_in_sessions)
    found = set(registration.checked_in_days)
    if registration.checked_in_at is not None:
        found.add(event_day(event, registration.checked_in_at))
    return found


def present(event: Event, registration: Registration) -> set[str]:
    """The units counted as attended: the door's record, with the organizer's marks over it."""
    found = recorded_at_door(event, registration)
    for unit_id, mark in registration.attendance_marks.items():
        if mark:
            found.add(unit_id)
        else:
            found.discard(unit_id)
    return found


def of(event: Event, registration: Registration) -> Attendance | None:
    """The person's attendance; None for anyone without a confirmed seat (they were due at nothing)."""
    if registration.status != Status.CONFIRMED or registration.erased_at is not None:
        return None
    due = tuple(unit.unit_id for unit in units(event, registration))
    came = present(event, registration)
    return Attendance(due, tuple(unit for unit in due if unit in came))


def attended(event: Event, registration: Registration) -> bool:
    """Whether a person came at all: the one rule for whatever counts attendees (the survey, reports).
    A confirmed seat, and a check-in at the door or any part of the event attended."""
    found = of(event, registration)
    return found is not None and (registration.checked_in_at is not None or bool(found.attended))
