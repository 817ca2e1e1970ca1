"""Copies of an event: one duplicate, or a series repeating it every week, two weeks or month.

Dates move in the event's own wall-clock time: a meeting at 10:00 in Warsaw stays at 10:00 when
summer time starts, so its UTC time changes by an hour. Every time of the event moves by the
same number of days (its end, the registration window, each session). "Every month" means the
same weekday of the same week of the month (the 2nd Tuesday); where a month has no 5th such
weekday, the last one.

A copy is a new event: a fresh id, the same definition, no registrations, its counters at zero.
Invitation codes are not carried over: they are stored only as hashes tied to the event they
were given for, so they would not open the copy; the organizer enters codes for it.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .. import auth
from ..errors import Busy, InvalidInput, Text
from ..records import Event, new_id
from ..store import events as store
from ..store.refusals import Contention, Refused
from ..vocabulary.statuses import EventStatus
from .service import organizer_event
from .spec import FIRST_YEAR, LAST_YEAR

# A code is kept only as a hash bound to its event, so no copy can inherit the source's codes.
COPIES_NEED_CODES = Text("The copies of an invite-only event have no invitation codes yet: create them as "
                         "drafts, add codes to each, then publish.")

EVERY = ("week", "2weeks", "month")
MIN_DATES, MAX_DATES = 2, 24


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The `nth` (1–5) `weekday` (Monday 0) of a month, or the month's last one if there is no `nth`."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    while day.month != month:
        day -= timedelta(days=7)
    return day


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def series_dates(first: date, count: int, every: str) -> list[date]:
    """`count` dates, `first` included, every week, two weeks or month (same weekday of the same week)."""
    if every == "week":
        return [first + timedelta(weeks=i) for i in range(count)]
    if every == "2weeks":
        return [first + timedelta(weeks=2 * i) for i in range(count)]
    if every != "month":
        raise ValueError(every)
    nth = (first.day - 1) // 7 + 1
    dates = []
    for i in range(count):
        year, month = _add_months(first.year, first.month, i)
        dates.append(nth_weekday(year, month, first.weekday(), nth))
    return dates


def shift_days(moment: datetime, zone: ZoneInfo, days: int) -> datetime:
    """The same wall-clock time `days` later in `zone`, in UTC (a day across a DST change is 23 or 25 h)."""
    local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=zone).astimezone(UTC)


def local_date(moment: datetime, zone_name: str) -> date:
    return moment.astimezone(ZoneInfo(zone_name)).date()


def _shift_iso(value: str | None, zone: ZoneInfo, days: int) -> str | None:
    if not value:
        return value
    return shift_days(datetime.fromisoformat(value), zone, days).isoformat()


def copy_of(source: Event, organizer: auth.Organizer, *, days: int, status: str = EventStatus.DRAFT,
            now: datetime | None = None) -> Event:
    """A new, unsaved event with the source's definition, every time `days` later (wall clock)."""
    zone = ZoneInfo(source.timezone)
    now = now or datetime.now(UTC)
    event_id = new_id(6)
    sessions = [dict(s, starts_at=_shift_iso(s.get("starts_at"), zone, days),
                     ends_at=_shift_iso(s.get("ends_at"), zone, days)) for s in source.sessions]
    starts_at = shift_days(source.starts_at, zone, days)
    optional: dict[str, Any] = {
        name: shift_days(getattr(source, name), zone, days)
        for name in ("registration_opens_at", "registration_closes_at") if getattr(source, name)}
    if source.reconfirm_days:
        optional["reconfirm_days"] = source.reconfirm_days
    return Event(
        event_id=event_id, project=source.project, status=status,
        kind=source.kind, title=dict(source.title), description=dict(source.description),
        starts_at=starts_at, ends_at=shift_days(source.ends_at, zone, days), timezone=source.timezone,
        venue=source.venue, capacity=source.capacity, taken=0, waiting=0,
        sessions=sessions, questions=list(source.questions),
        session_capacity={s["id"]: int(s["capacity"]) for s in sessions},
        session_taken={s["id"]: 0 for s in sessions}, session_waiting={s["id"]: 0 for s in sessions},
        languages=list(source.languages), audiences=list(source.audiences),
        requires_approval=source.requires_approval, invite_only=source.invite_only, invite_code_hashes=[],
        double_opt_in=source.double_opt_in, waitlist_enabled=source.waitlist_enabled,
        sessions_exclusive=source.sessions_exclusive,
        reminders=list(source.reminders), reconfirm_hours=source.reconfirm_hours,
        retention_days=source.retention_days, created_at=now, updated_at=now,
        created_by=organizer.organizer_id, **optional)


def duplicate(organizer: auth.Organizer, event_id: str, new_date: date | None = None) -> Event:
    """A new draft like the event; on `new_date` if given (every time moves by the same days)."""
    if new_date and not FIRST_YEAR <= new_date.year <= LAST_YEAR:
        raise InvalidInput(fields={"new_date": Text("Enter a date between %(first)s and %(last)s.",
                                                    {"first": FIRST_YEAR, "last": LAST_YEAR})})
    source = organizer_event(organizer, event_id, consistent=True)
    days = (new_date - local_date(source.starts_at, source.timezone)).days if new_date else 0
    item = copy_of(source, organizer, days=days)
    store.insert_event(item)
    return item


def read_series(count: Any, every: Any) -> tuple[int, str]:
    """The series' size and rhythm from untrusted input; InvalidInput names the field."""
    fields: dict[str, Text] = {}
    number = int(count) if isinstance(count, int) or (isinstance(count, str) and count.strip().isdigit()) else 0
    if not MIN_DATES <= number <= MAX_DATES:
        fields["count"] = Text("Enter a number from %(min)s to %(max)s.", {"min": MIN_DATES, "max": MAX_DATES})
    if every not in EVERY:
        fields["every"] = Text("Choose how often the event repeats.")
    if fields:
        raise InvalidInput(fields=fields)
    return number, str(every)


def planned_dates(source: Event, count: int, every: str) -> list[date]:
    """The local dates the series would have, the event's own first."""
    return series_dates(local_date(source.starts_at, source.timezone), count, every)


def planned_times(source: Event, count: int, every: str) -> list[tuple[datetime, datetime]]:
    """Start and end (UTC) of each date of the series, the event's own first."""
    zone = ZoneInfo(source.timezone)
    dates = planned_dates(source, count, every)
    return [(shift_days(source.starts_at, zone, (day - dates[0]).days),
             shift_days(source.ends_at, zone, (day - dates[0]).days)) for day in dates]


def create_series(organizer: auth.Organizer, event_id: str, count: Any, every: Any, *,
                  publish: bool = False) -> list[Event]:
    """Copies of the event on the series' later dates, written together: all of them or none."""
    number, rhythm = read_series(count, every)
    source = organizer_event(organizer, event_id, consistent=True)
    if publish and source.invite_only:
        raise InvalidInput(fields={"publish": COPIES_NEED_CODES})
    dates = planned_dates(source, number, rhythm)
    now = datetime.now(UTC)
    copies = [copy_of(source, organizer, days=(day - dates[0]).days,
                      status=EventStatus.PUBLISHED if publish else EventStatus.DRAFT, now=now) for day in dates[1:]]
    try:
        store.insert_events(copies)
    except (Contention, Refused):  # conflicts, or an id taken meanwhile: nothing was written
        raise Busy() from None
    return copies
