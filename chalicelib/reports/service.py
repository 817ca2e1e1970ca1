"""A project's funder report for a period: its events, added up from their anonymous counts.

An event belongs to the period when its start, on the calendar of its own timezone, falls on one
of the period's days. Drafts and cancelled events are left out. The events come from the project
index, the registrations of events whose data is still held from their partitions (store/reports);
erased events bring the counts kept on them (reports/tally), so both add up alike.

Unique participants: people are told apart by the keyed hash of their e-mail address among the
events whose data is still held; an erased event adds its own number of distinct people, since
its hashes are gone (a person who came to two erased events counts twice).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..auth import Organizer
from ..errors import Forbidden, InvalidInput, Text
from ..records import Event
from ..store import reports as store
from ..vocabulary.statuses import EventStatus
from . import tally
from .tally import Counts, EventTally

LONGEST_PERIOD_DAYS = 5 * 366
_PROJECT = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_ZONE_SLACK = timedelta(hours=15)  # the widest UTC offsets: read a little more, then keep by local date
DIMENSIONS = ("audience", "kind", "language", "country")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive


@dataclass
class Report:
    """The figures of one project in one period, before small-cell suppression."""

    project: str
    period: Period
    events_held: int = 0
    events_upcoming: int = 0
    events_erased: int = 0
    totals: Counts = field(default_factory=Counts)
    held: Counts = field(default_factory=Counts)  # past events only: the attendance rate
    unique_participants: int = 0
    groups: dict[str, dict[str, Counts]] = field(default_factory=lambda: {d: {} for d in DIMENSIONS})
    events_by_kind: dict[str, int] = field(default_factory=dict)
    audience_labels: dict[str, dict] = field(default_factory=dict)  # option id -> {language: label}
    asks_country: bool = False


def this_year(today: date) -> Period:
    return Period(date(today.year, 1, 1), date(today.year, 12, 31))


def _day(value: str | None, name: str, errors: dict[str, Text]) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value and value.strip() else None
    except ValueError:
        errors[name] = Text("Enter a date as YYYY-MM-DD.")
        return None


def read_period(raw_start: str | None, raw_end: str | None, today: date) -> Period:
    """The period asked for; a missing end is the start's year end, no start at all means this year."""
    errors: dict[str, Text] = {}
    start, end = _day(raw_start, "from", errors), _day(raw_end, "to", errors)
    if errors:
        raise InvalidInput(fields=errors)
    default = this_year(today)
    start = start or (default.start if end is None else date(end.year, 1, 1))
    end = end or date(start.year, 12, 31)
    if end < start:
        raise InvalidInput(fields={"to": Text("The end date cannot be before the start date.")})
    if (end - start).days > LONGEST_PERIOD_DAYS:
        raise InvalidInput(fields={"to": Text("Choose a period of at most five years.")})
    return Period(start, end)


def check_project(organizer: Organizer, project: str | None) -> str:
    """The project, if it is one this organizer may report on (admins: any)."""
    if not project or not _PROJECT.fullmatch(project):
        raise InvalidInput(fields={"project": Text("Choose a project.")})
    if not organizer.can_manage(project):
        raise Forbidden(Text("You do not have access to this project."))
    return project


def _local_day(event: Event) -> date:
    try:
        zone = ZoneInfo(event.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return event.starts_at.astimezone(zone).date()


def events_in(project: str, period: Period) -> list[Event]:
    """The project's events that count in the period (not drafts, not cancelled)."""
    after = datetime.combine(period.start, time(), UTC) - _ZONE_SLACK
    before = datetime.combine(period.end + timedelta(days=1), time(), UTC) + _ZONE_SLACK
    return [event for event in store.project_events_starting(project, after, before)
            if event.status == EventStatus.PUBLISHED and period.start <= _local_day(event) <= period.end]


def event_tally(event: Event) -> EventTally:
    """Counts kept at erasure (written just before the first registration is erased), else live ones."""
    if event.anonymous_stats is not None:
        return tally.from_stats(event, event.anonymous_stats)
    return tally.from_registrations(event, store.registration_facts(event.event_id))


def _add_groups(target: dict[str, Counts], found: dict[str, Counts]) -> None:
    for key, counts in found.items():
        target.setdefault(key, Counts()).add(counts)


def project_report(organizer: Organizer, project: str | None, period: Period,
                   now: datetime | None = None) -> Report:
    """Add up the project's events in the period; Forbidden for another organizer's project."""
    project = check_project(organizer, project)
    moment = now or datetime.now(UTC)
    report = Report(project, period)
    people: set[str] = set()
    erased_people = 0
    for event in events_in(project, period):
        counted = event_tally(event)
        past = event.ends_at <= moment
        report.events_held += past
        report.events_upcoming += not past
        report.events_erased += counted.erased
        report.totals.add(counted.totals)
        if past:
            report.held.add(counted.totals)
        if counted.erased:
            erased_people += counted.unique_confirmed
        people |= counted.people
        report.events_by_kind[event.kind] = report.events_by_kind.get(event.kind, 0) + 1
        _add_groups(report.groups["kind"], {event.kind: counted.totals})
        for dimension in ("audience", "language", "country"):
            _add_groups(report.groups[dimension], counted.groups.get(dimension, {}))
        report.asks_country |= tally.country_question(event) is not None
        question = tally.audience_question(event)
        for option in (question or {}).get("options", []):
            label = option.get("label") or {}
            report.audience_labels.setdefault(str(option["id"]), label if isinstance(label, dict) else {"*": label})
    report.unique_participants = len(people) + erased_people
    return report
