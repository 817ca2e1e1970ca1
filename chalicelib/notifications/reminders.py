"""Reminders before each event: every confirmed participant gets each due reminder exactly once.

The job runs every 15 minutes. For each upcoming event (found through the start-time index) it
takes the reminder offsets that are due and not yet done. If the clock jumped past several at
once, only the nearest is sent (two reminders in one minute help nobody) and the others are
marked done. People who registered after an offset came due do not get that reminder.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..records import Event, Message, new_message
from ..store import events as event_store
from ..store import registrations as store
from ..vocabulary.statuses import EventStatus, Status

LOOKAHEAD = timedelta(days=366)


@dataclass
class RunReport:
    events: int = 0
    queued: int = 0
    skipped_offsets: int = 0
    messages: list[Message] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"events": self.events, "queued": self.queued, "skipped_offsets": self.skipped_offsets}


def reminder_key(minutes: int) -> str:
    return f"reminder:{minutes}"


def due_offsets(event: Event, now: datetime) -> list[int]:
    """Offsets (minutes before start) whose moment has come and that are not done yet."""
    done = set(event.reminders_done)
    return sorted((m for m in event.reminders
                   if m not in done and event.starts_at - timedelta(minutes=m) <= now < event.starts_at),
                  reverse=True)


def upcoming_events(now: datetime) -> list[Event]:
    found: list[Event] = []
    cursor = None
    while True:
        items, cursor = event_store.events_starting(now, now + LOOKAHEAD, cursor=cursor, limit=100)
        found += items
        if not cursor:
            return found


def queue_reminders(event: Event, minutes: int, now: datetime) -> list[Message]:
    """Queue the reminder for `minutes` to every confirmed participant who signed up before it came due."""
    due = event.starts_at - timedelta(minutes=minutes)
    key = reminder_key(minutes)
    pairs = [(registration, new_message("reminder", event.event_id, registration.registration_id,
                                               dedupe_key=key))
             for registration in store.with_status(event.event_id, (Status.CONFIRMED,))
             if registration.created_at <= due and key not in registration.emails_queued
             and not registration.erased_at]
    return store.queue_once(pairs, key, now)


def run(now: datetime) -> RunReport:
    report = RunReport()
    for event in upcoming_events(now):
        if event.status != EventStatus.PUBLISHED:
            continue
        offsets = due_offsets(event, now)
        if not offsets:
            continue
        report.events += 1
        nearest = offsets[-1]
        messages = queue_reminders(event, nearest, now)
        report.messages += messages
        report.queued += len(messages)
        for minutes in offsets:  # the nearest is sent; the older ones would arrive too late
            event_store.mark_done(event.event_id, "reminders_done", minutes)
        report.skipped_offsets += len(offsets) - 1
    return report
