"""Taking a seat, a waiting-list place or a pending state: the loop every sign-up and every
approval goes through.

Each attempt hands one transaction to the store. When the store refuses because the world
changed underneath (a seat went, a queue formed, a seat freed), we decide again from the counter
item DynamoDB returned with the refusal, a bounded number of times.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from ..errors import Busy, EventFull, EventNotOpen, RegistrationClosed, RegistrationNotOpenYet, TooManyAttempts
from ..events.window import blocked_resources, registration_state
from ..records import Event, Message, Quota, Registration, new_message
from ..store import events as event_store
from ..store import registrations as store
from ..store.refusals import Contention, Refused
from ..vocabulary.seats import session_of
from ..vocabulary.statuses import EventStatus, RegistrationWindow, Status

PLACEMENT_ATTEMPTS = 6
# The e-mail each status is announced with (its kind in the outbox).
STATUS_EMAIL = {Status.CONFIRMED: "confirmation", Status.WAITLISTED: "waitlisted",
                Status.PENDING_APPROVAL: "pending_approval", Status.PENDING_EMAIL: "pending_email"}


@dataclass(frozen=True)
class Outcome:
    """What a client learns: the status and an id. `messages` are queued e-mails to hand to delivery."""

    registration_id: str
    status: str
    messages: tuple[Message, ...] = ()


class DefinitionChanged(Exception):
    """The event was edited after the sign-up was checked against it; `current` is the new one."""

    def __init__(self, current: Event) -> None:
        super().__init__(current.event_id)
        self.current = current


def now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_open(event: Event, moment: datetime) -> None:
    state = registration_state(event, moment)
    if state == RegistrationWindow.NOT_OPEN_YET:
        raise RegistrationNotOpenYet()
    if state == RegistrationWindow.CLOSED:
        raise RegistrationClosed()
    if state != RegistrationWindow.OPEN:
        raise EventNotOpen()


def first_status(event: Event) -> Status | None:
    """The status a new registration starts in without a seat, or None if it goes for a seat."""
    if event.double_opt_in:
        return Status.PENDING_EMAIL
    if event.requires_approval:
        return Status.PENDING_APPROVAL
    return None


def status_message(registration: Registration, status: str) -> list[Message]:
    """The e-mail announcing `status`, if the registration has an address."""
    if not registration.email:
        return []
    return [new_message(STATUS_EMAIL.get(status, status), registration.event_id, registration.registration_id,
                        dedupe_key=status)]


def refuse_full_sessions(event: Event, blocked: list[str], *, waitlist: bool) -> None:
    """Someone goes for a seat (signing up, confirming, approved): they wait for a full session only
    if they asked to (and the event keeps a waiting list); otherwise SessionFull names the sessions,
    in every language, so that a free one can be chosen."""
    from ..errors import SessionFull
    from ..i18n import SUPPORTED_LANGUAGES, InLanguages, pick_text

    full = [sid for sid in (session_of(r) for r in blocked) if sid is not None]
    if full and not (waitlist and event.waitlist_enabled):
        titles = {s["id"]: s["title"] for s in event.sessions}
        raise SessionFull(full, InLanguages({language: ", ".join(pick_text(titles.get(sid) or {"*": sid}, language)
                                                                  for sid in full)
                                             for language in SUPPORTED_LANGUAGES}))


def place(event: Event, registration: Registration, resources: list[str], *, new: bool,
          from_status: str | None = None, on_behalf: bool = False, check_definition: bool = False,
          quota: Quota | None = None, rechosen: bool = False) -> tuple[str, list[Message]]:
    """Commit the registration as confirmed, waitlisted or pending; return its status and e-mails.

    `quota` (a new registration only) is counted in the same commit: used up, nothing is written
    and TooManyAttempts says how long to wait. Whoever goes for a seat — signing up, at a desk,
    confirming their address, approved — is queued for a full session only if the registration
    says they asked to (`wait_if_full`); else SessionFull, and nothing is written. The event's own
    waiting list needs no asking, as at sign-up. `rechosen` (an existing registration): its
    sessions and `wait_if_full` were chosen again, and are written with the move.
    """
    held = first_status(event) if new and not on_behalf else None
    if from_status in (Status.PENDING_EMAIL, Status.PENDING_CHOICE) and event.requires_approval:
        held = Status.PENDING_APPROVAL
    mode, waiting_on = (store.HOLD, []) if held else (store.CONFIRM, [])
    for _ in range(PLACEMENT_ATTEMPTS):
        status = held or (Status.CONFIRMED if mode == store.CONFIRM else Status.WAITLISTED)
        queued_at = stamp(now()) + "#" + registration.registration_id if mode == store.WAIT else None
        placed = replace(registration, status=status, waiting_on=waiting_on, queued_at=queued_at)
        messages = status_message(placed, status)
        try:
            if new:
                store.insert(placed, mode=mode, resources=resources, messages=messages,
                             checked_against=event if check_definition else None, quota=quota)
            else:
                store.transition(placed, from_status=from_status or "", to_status=status, mode=mode,
                                 resources=resources, waiting_on=waiting_on, queued_at=queued_at,
                                 messages=messages, now=now(), rechosen=rechosen)
        except Refused as refusal:
            if quota is not None and "quota" in refusal.labels:
                raise TooManyAttempts(quota.retry_after()) from None
            if refusal.labels - {"event"}:
                raise
            current = event_store.after_refusal(event, refusal.items.get("event"))
            if current is None:
                raise EventNotOpen() from None
            if check_definition and current.updated_at != event.updated_at:
                raise DefinitionChanged(current) from None
            if current.status != EventStatus.PUBLISHED:
                raise EventNotOpen() from None
            blocked = blocked_resources(current, resources)
            refuse_full_sessions(current, blocked, waitlist=registration.wait_if_full)
            if blocked and not current.waitlist_enabled:
                raise EventFull() from None
            mode, waiting_on = (store.WAIT, blocked) if blocked else (store.CONFIRM, [])
            continue
        except Contention:
            raise Busy() from None
        return status, messages
    raise Busy()
