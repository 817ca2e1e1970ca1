"""Erase the personal data of an event's registrations N days after it ends.

Before erasing, the event keeps anonymous counts (by status, language, audience, kind and the
country answer, if asked) for funder reports. The erased registration keeps no name, address,
answers or link; a TTL then lets DynamoDB remove the husk, so even a job that stopped running
would not keep data forever once it has passed.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from ..store import events as event_store
from ..store import registrations as store
from ..store.models import EventItem, RegistrationItem

HUSK_DAYS = 30
STATUSES = ("pending_email", "pending_approval", "confirmed", "waitlisted", "cancelled", "rejected")


def erase_after(event: EventItem) -> datetime:
    return event.ends_at + timedelta(days=int(event.retention_days))


def anonymous_stats(event: EventItem, registrations: list[RegistrationItem]) -> dict:
    """Counts that name nobody: what funders ask for, kept after the data is gone."""
    country_questions = [q["id"] for q in event.questions if q.get("type") == "country"]
    stats: dict = {
        "kind": event.kind, "audiences": list(event.audiences), "project": event.project,
        "registrations": len(registrations),
        "by_status": dict(Counter(r.status for r in registrations)),
        "by_language": dict(Counter(r.language for r in registrations)),
        "checked_in": sum(1 for r in registrations if r.checked_in_at),
        "unique_participants": len({r.email_hash for r in registrations if r.email_hash}),
    }
    if country_questions:
        stats["by_country"] = dict(Counter(str(r.answers.get(country_questions[0], "")) or "?"
                                           for r in registrations if r.status == "confirmed"))
    return stats


def erase_event(event: EventItem, now: datetime) -> int:
    registrations = list(store.with_status(event.event_id, STATUSES))
    if event.anonymous_stats is None:  # counted once, before the first erasure
        event_store.keep_stats(event, anonymous_stats(event, registrations))
    erased = 0
    for registration in registrations:
        if registration.erased_at:
            continue
        store.erase(registration, now, now + timedelta(days=HUSK_DAYS))
        erased += 1
    event_store.mark_erased(event, now)  # only now: a run killed half-way is picked up again
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
