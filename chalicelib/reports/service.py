"""A project's funder report for a period: its events, listed, and added up from one fact per registration.

An event belongs to the period when its start, on the calendar of its own timezone, falls on one
of the period's days. Drafts and cancelled events are left out. The events come from the project
index; the facts of an event whose data is still held come from its registrations (store/reports),
those of an erased event from what retention kept of them (store/facts): the same facts, so the
report adds up alike before and after retention — people included.

Unique participants are people with a confirmed seat, told apart by a project-scoped keyed hash
of their address (reports/facts.py), across held and erased events alike: someone who comes again
after an earlier event was erased is one person. Only events erased before facts were kept (by an
older version) add their own number of people, who cannot be matched with anyone.

The figures are exact: organizers see them as they are. Small counts are hidden only in what is
made for publication (reports/tables.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..auth import Organizer
from ..errors import Forbidden, InvalidInput, Text
from ..records import Event, Fact
from ..store import reports as store
from ..vocabulary.statuses import EventStatus, Status
from . import facts, tally
from .tally import Counts

LONGEST_PERIOD_DAYS = 5 * 366
FIRST_YEAR, LAST_YEAR = 2000, 2100  # as for events (events/spec.py)
_PROJECT = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ZONE_SLACK = timedelta(hours=15)  # the widest UTC offsets: read a little more, then keep by local date
DIMENSIONS = ("audience", "kind", "language", "country")
INDICATOR = "indicator:"  # a breakdown by one of the project's indicator questions (vocabulary/indicators.py)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive


@dataclass
class Figures:
    """Registrations, participations (confirmed seats) and those attended, with the people behind them.

    People are project-scoped keys (reports/facts.py). An event erased before its facts were kept
    brings only its own count of people (`uncounted_people`), who cannot be matched with anyone."""

    registrations: int = 0
    confirmed: int = 0
    attended: int = 0
    people: set[str] = field(default_factory=set)
    attended_people: set[str] = field(default_factory=set)
    uncounted_people: int = 0

    def add_fact(self, fact: Fact) -> None:
        self.registrations += 1
        if fact.status == Status.CONFIRMED:
            self.confirmed += 1
            self.people.add(fact.person)
            if fact.attended:
                self.attended += 1
                self.attended_people.add(fact.person)

    def merge(self, other: Figures) -> None:
        """Add another event's or group's figures: the same people count once."""
        self.registrations += other.registrations
        self.confirmed += other.confirmed
        self.attended += other.attended
        self.people |= other.people
        self.attended_people |= other.attended_people
        self.uncounted_people += other.uncounted_people

    def add_counts(self, counts: Counts, people: int = 0) -> None:
        self.registrations += counts.registrations
        self.confirmed += counts.confirmed
        self.attended += counts.checked_in
        self.uncounted_people += people

    @property
    def unique(self) -> int:
        return len(self.people) + self.uncounted_people

    @property
    def unique_attended(self) -> int:
        return len(self.attended_people)


@dataclass(frozen=True)
class EventLine:
    """One event of the report's list."""

    event: Event
    figures: Figures
    past: bool
    erased: bool


@dataclass
class Report:
    """The figures of one project in one period, exact (suppression is for publication: tables.py)."""

    project: str
    period: Period
    events: list[EventLine] = field(default_factory=list)
    totals: Figures = field(default_factory=Figures)
    held: Figures = field(default_factory=Figures)  # past events only: the attendance rate
    groups: dict[str, dict[str, Figures]] = field(default_factory=lambda: {d: {} for d in DIMENSIONS})
    events_by_kind: dict[str, int] = field(default_factory=dict)
    audience_labels: dict[str, dict] = field(default_factory=dict)  # option id -> {language: label}
    asks_country: bool = False
    indicators: list[str] = field(default_factory=list)  # the project's questions: a breakdown each

    @property
    def events_held(self) -> int:
        return sum(line.past for line in self.events)

    @property
    def events_upcoming(self) -> int:
        return sum(not line.past for line in self.events)

    @property
    def events_erased(self) -> int:
        return sum(line.erased for line in self.events)

    @property
    def unique_participants(self) -> int:
        return self.totals.unique


def this_year(today: date) -> Period:
    return Period(date(today.year, 1, 1), date(today.year, 12, 31))


def _day(value: str | None, name: str, errors: dict[str, Text]) -> date | None:
    """YYYY-MM-DD exactly (fromisoformat alone also reads 20260530); empty for none."""
    if not value:
        return None
    try:
        if not _DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
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
    for name, day in (("from", start), ("to", end)):  # a typo far away (year 1) is no period to count
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise InvalidInput(fields={name: Text("Enter a date between %(first)s and %(last)s.",
                                                  {"first": FIRST_YEAR, "last": LAST_YEAR})})
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


def _facts(event: Event) -> Iterable[Fact] | None:
    """The event's facts: from its registrations while held, from what retention kept once erased;
    None for an event erased before facts were kept (its counts alone remain)."""
    from ..store import facts as kept

    if event.anonymous_stats is None:
        return facts.facts_of(event, store.registration_facts(event.event_id))
    if event.anonymous_stats.get("facts"):
        return kept.facts_of(event.event_id)
    return None


def _group_keys(event: Event, fact: Fact, people: dict[str, dict[str, str]],
                indicators: list[str]) -> dict[str, list[str]]:
    keys = {"kind": [event.kind], "language": [fact.language],
            "audience": list(fact.audiences) or [""]}
    if tally.country_question(event) is not None:
        keys["country"] = [fact.country]
    answers = people.get(fact.person, {})
    for indicator in indicators:  # what the person answered once for the project, else "not stated"
        keys[INDICATOR + indicator] = [answers.get(indicator, "")]
    return keys


def _add_event(report: Report, event: Event, figures: Figures, people: dict[str, dict[str, str]]) -> None:
    found = _facts(event)
    if found is None:  # erased by an older version: its counts, and its own number of people
        counted = tally.from_stats(event, event.anonymous_stats or {})
        figures.add_counts(counted.totals, counted.unique_confirmed)
        for dimension, groups in {"kind": {event.kind: counted.totals}, **counted.groups}.items():
            for key, counts in groups.items():
                report.groups.setdefault(dimension, {}).setdefault(key, Figures()).add_counts(counts)
        return
    for fact in found:
        figures.add_fact(fact)
        for dimension, keys in _group_keys(event, fact, people, report.indicators).items():
            for key in dict.fromkeys(keys):
                report.groups.setdefault(dimension, {}).setdefault(key, Figures()).add_fact(fact)


def project_report(organizer: Organizer, project: str | None, period: Period,
                   now: datetime | None = None) -> Report:
    """Add up the project's events in the period; Forbidden for another organizer's project."""
    from ..institutions.recent import directory
    from ..store import persons

    project = check_project(organizer, project)
    moment = now or datetime.now(UTC)
    record = directory().project(project)
    report = Report(project, period, indicators=list(record.indicators) if record else [])
    people = persons.answers_of_project(project) if report.indicators else {}
    for event in events_in(project, period):
        figures = Figures()
        _add_event(report, event, figures, people)
        past = event.ends_at <= moment
        report.events.append(EventLine(event, figures, past, event.erased_at is not None))
        report.totals.merge(figures)
        if past:
            report.held.merge(figures)
        report.events_by_kind[event.kind] = report.events_by_kind.get(event.kind, 0) + 1
        report.asks_country |= tally.country_question(event) is not None
        question = tally.audience_question(event)
        for option in (question or {}).get("options", []):
            label = option.get("label") or {}
            report.audience_labels.setdefault(str(option["id"]), label if isinstance(label, dict) else {"*": label})
    return report
