"""Erase the personal data of an event's registrations N days after it ends.

Before erasing, the event keeps what funder reports count: one fact per registration (status,
attended, language, audiences, country, and a project-scoped keyed hash of the person; see
chalicelib/reports/facts.py and store/facts.py) and its anonymous counts, so an erased event adds
up exactly as one whose data is still held, unique people included. The facts carry a TTL of
indicators.service.FACT_YEARS after the event's year.
The erased registration keeps no name, address, answers or link; a TTL then lets DynamoDB remove
the husk, so even a job that stopped running would not keep data forever once it has passed.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ..indicators.service import records_until
from ..records import Event, Registration
from ..reports.facts import facts_of
from ..reports.tally import count_registrations
from ..store import events as event_store
from ..store import facts as fact_store
from ..store import registrations as store
from ..vocabulary.statuses import ALL as STATUSES

HUSK_DAYS = 30


def erase_after(event: Event) -> datetime:
    return event.ends_at + timedelta(days=event.retention_days)


def anonymous_stats(event: Event, registrations: list[Registration]) -> dict:
    """Counts that name nobody: what funders ask for, kept after the data is gone."""
    return count_registrations(event, registrations)[0]


def erase_event(event: Event, now: datetime) -> int:
    registrations = list(store.with_status(event.event_id, STATUSES))
    if event.anonymous_stats is None:  # counted once, before the first erasure; facts first of all
        fact_store.keep_facts(event.event_id, facts_of(event, [r for r in registrations if not r.erased_at]),
                              records_until(event))
        event_store.keep_stats(event.event_id, {**anonymous_stats(event, registrations), "facts": True})
    erased = 0
    for registration in registrations:
        if registration.erased_at:
            continue
        store.erase(registration, now, now + timedelta(days=HUSK_DAYS))
        erased += 1
    event_store.mark_erased(event.event_id, now)  # only now: a run killed half-way is picked up again
    return erased


def run(now: datetime) -> dict[str, int]:
    """Erase every event whose retention has run out (events come from the start-time index)."""
    events = erased = 0
    cursor = None
    while True:
        items, cursor = event_store.events_starting(datetime(2000, 1, 1, tzinfo=now.tzinfo), now, cursor=cursor,
                                                    limit=100)
        for event in items:
            if event.erased_at is None and erase_after(event) <= now:
                erased += erase_event(event, now)
                events += 1
        if not cursor:
            return {"events": events, "registrations": erased}
