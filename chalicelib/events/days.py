"""Sessions as people read them: grouped by day under one heading, each with its short clock time.

A consultation day of 16 slots reads "Monday, 1 March 2027" once, then "09:00–09:30",
"09:30–10:00" …, in the form, the e-mails and the manage page alike. The same times tell which
sessions overlap, for events whose sessions exclude each other.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import format_date, format_datetime_range


@dataclass
class Day:
    """One day's heading ("" for sessions without a time) and its sessions, in time order."""

    heading: str
    sessions: list[dict[str, Any]] = field(default_factory=list)


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value) if value else None


def clock_range(starts: datetime, ends: datetime, zone: str) -> str:
    """"09:00–09:30" in the event's zone: how the slot generator names a slot."""
    local = ZoneInfo(zone)
    return f"{starts.astimezone(local):%H:%M}\u2013{ends.astimezone(local):%H:%M}"


def by_day(sessions: Iterable[dict[str, Any]], zone: str, language: str) -> list[Day]:
    """Each session (a dict with title, starts_at, ends_at) gains `time` (short, or the full range when
    it spans days) and `named_by_time` (its title is that time: say it once); grouped by local day."""
    days: dict[str, Day] = {}
    timed, untimed = [], []
    for session in sessions:
        starts, ends = _moment(session.get("starts_at")), _moment(session.get("ends_at"))
        if starts is None or ends is None:
            untimed.append({**session, "time": "", "named_by_time": False})
        else:
            timed.append((starts, ends, session))
    local = ZoneInfo(zone)
    for starts, ends, session in sorted(timed, key=lambda item: item[0]):
        one_day = starts.astimezone(local).date() == ends.astimezone(local).date()
        time = clock_range(starts, ends, zone) if one_day else format_datetime_range(starts, ends, zone, language)
        heading = format_date(starts, zone, language) if one_day else ""
        named_by = (time, f"{starts.astimezone(local):%H:%M}")  # "09:00–09:30", or its start alone
        days.setdefault(heading, Day(heading)).sessions.append(
            {**session, "time": time, "named_by_time": str(session.get("title", "")).strip() in named_by})
    days.setdefault("", Day("")).sessions.extend(untimed)
    return [day for day in days.values() if day.sessions]


def overlapping(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sessions that overlap in time with another of them (touching ends do not overlap)."""
    timed = [(s, _moment(s.get("starts_at")), _moment(s.get("ends_at"))) for s in sessions]
    timed = [(s, a, b) for s, a, b in timed if a is not None and b is not None]
    clashing = {id(s) for s, a, b in timed for t, c, d in timed if s is not t and a < d and c < b}
    return [s for s, _, _ in timed if id(s) in clashing]
