"""The records every layer passes around: plain, typed, frozen.

The store (chalicelib/store) reads DynamoDB items into these and writes them back; nothing above
it sees a PynamoDB model. A record is a snapshot of what was stored when it was read: to change
something, the domain asks the store, which answers with the new record.
"""
from __future__ import annotations

import os
import zlib
from base64 import b32encode
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from .vocabulary.statuses import ACTIVE, EventStatus


def new_id(nbytes: int = 8) -> str:
    """A random, URL-safe, lowercase id (base32 without padding)."""
    return b32encode(os.urandom(nbytes)).decode().rstrip("=").lower()


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_STAMP_LETTERS = 10  # 26**10 milliseconds: beyond the year 6000


def ordered_registration_id(moment: datetime) -> str:
    """A registration's id: 16 characters of base32 (10 bytes, as check-in codes need) whose text
    sorts by sign-up time, so an event's registrations come out of its partition oldest first.

    The first ten characters are the millisecond in letters only (base 26: letters sort as the
    digits of base32 do not), the last six are random (30 bits within one millisecond).
    """
    number, stamp = int(moment.timestamp() * 1000), ""
    for _ in range(_STAMP_LETTERS):
        number, digit = divmod(number, len(_LETTERS))
        stamp = _LETTERS[digit] + stamp
    return stamp + new_id(5)[:6]


@dataclass(frozen=True)
class Event:
    """An event's definition, its seat counters (event and per session) and its job ledgers."""

    event_id: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    capacity: int
    created_at: datetime
    updated_at: datetime | None
    project: str = "default"
    status: str = EventStatus.DRAFT
    title: dict[str, str] = field(default_factory=dict)  # {language or "*": text}
    description: dict[str, str] = field(default_factory=dict)
    venue: str = ""
    taken: int = 0
    waiting: int = 0
    session_capacity: dict[str, int] = field(default_factory=dict)
    session_taken: dict[str, int] = field(default_factory=dict)
    session_waiting: dict[str, int] = field(default_factory=dict)
    pending: int = 0  # registrations waiting for an e-mail confirmation or an approval
    checked_in: int = 0  # people checked in (first mark only)
    session_checked_in: dict[str, int] = field(default_factory=dict)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    languages: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    requires_approval: bool = False
    invite_only: bool = False
    invite_code_hashes: list[str] = field(default_factory=list)
    double_opt_in: bool = False
    waitlist_enabled: bool = True
    sessions_exclusive: bool = False  # no two chosen sessions may overlap in time
    reminders: list[int] = field(default_factory=list)  # minutes before start
    reminders_done: list[int] = field(default_factory=list)
    reconfirm_days: int | None = None
    reconfirm_hours: int = 48
    reconfirm_done: list[str] = field(default_factory=list)
    retention_days: int = 90
    certificate: dict[str, Any] | None = None  # the certificate of attendance's settings (events/certificate_field)
    certificates_issued_at: datetime | None = None  # the after-event schedule issued them
    erased_at: datetime | None = None
    anonymous_stats: dict[str, Any] | None = None
    created_by: str = ""
    survey: dict[str, Any] | None = None  # {"enabled", "questions", "reminder"}: see events/survey.py
    survey_invited: int = 0  # people sent the survey (the answers are counted from the answers)
    sequence: int = 0  # the calendar entry's SEQUENCE: one more with every change or cancellation announced

    @property
    def session_ids(self) -> list[str]:
        return [s["id"] for s in self.sessions]


@dataclass(frozen=True)
class Registration:
    """One person's sign-up for one event, from sign-up to erasure."""

    registration_id: str
    event_id: str
    status: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    name: str | None = None
    email: str | None = None
    email_hash: str | None = None
    language: str = "pl"
    answers: dict[str, Any] = field(default_factory=dict)
    sessions: list[str] = field(default_factory=list)
    waiting_on: list[str] = field(default_factory=list)  # the seat counters it queues for
    queued_at: str | None = None
    wait_if_full: bool = False  # the person asked to wait for a chosen session if it is full (never chosen for them)
    consent_version: str | None = None
    consent_at: datetime | None = None
    manage_hash: str | None = None
    added_by: str | None = None  # the organizer who registered this person at a desk
    search_text: str | None = None
    resent_at: datetime | None = None
    already_told_at: datetime | None = None  # the last "already registered" e-mail
    emails_sent: dict[str, str] = field(default_factory=dict)  # {message key: ISO time}
    emails_queued: dict[str, str] = field(default_factory=dict)
    reconfirmed_at: datetime | None = None
    delivery_problem: str | None = None
    messages_stopped_at: datetime | None = None  # the person asked for no more organizer messages of the event
    checked_in_at: datetime | None = None
    checked_in_by: str | None = None
    checked_in_sessions: dict[str, str] = field(default_factory=dict)  # {session id: ISO time}
    checked_in_days: list[str] = field(default_factory=list)  # day units the door recorded (`day:YYYY-MM-DD`)
    attendance_marks: dict[str, bool] = field(default_factory=dict)  # {unit: present}, from the sign-in sheet
    attendance_log: list[dict[str, Any]] = field(default_factory=list)  # every mark: unit, present, by, at
    certificate_number: str | None = None  # the certificate of attendance issued to this person
    erased_at: datetime | None = None
    expires_at: datetime | None = None  # once erased: when DynamoDB removes the husk (TTL)
    survey_hash: str | None = None  # SHA-256 of the survey link's token, from the invitation to erasure
    survey_answered: bool = False  # the answers themselves are stored apart, without the person

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


@dataclass(frozen=True)
class Fact:
    """One registration as the funder's counts need it, and nothing else: kept when retention erases
    the registration (store/facts.py), so a report adds up the same before and after.

    `person` is a project-scoped keyed hash (auth.person_key), or `r-<registration id>` for someone
    added without an address: counted once, never matched with anyone."""

    person: str
    status: str
    attended: bool
    language: str = ""
    audiences: tuple[str, ...] = ()
    country: str = ""
    ref: str = ""  # which of the event's registrations it was (a person may have cancelled and come back)


@dataclass(frozen=True)
class Certificate:
    """A certificate of attendance: its number (printed, in the QR code, the public page's key), whose it
    is and in which language, and whether it was revoked. The holder's name is never copied here:
    the verification page reads it from the registration, so it goes when retention erases that."""

    number: str
    event_id: str
    registration_id: str
    language: str
    issued_at: datetime
    issued_by: str  # "schedule", or the organizer who issued it by hand
    share: float | None = None  # the attendance it was issued for
    revoked_at: datetime | None = None
    revoked_by: str | None = None


@dataclass(frozen=True)
class PersonAnswers:
    """One person's answers to a project's indicator questions, kept with the person (a project-scoped
    key, as in `Fact`), not with each registration: asked once per project."""

    project: str
    person: str
    answers: dict[str, str]
    answered_at: datetime
    special_consent_at: datetime | None = None  # the separate consent an Article 9 answer needs
    special_consent_version: str | None = None  # the privacy notice it agreed to


@dataclass(frozen=True)
class WaitPlace:
    """A waitlisted registration in queue order, with what promotion needs."""

    event_id: str
    registration_id: str
    queued_at: str
    sessions: list[str] = field(default_factory=list)
    waiting_on: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Message:
    """An e-mail to send, committed in the same transaction as the change it announces."""

    message_id: str
    shard: int
    due: str  # UTC, "%Y-%m-%dT%H:%M:%S.%fZ": the outbox is read in this order
    kind: str
    event_id: str
    registration_id: str
    dedupe_key: str  # recorded on the registration when sent: never sent twice
    payload: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
    lease_until: datetime | None = None
    last_error: str | None = None


def new_message(kind: str, event_id: str, registration_id: str, *, dedupe_key: str | None = None,
                payload: dict[str, Any] | None = None, due: datetime | None = None) -> Message:
    """A message to put in the outbox, spread over the stage's outbox shards by its id."""
    from .config import settings

    message_id = new_id(10)
    return Message(message_id, zlib.crc32(message_id.encode()) % settings().outbox_shards,
                   (due or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), kind, event_id, registration_id,
                   dedupe_key or kind, payload or {})


@dataclass(frozen=True)
class Suppression:
    """An address that bounced permanently or complained: nothing more is sent to it."""

    reason: str
    at: datetime


@dataclass(frozen=True)
class ExportRecord:
    """Who took which attendees out of zapisy, when, how."""

    export_id: str
    event_id: str
    project: str
    organizer_id: str
    organizer_email: str
    format: str
    filters: dict[str, Any]
    rows: int
    size: int
    delivery: str
    at: datetime


@dataclass(frozen=True)
class AdminAction:
    """One entry of the data-protection or organizers log (never a participant's address)."""

    entry_id: str
    area: str
    action: str
    organizer_id: str
    organizer_email: str
    at: datetime
    target: str = ""
    registrations: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Quota:
    """One more use of a limited allowance, counted in the same commit as what it allows: at most
    `limit` per fixed window of `window` under `key` (a keyed hash: nothing personal in keys)."""

    key: str
    limit: int
    window: timedelta
    now: datetime

    @property
    def slot(self) -> str:
        return str(int(self.now.timestamp()) // int(self.window.total_seconds()))

    def retry_after(self) -> int:
        """Seconds until the window ends and the allowance is whole again."""
        seconds = int(self.window.total_seconds())
        return seconds - int(self.now.timestamp()) % seconds


@dataclass(frozen=True)
class Institution:
    """The public body running projects: who people deal with, who controls their data, and what its
    accessibility statement says. Texts per language are {language: text}."""

    institution_id: str
    name: dict[str, str]
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    logo: str | None = None  # a logo id, served at /logos/<id>
    controller: dict[str, str] = field(default_factory=dict)  # the controller of personal data (name, address)
    dpo_name: str = ""
    dpo_email: str = ""
    dpo_phone: str = ""
    accessibility_contact: str = ""
    accessibility_email: str = ""
    accessibility_phone: str = ""
    accessibility_status: str = "partial"  # full | partial | none (the act's wording)
    accessibility_exceptions: dict[str, str] = field(default_factory=dict)  # what is not accessible, and why
    accessibility_premises: dict[str, str] = field(default_factory=dict)  # the venues' architectural accessibility
    statement_published: date | None = None
    statement_updated: date | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Project:
    """A funded project of an institution: every event belongs to one. Its funding line and the EU
    emblem appear wherever the project does; its privacy notice says why people's data is kept."""

    project_id: str
    institution_id: str
    name: dict[str, str]
    programme: dict[str, str] = field(default_factory=dict)  # the funding programme
    funding: dict[str, str] = field(default_factory=dict)  # the funding statement, per language
    eu_emblem: bool = False
    funder_logos: list[str] = field(default_factory=list)  # logo ids
    indicators: list[str] = field(default_factory=list)  # the questions for the funder's indicators, if any
    purposes: dict[str, str] = field(default_factory=dict)  # the privacy notice's choices, per language
    legal_basis: dict[str, str] = field(default_factory=dict)
    recipients: dict[str, str] = field(default_factory=dict)
    privacy_version: int = 1  # goes up with every change of the notice's text; kept with each consent
    privacy_changed: date | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Logo:
    """An uploaded image (PNG or a checked SVG), served by zapisy."""

    logo_id: str
    content_type: str
    data: bytes
    owner: str  # institution:<id> or project:<id>
    created_at: datetime | None = None


class Page(NamedTuple):
    """One page of a list and the cursor of the next (None at the end)."""

    items: list[Any]
    next: str | None


@dataclass(frozen=True)
class Found:
    """One page of a filtered list. `exhausted`: the read budget ran out before the page filled;
    `unsorted`: a list asked for by name had too many registrations to sort, so it is by sign-up time."""

    items: list[Registration]
    next: str | None
    exhausted: bool = False
    unsorted: bool = False
