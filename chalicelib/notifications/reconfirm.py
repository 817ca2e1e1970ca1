""""Still coming?": N days before an event, confirmed participants are asked to confirm.

Those who have not answered by the deadline are released: their seats go to the waitlist in
order, and everyone concerned is told (released, promoted).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ..records import Event, Message, Registration, new_message
from ..registration.leaving import release_unconfirmed
from ..store import events as event_store
from ..store import registrations as store
from ..vocabulary.statuses import EventStatus, Status
from .reminders import upcoming_events

ASK_KEY = "reconfirm"


def ask_at(event: Event) -> datetime | None:
    if not event.reconfirm_days:
        return None
    return event.starts_at - timedelta(days=event.reconfirm_days)


def deadline(event: Event) -> datetime | None:
    asked = ask_at(event)
    if asked is None:
        return None
    return min(asked + timedelta(hours=event.reconfirm_hours or 48), event.starts_at)


def still_coming(registration: Registration, now: datetime) -> bool:
    """The participant's answer: yes, I am coming (only a confirmed seat can be kept)."""
    return store.mark_reconfirmed(registration, now)


def _ask(event: Event, now: datetime) -> list[Message]:
    asked = ask_at(event)
    pairs = [(registration, new_message("reconfirm", event.event_id, registration.registration_id,
                                               dedupe_key=ASK_KEY,
                                               payload={"deadline": deadline(event).isoformat()}))
             for registration in store.with_status(event.event_id, (Status.CONFIRMED,))
             if asked and registration.created_at <= asked and not registration.reconfirmed_at
             and ASK_KEY not in registration.emails_queued]
    return store.queue_once(pairs, ASK_KEY, now)


def _release(event: Event) -> list[Message]:
    messages: list[Message] = []
    for registration in list(store.with_status(event.event_id, (Status.CONFIRMED,))):
        if ASK_KEY in registration.emails_queued and not registration.reconfirmed_at:
            messages += release_unconfirmed(registration).messages
    return messages


def run(now: datetime) -> dict[str, int | list[Message]]:
    messages: list[Message] = []
    asked = released = 0
    for event in upcoming_events(now - timedelta(days=1)):
        start, end = ask_at(event), deadline(event)
        if event.status != EventStatus.PUBLISHED or start is None or now < start:
            continue
        if "asked" not in event.reconfirm_done and now < end:
            new = _ask(event, now)
            asked += len(new)
            messages += new
            event_store.mark_done(event.event_id, "reconfirm_done", "asked")
        elif now >= end and "released" not in event.reconfirm_done:
            new = _release(event)
            released += sum(1 for m in new if m.kind == "released")
            messages += new
            event_store.mark_done(event.event_id, "reconfirm_done", "released")
    return {"asked": asked, "released": released, "messages": messages}
