"""store/people.py, store/reports.py and store/facts.py in memory."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from chalicelib.records import Event, Fact, Registration

from .state import registrations_of_event, state

MAX_REGISTRATIONS = 1000


def registrations_of(email_hash: str) -> list[Registration]:
    if not email_hash:
        return []
    found = [r for r in state().registrations.values() if r.email_hash == email_hash and not r.erased_at]
    return sorted(found, key=lambda r: (r.created_at, f"REG#{r.registration_id}"))[:MAX_REGISTRATIONS]


def events_by_id(event_ids: Iterable[str]) -> dict[str, Event]:
    return {e: state().events[e] for e in set(event_ids) if e in state().events}


def project_events_starting(project: str, after: datetime, before: datetime) -> Iterator[Event]:
    lower, upper = after.strftime("%Y-%m-%dT%H:%M:%SZ"), before.strftime("%Y-%m-%dT%H:%M:%SZ")
    found = [e for e in state().events.values() if e.project == project
             and lower <= f"{e.starts_at.strftime('%Y-%m-%dT%H:%M:%SZ')}#{e.event_id}" <= upper]
    yield from sorted(found, key=lambda e: (e.starts_at, e.event_id))


def registration_facts(event_id: str) -> Iterator[Registration]:
    from chalicelib.store.reports import REGISTRATION_FACTS

    from .registrations import projected

    for registration in registrations_of_event(event_id):
        yield projected(registration, REGISTRATION_FACTS)


def keep_facts(event_id: str, facts: Iterable[Fact], expires_at: datetime) -> int:
    count = 0
    for fact in facts:
        state().facts[(event_id, fact.ref or fact.person)] = fact
        count += 1
    return count


def facts_of(event_id: str) -> Iterator[Fact]:
    yield from (fact for (event, _), fact in sorted(state().facts.items()) if event == event_id)
