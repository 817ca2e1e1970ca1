"""PynamoDB models of the single table.

| item             | pk                  | sk                          |
|------------------|---------------------|-----------------------------|
| event            | EVENT#<id>          | META                        |
| registration     | EVENT#<id>          | REG#<rid>                   |
| e-mail marker    | EVENT#<id>          | EMAIL#<keyed hash of e-mail>|
| waitlist place   | EVENT#<id>          | WAIT#<queued_at>#<rid>      |
| manage link      | MANAGE#<sha256(token)> | LINK                     |
| outbox message   | OUTBOX#<shard>      | <due ISO>#<msg id>          |
| survey link      | SURVEY#<sha256(token)> | LINK                     |
| survey answer    | ANSWERS#<event id>  | <random id>                 |

Registrations are also in a sparse index by the keyed hash of their address (`by_person`), so an
administrator can answer a person's access or erasure request across events; erasing removes the
hash, and with it the entry.

| seat counters    | EVENT#<id>          | META#SEATS                  |

No name or e-mail address is part of any key. An event's seat counters (event and per session,
with the pending count) live in a small item of their own next to the definition, so a sign-up's
transaction writes a few hundred bytes, not the definition in three languages; the counter item
carries the definition's status and revision, so that one conditional update still decides a seat
against the definition the sign-up was checked with (store/seats.py).
"""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.connection import TableConnection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from ..config import settings
from ..vocabulary.statuses import EventStatus
from .connection import shared_connection

EVENTS_BY_START = "by_start"
EVENTS_BY_PROJECT = "by_project"
REGISTRATIONS_BY_PERSON = "by_person"


class _Base(Model):
    class Meta:
        table_name = settings().table_name

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)

    @classmethod
    def _get_connection(cls) -> TableConnection:
        """PynamoDB's table connection, but talking through the one shared client."""
        table = super()._get_connection()
        client = shared_connection().client
        if table.connection._client is not client:
            table.connection._client = client
        return table


class EventsByStart(GlobalSecondaryIndex):
    """All events by start time, for the public board and the scheduled jobs (never a Scan)."""

    class Meta:
        index_name = EVENTS_BY_START
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class EventsByProject(GlobalSecondaryIndex):
    """The events of one project, for its organizers' dashboard."""

    class Meta:
        index_name = EVENTS_BY_PROJECT
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class RegistrationsByPerson(GlobalSecondaryIndex):
    """One address's registrations across events (sparse: only items with `email_hash`), keys only."""

    class Meta:
        index_name = REGISTRATIONS_BY_PERSON
        projection = KeysOnlyProjection()

    email_hash = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class EventItem(_Base):
    event_id = UnicodeAttribute()
    project = UnicodeAttribute(default="default")
    status = UnicodeAttribute(default=EventStatus.DRAFT.value)  # draft | published | cancelled
    kind = UnicodeAttribute()
    title = MapAttribute(default=dict)  # {lang: text}
    description = MapAttribute(default=dict)
    starts_at = UTCDateTimeAttribute()
    ends_at = UTCDateTimeAttribute()
    timezone = UnicodeAttribute()
    venue = UnicodeAttribute(default="")
    capacity = NumberAttribute()
    session_capacity = MapAttribute(default=dict)  # {sid: n}
    # Seat counters of events written before they moved to SeatCounters: read once, then moved.
    taken = NumberAttribute(null=True)
    waiting = NumberAttribute(null=True)
    session_taken = MapAttribute(null=True)
    session_waiting = MapAttribute(null=True)
    pending = NumberAttribute(null=True)
    checked_in = NumberAttribute(default=0)  # people checked in (first mark only), see store/checkins.py
    session_checked_in = MapAttribute(default=dict)  # {sid: people checked in to that session}
    sessions = JSONAttribute(default=list)
    questions = JSONAttribute(default=list)
    registration_opens_at = UTCDateTimeAttribute(null=True)
    registration_closes_at = UTCDateTimeAttribute(null=True)
    languages = ListAttribute(of=UnicodeAttribute, default=list)
    audiences = ListAttribute(of=UnicodeAttribute, default=list)
    requires_approval = BooleanAttribute(default=False)
    invite_only = BooleanAttribute(default=False)
    invite_code_hashes = ListAttribute(of=UnicodeAttribute, default=list)
    double_opt_in = BooleanAttribute(default=False)
    waitlist_enabled = BooleanAttribute(default=True)
    sessions_exclusive = BooleanAttribute(default=False)
    reminders = ListAttribute(of=NumberAttribute, default=list)  # minutes before start
    reminders_done = ListAttribute(of=NumberAttribute, default=list)  # offsets fully queued
    reconfirm_days = NumberAttribute(null=True)  # "still coming?" N days before; None: not asked
    reconfirm_hours = NumberAttribute(default=48)  # time to answer
    reconfirm_done = ListAttribute(of=UnicodeAttribute, default=list)  # phases done: asked, released
    retention_days = NumberAttribute(default=90)
    certificate = JSONAttribute(null=True)  # the certificate of attendance's settings
    certificates_issued_at = UTCDateTimeAttribute(null=True)
    erased_at = UTCDateTimeAttribute(null=True)
    anonymous_stats = JSONAttribute(null=True)  # counts kept after personal data is erased
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute(default="")
    survey = JSONAttribute(null=True)  # {"enabled", "questions", "reminder"}; None: no survey
    survey_invited = NumberAttribute(default=0)  # counted in the transactions that queue the invitations
    sequence = NumberAttribute(default=0)  # the calendar entry's SEQUENCE (store/events.announce_change)
    gsi1pk = UnicodeAttribute(default="EVENTS")
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    by_start = EventsByStart()
    by_project = EventsByProject()


class SeatCounters(_Base):
    """An event's seat counters: the small item every sign-up's transaction updates.

    `status` and `revision` (the definition's `updated_at`) are copied here by every edit of the
    definition, in the same transaction, so a sign-up's condition can name them without touching
    the definition's item.
    """

    status = UnicodeAttribute()
    revision = UTCDateTimeAttribute(null=True)
    capacity = NumberAttribute()
    taken = NumberAttribute(default=0)
    waiting = NumberAttribute(default=0)
    pending = NumberAttribute(default=0)  # registrations in pending_email or pending_approval, not erased
    session_capacity = MapAttribute(default=dict)  # {sid: n}
    session_taken = MapAttribute(default=dict)
    session_waiting = MapAttribute(default=dict)


class RegistrationItem(_Base):
    registration_id = UnicodeAttribute()
    event_id = UnicodeAttribute()
    status = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    email_hash = UnicodeAttribute(null=True)
    language = UnicodeAttribute(default="pl")
    answers = JSONAttribute(default=dict)
    sessions = ListAttribute(of=UnicodeAttribute, default=list)
    waiting_on = ListAttribute(of=UnicodeAttribute, default=list)  # seat counters it queues for
    queued_at = UnicodeAttribute(null=True)
    wait_if_full = BooleanAttribute(null=True)  # asked to wait for a chosen session if it is full; absent: no
    consent_version = UnicodeAttribute(null=True)
    consent_at = UTCDateTimeAttribute(null=True)
    manage_hash = UnicodeAttribute(null=True)
    added_by = UnicodeAttribute(null=True)  # the organizer who registered this person at a desk
    search_text = UnicodeAttribute(null=True)  # folded name and address, for organizers' search
    resent_at = UTCDateTimeAttribute(null=True)  # the confirmation last sent again by an organizer
    already_told_at = UTCDateTimeAttribute(null=True)  # the last "already registered" e-mail queued
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    emails_sent = MapAttribute(default=dict)  # {message key: ISO time}: guards against doubles
    emails_queued = MapAttribute(default=dict)  # {message key: ISO time}: scheduled mail queued once
    reconfirmed_at = UTCDateTimeAttribute(null=True)
    delivery_problem = UnicodeAttribute(null=True)
    messages_stopped_at = UTCDateTimeAttribute(null=True)  # no more organizer messages (List-Unsubscribe)
    checked_in_at = UTCDateTimeAttribute(null=True)  # the first check-in, at the door or to a session
    checked_in_by = UnicodeAttribute(null=True)  # the organizer who checked them in first
    checked_in_sessions = MapAttribute(default=dict)  # {session id: ISO time of its first check-in}
    checked_in_days = UnicodeSetAttribute(null=True)  # day units the door recorded (ADD: no read first)
    attendance_marks = JSONAttribute(null=True)  # {unit: present}: the organizer's marks from the sign-in sheet
    attendance_log = JSONAttribute(null=True)  # [{unit, present, by, at}]: every mark, for who changed what
    certificate_number = UnicodeAttribute(null=True)  # CERT#<number> is the certificate
    erased_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # set when erased: DynamoDB removes the husk later
    survey_hash = UnicodeAttribute(null=True)  # the survey link's key, removed with the link at erasure
    survey_answered = BooleanAttribute(null=True)  # set with the answer, in the same transaction
    by_person = RegistrationsByPerson()


class EmailMarker(_Base):
    """Holds the e-mail's place in an event: the transaction's guard against a second sign-up."""

    registration_id = UnicodeAttribute()


class WaitlistPlace(_Base):
    """A waitlisted registration in queue order, read with a strongly consistent Query.

    It carries what promotion needs (sessions, the counters it queues on), so promoting reads
    no registration item.
    """

    registration_id = UnicodeAttribute()
    sessions = ListAttribute(of=UnicodeAttribute, default=list)
    waiting_on = ListAttribute(of=UnicodeAttribute, default=list)


class ManageLink(_Base):
    """Maps the hash of a participant's secret link to their registration."""

    event_id = UnicodeAttribute()
    registration_id = UnicodeAttribute()


class SurveyAnswer(_Base):
    """One person's answers to an event's survey, and nothing else: no registration, no address, no
    link, no time. Its key is random (store/keys.answer_sk), so not even the order of answering is kept."""

    answers = JSONAttribute(default=dict)


class Suppression(_Base):
    """An address that bounced permanently or complained: nothing more is sent to it."""

    reason = UnicodeAttribute()
    at = UTCDateTimeAttribute()


class OutboxMessage(_Base):
    """An e-mail to send, committed in the same transaction as the change it announces."""

    message_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    event_id = UnicodeAttribute()
    registration_id = UnicodeAttribute()
    dedupe_key = UnicodeAttribute()  # recorded on the registration when sent
    payload = JSONAttribute(default=dict)
    attempts = NumberAttribute(default=0)
    lease_until = UTCDateTimeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
