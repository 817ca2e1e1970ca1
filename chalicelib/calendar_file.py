"""iCalendar (.ics) files: one event for an e-mail attachment, many for a public feed.

Times are written in the event's own timezone with a VTIMEZONE block, so a
participant's calendar shows the right local time even across DST changes.
icalendar is imported inside the functions to keep Lambda cold starts lean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PRODID = "-//zapisy//Event registration//EN"
VERSION = "2.0"
CALSCALE = "GREGORIAN"
ALARM_ACTION = "DISPLAY"
METHODS = ("PUBLISH", "REQUEST", "CANCEL")
FEED_REFRESH = timedelta(hours=6)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
_EVENT_KEYS = ("uid", "title", "description", "location", "starts_at", "ends_at", "timezone", "url", "cancelled",
               "sequence", "organizer", "organizer_email")


def event_uid(event_id: str) -> str:
    """The event's one UID: the same in the board's feed, the event's .ics and every e-mail."""
    return f"{event_id}@zapisy"


def _one_line(value: str) -> str:
    """Titles, places and UIDs are single-line properties."""
    return " ".join(_LINE_BREAKS.sub(" ", _CONTROL.sub("", value or "")).split())


def _text(value: str) -> str:
    """Descriptions keep line breaks (icalendar escapes them) but lose other control characters."""
    return _CONTROL.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def _zone(name: str) -> Any:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _local(value: datetime, zone: Any) -> datetime:
    """Aware datetime in the event's zone (naive values are taken as UTC, as stored)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def _new_calendar(method: str) -> Any:
    from icalendar import Calendar

    method = (method or "PUBLISH").upper()
    if method not in METHODS:
        raise ValueError(f"unsupported iCalendar METHOD: {method!r}")
    cal = Calendar()
    # Values are passed as names, never literals: babel.cfg extracts `.add(name, "text")` as msgids.
    for name, value in (("prodid", PRODID), ("version", VERSION), ("calscale", CALSCALE), ("method", method)):
        cal.add(name, value)
    return cal


def _vevent(
    *,
    uid: str,
    title: str,
    description: str,
    location: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    url: str = "",
    cancelled: bool = False,
    sequence: int | None = None,
    organizer: str = "",
    organizer_email: str = "",
    stamp: datetime,
) -> Any:
    from icalendar import Alarm, Event, vCalAddress

    uid = _one_line(uid)
    if not uid:
        raise ValueError("an event needs a non-empty uid")
    zone = _zone(timezone)
    start = _local(starts_at, zone)
    end = _local(ends_at, zone) if ends_at is not None else start
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", max(end, start))
    event.add("summary", _one_line(title))
    if _text(description):
        event.add("description", _text(description))
    if _one_line(location):
        event.add("location", _one_line(location))
    if _one_line(url):
        event.add("url", _one_line(url))
    if _one_line(organizer_email):  # who runs the event: the institution (ORGANIZER needs an address)
        address = vCalAddress(f"mailto:{_one_line(organizer_email)}")
        if _one_line(organizer):
            address.params["cn"] = _one_line(organizer)
        event.add("organizer", address)
    status, transparency = ("CANCELLED", "TRANSPARENT") if cancelled else ("CONFIRMED", "OPAQUE")
    event.add("status", status)
    event.add("transp", transparency)
    if sequence is not None:
        event.add("sequence", int(sequence))
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", ALARM_ACTION)
        alarm.add("description", _one_line(title) or uid)
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
    return event


def _finish(cal: Any, starts: list[datetime]) -> bytes:
    """Add VTIMEZONEs covering the events (a narrow window keeps the file small)."""
    if starts:
        first = date(max(min(s.year for s in starts) - 1, 1971), 1, 1)
        last = date(max(s.year for s in starts) + 2, 1, 1)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()


def event_calendar(
    *,
    uid: str,
    title: str,
    description: str,
    location: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    url: str = "",
    method: str = "PUBLISH",
    cancelled: bool = False,
    sequence: int | None = None,
    organizer: str = "",
    organizer_email: str = "",
) -> bytes:
    """One-event .ics: the event's own file and every e-mail attachment (the event's one UID).

    PUBLISH for the entry and its updates (same UID, higher ``sequence``, DTSTAMP now);
    ``cancelled=True`` makes it a CANCEL with STATUS:CANCELLED, which removes the entry.
    """
    cal = _new_calendar("CANCEL" if cancelled else method)
    cancelled = cancelled or cal["method"] == "CANCEL"
    cal.add_component(
        _vevent(
            uid=uid,
            title=title,
            description=description,
            location=location,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=timezone,
            url=url,
            cancelled=cancelled,
            sequence=sequence,
            organizer=organizer,
            organizer_email=organizer_email,
            stamp=datetime.now(UTC),
        )
    )
    return _finish(cal, [_local(starts_at, _zone(timezone)), _local(ends_at or starts_at, _zone(timezone))])


def calendar_feed(events: Iterable[dict], name: str = "") -> bytes:
    """Public feed (``/events.ics``) with one VEVENT per dict (same keys as event_calendar)."""
    cal = _new_calendar("PUBLISH")
    if _one_line(name):
        cal.add("name", _one_line(name))
        cal.add("x-wr-calname", _one_line(name))
    cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", FEED_REFRESH)
    stamp = datetime.now(UTC)
    starts: list[datetime] = []
    for item in events:
        kwargs = {key: item[key] for key in _EVENT_KEYS if key in item}
        kwargs.setdefault("description", "")
        kwargs.setdefault("location", "")
        cal.add_component(_vevent(**kwargs, stamp=stamp))
        starts.append(_local(kwargs["starts_at"], _zone(kwargs.get("timezone", ""))))
    return _finish(cal, starts)
