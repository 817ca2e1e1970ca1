"""Consultation slots: "16 slots of 30 minutes from 9:00 on 1 March, 1 person each".

Slots are sessions named by their local time ("09:00–09:30" in every language) with ids like
`slot-0900`. Times are wall-clock times in the event's time zone, so a day with a DST change still
gets its slots at the times on the door.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..fields import FieldErrors, integer
from .spec import FIRST_YEAR, LAST_YEAR, MAX_SESSIONS

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


@dataclass(frozen=True)
class SlotPlan:
    day: date
    start: time
    count: int
    minutes: int
    gap: int
    capacity: int


@dataclass(frozen=True)
class Slot:
    id: str
    title: str
    starts_at: datetime  # aware, in the event's zone
    ends_at: datetime


def read_slot_plan(data: dict[str, Any], room: int = MAX_SESSIONS) -> SlotPlan:
    """The generator's fields (slots_count, slots_minutes, slots_from, slots_date, slots_capacity,
    slots_break) as clean values; InvalidInput names each bad field. `room`: sessions still allowed."""
    errors = FieldErrors()
    data = {name: (value.strip() or None) if isinstance(value, str) else value for name, value in data.items()}
    count = integer(errors, data, "slots_count", minimum=1, maximum=max(1, room), required=True, form=True)
    minutes = integer(errors, data, "slots_minutes", minimum=5, maximum=24 * 60, required=True, form=True)
    capacity = integer(errors, data, "slots_capacity", minimum=1, maximum=100000, required=True, form=True)
    gap = integer(errors, data, "slots_break", minimum=0, maximum=24 * 60, default=0, form=True)
    match = _TIME.match(str(data.get("slots_from") or "").strip())
    if not match:
        errors.add("slots_from", "Enter a time like 09:00.")
    day = None
    try:
        day = date.fromisoformat(str(data.get("slots_date") or "").strip())
    except ValueError:
        errors.add("slots_date", "Enter a date like 2026-05-30.")
    if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors.add("slots_date", "Enter a date between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
    if room < 1:
        errors.add("slots_count", "An event can have at most %(max)s sessions.", max=MAX_SESSIONS)
    errors.raise_if_any()  # from here on every value is present and in range
    return SlotPlan(day, time(int(match.group(1)), int(match.group(2))), count, minutes, gap or 0, capacity)


def _free_id(wanted: str, taken: set[str], day: date) -> str:
    if wanted not in taken:
        return wanted
    dated = f"{wanted}-{day:%m%d}"
    candidate, n = dated, 2
    while candidate in taken:
        candidate, n = f"{dated}-{n}", n + 1
    return candidate


def make_slots(plan: SlotPlan, zone_name: str, taken_ids: set[str] | frozenset[str] = frozenset()) -> list[Slot]:
    """The slots of the plan, one after another with `gap` minutes between, in wall-clock time."""
    zone = ZoneInfo(zone_name)
    taken = set(taken_ids)
    first = datetime.combine(plan.day, plan.start)
    slots = []
    for index in range(plan.count):
        starts = first + timedelta(minutes=index * (plan.minutes + plan.gap))
        ends = starts + timedelta(minutes=plan.minutes)
        slot_id = _free_id(f"slot-{starts:%H%M}", taken, starts.date())
        taken.add(slot_id)
        slots.append(Slot(slot_id, f"{starts:%H:%M}\u2013{ends:%H:%M}", starts.replace(tzinfo=zone),
                          ends.replace(tzinfo=zone)))
    return slots
