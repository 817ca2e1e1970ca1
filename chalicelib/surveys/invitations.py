"""After an event: each attendee gets the survey once, and later at most one reminder.

The hourly job looks at the published events with a survey that ended in the last two weeks. An
attendee (registration/attendance.attended) not invited yet is invited, whenever they were checked in; the
reminder goes REMIND_AFTER the invitation, if the event asks for one, only to those who have not
answered. Each e-mail is recorded on the registration in the same transaction as its outbox
message (store/surveys.py), so a second run, or a run killed half-way and started again, sends
nobody anything twice.

Both e-mails are of kind `survey`; the reminder carries `{"reminder": true}` and its own dedupe
key, so the same template says "a reminder" in its subject and first lines.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .. import auth
from ..events.survey import enabled, reminds
from ..records import Event, Message, Registration, new_message
from ..registration.attendance import attended
from ..store import events as event_store
from ..store import registrations as store
from ..store import surveys as survey_store
from ..vocabulary.statuses import EventStatus, Status

KIND = "survey"
INVITE_KEY = "survey"
REMIND_KEY = "survey_reminder"
REMIND_AFTER = timedelta(days=3)
WINDOW = timedelta(days=14)  # events that ended longer ago send nothing more
LONGEST_EVENT = timedelta(days=31)  # an event that ended in the window started at most this much before


@dataclass
class RunReport:
    events: int = 0
    invited: int = 0
    reminded: int = 0
    messages: list[Message] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"events": self.events, "invited": self.invited, "reminded": self.reminded}


def ended_events(now: datetime) -> list[Event]:
    """Published events with their survey on that ended in the last WINDOW (start-time index, no Scan)."""
    found: list[Event] = []
    cursor = None
    while True:
        items, cursor = event_store.events_starting(now - WINDOW - LONGEST_EVENT, now, cursor=cursor, limit=100)
        found += [event for event in items if event.status == EventStatus.PUBLISHED and enabled(event.survey)
                  and now - WINDOW <= event.ends_at <= now and event.erased_at is None]
        if not cursor:
            return found


def link_hash(registration: Registration) -> str:
    """The key of the registration's survey link: the hash of its derived token."""
    return auth.token_hash(auth.survey_token(registration.event_id, registration.registration_id))


def _message(registration: Registration, key: str, **payload: bool) -> Message:
    return new_message(KIND, registration.event_id, registration.registration_id, dedupe_key=key, payload=payload)


def invite(event: Event, registrations: list[Registration], now: datetime) -> list[Message]:
    """Queue the survey for every attendee who has not had it."""
    return survey_store.invite([(r, _message(r, INVITE_KEY), link_hash(r)) for r in registrations
                                if attended(event, r) and INVITE_KEY not in r.emails_queued], INVITE_KEY, now)


def due_for_reminder(registration: Registration, now: datetime) -> bool:
    invited = registration.emails_queued.get(INVITE_KEY)
    return (invited is not None and REMIND_KEY not in registration.emails_queued and not registration.survey_answered
            and datetime.fromisoformat(invited) + REMIND_AFTER <= now)


def remind(event: Event, registrations: list[Registration], now: datetime) -> list[Message]:
    """Queue the one reminder for those invited REMIND_AFTER ago or more who have not answered."""
    if not reminds(event.survey):
        return []
    return survey_store.remind([(r, _message(r, REMIND_KEY, reminder=True)) for r in registrations
                                if due_for_reminder(r, now)], REMIND_KEY, now)


def run(now: datetime) -> RunReport:
    """Invite and remind, event by event; the e-mails queued are in the report, to deliver."""
    report = RunReport()
    for event in ended_events(now):
        registrations = list(store.with_status(event.event_id, (Status.CONFIRMED,)))
        invited, reminded = invite(event, registrations, now), remind(event, registrations, now)
        report.events += 1
        report.invited += len(invited)
        report.reminded += len(reminded)
        report.messages += invited + reminded
    return report
