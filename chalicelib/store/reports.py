"""What funder reports read: a project's events by start time, and each event's registrations.

Both are Queries (the project index, the event's partition), page by page; never a Scan. Only
the attributes a count needs are read from registrations: no name, no address.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ..records import Event, Registration
from . import events, keys
from .convert import registration_record
from .models import EventItem, RegistrationItem

PAGE = 200
REGISTRATION_FACTS = ("pk", "sk", "registration_id", "status", "language", "answers", "email_hash",
                      "checked_in_at", "erased_at", "sessions", "checked_in_sessions", "checked_in_days",
                      "attendance_marks")


def _index_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")  # as in store.events.index_keys


def project_events_starting(project: str, after: datetime, before: datetime) -> Iterator[Event]:
    """The project's events starting in [after, before), soonest first, from the project index (with
    their seat counters, a BatchGetItem a page)."""
    query = EventItem.by_project.query(f"PROJECT#{project}",
                                       EventItem.gsi2sk.between(_index_time(after), _index_time(before)),
                                       page_size=PAGE)
    page: list[EventItem] = []
    for item in query:
        page.append(item)
        if len(page) == PAGE:
            yield from events.with_counters(page)
            page = []
    yield from events.with_counters(page)


def registration_facts(event_id: str) -> Iterator[Registration]:
    """Every registration of the event with just what a count needs, page by page."""
    for item in RegistrationItem.query(keys.event_pk(event_id), RegistrationItem.sk.startswith("REG#"),
                                       attributes_to_get=list(REGISTRATION_FACTS), page_size=PAGE):
        yield registration_record(item)
