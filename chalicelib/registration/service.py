"""Registering, cancelling, approving and promoting: the seat rules of zapisy.

Each function reads what it needs, decides, and hands one transaction to the store. When the
store refuses because the world changed underneath (a seat went, a queue formed, a seat freed),
we decide again from the item DynamoDB returned with the refusal, a bounded number of times.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .. import auth
from ..config import settings
from ..errors import (
    Busy,
    EventFull,
    EventNotOpen,
    InvalidInput,
    InvalidTransition,
    RegistrationClosed,
    RegistrationNotFound,
    RegistrationNotOpenYet,
    Text,
)
from ..events.window import registration_state
from ..store import events as event_store
from ..store import outbox, seats
from ..store import registrations as store
from ..store.keys import event_pk, new_id, registration_sk
from ..store.models import EventItem, OutboxMessage, RegistrationItem
from ..store.transaction import Contention, Refused
from .form import RegistrationForm, read_form
from .listing import search_text

PLACEMENT_ATTEMPTS = 6
ACTIVE = ("pending_email", "pending_approval", "confirmed", "waitlisted")


@dataclass(frozen=True)
class Outcome:
    """What a client learns: the status and an id. `messages` are queued e-mails to hand to delivery."""

    registration_id: str
    status: str
    messages: tuple[OutboxMessage, ...] = ()


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _check_open(event: EventItem, now: datetime) -> None:
    state = registration_state(event, now)
    if state == "not_open_yet":
        raise RegistrationNotOpenYet()
    if state == "closed":
        raise RegistrationClosed()
    if state != "open":
        raise EventNotOpen()


def _first_status(event: EventItem) -> str | None:
    """The status a new registration starts in without a seat, or None if it goes for a seat."""
    if event.double_opt_in:
        return "pending_email"
    if event.requires_approval:
        return "pending_approval"
    return None


STATUS_EMAIL = {"confirmed": "confirmation", "waitlisted": "waitlisted",
                "pending_approval": "pending_approval", "pending_email": "pending_email"}


class DefinitionChanged(Exception):
    """The event was edited after the sign-up was checked against it; `current` is the new one."""

    def __init__(self, current: EventItem) -> None:
        super().__init__(current.event_id)
        self.current = current


def register(event: EventItem, data: object) -> Outcome:
    """Sign a participant up: seat, waitlist place or pending state, in one transaction.

    A second sign-up with the same address creates nothing: the address gets an e-mail that
    tells the truth and carries its manage link, while the response looks like a new one.
    `event` may be a few seconds old (see `events.recent`): the commit requires the definition
    checked here to be the current one, and if it was edited meanwhile, the sign-up is checked
    again against the event DynamoDB returned with the refusal.
    """
    from ..events import recent

    for _ in range(PLACEMENT_ATTEMPTS):
        try:
            return _register(event, data)
        except DefinitionChanged as change:
            event = change.current
            recent.remember(event)
    raise Busy()


def _register(event: EventItem, data: object) -> Outcome:
    cfg = settings()
    now = _now()
    _check_open(event, now)
    form = read_form(event, data, cfg.default_language)
    email_hash = auth.email_hash(form.email)
    registration_id = new_id(10)
    resources = seats.resources_for(form.sessions)
    registration = RegistrationItem(
        event_pk(event.event_id), registration_sk(registration_id), registration_id=registration_id,
        event_id=event.event_id, name=form.name, email=form.email, email_hash=email_hash,
        language=form.language, answers=form.answers, sessions=form.sessions,
        consent_version=cfg.privacy_notice_version, consent_at=now, created_at=now, updated_at=now,
        manage_hash=auth.token_hash(auth.manage_token(event.event_id, registration_id)),
        search_text=search_text(form.name, form.email),
    )
    try:
        status, messages = _place(event, registration, resources, new=True, check_definition=True)
    except Refused as refusal:
        if "email" in refusal.labels:
            return _already_registered(event, form, email_hash, resources)
        raise
    return Outcome(registration_id, status, tuple(messages))


def register_on_behalf(event: EventItem, data: object, added_by: str) -> Outcome:
    """An organizer registers someone at a desk: a seat if one is free, else the waiting list.

    No approval and no e-mail confirmation step: the organizer vouches for the person, and their
    action is the consent record (`added_by`, with the notice's version). The address is optional;
    without one nothing is e-mailed and no e-mail marker is kept, but the manage link and the
    check-in code exist all the same (the organizer can print them). One transaction, as `register`.
    """
    cfg = settings()
    now = _now()
    if event.status != "published":
        raise EventNotOpen()
    if event.ends_at <= now:
        raise RegistrationClosed()
    form = read_form(event, data, cfg.default_language, on_behalf=True)
    registration_id = new_id(10)
    registration = RegistrationItem(
        event_pk(event.event_id), registration_sk(registration_id), registration_id=registration_id,
        event_id=event.event_id, name=form.name, email=form.email or None,
        email_hash=auth.email_hash(form.email) if form.email else None,
        language=form.language, answers=form.answers, sessions=form.sessions, added_by=added_by,
        consent_version=cfg.privacy_notice_version, consent_at=now, created_at=now, updated_at=now,
        manage_hash=auth.token_hash(auth.manage_token(event.event_id, registration_id)),
        search_text=search_text(form.name, form.email),
    )
    try:
        status, messages = _place(event, registration, seats.resources_for(form.sessions), new=True, on_behalf=True)
    except Refused as refusal:
        if "email" in refusal.labels:
            raise InvalidInput(fields={"email": Text("This e-mail address is already registered for this event.")}) \
                from None
        raise
    return Outcome(registration_id, status, tuple(messages))


def _place(event: EventItem, registration: RegistrationItem, resources: list[str], *, new: bool,
           from_status: str | None = None, on_behalf: bool = False,
           check_definition: bool = False) -> tuple[str, list[OutboxMessage]]:
    """Commit the registration as confirmed, waitlisted or pending; return its status and e-mails.

    A registration without an address gets no e-mail.
    """
    held = _first_status(event) if new and not on_behalf else None
    if from_status == "pending_email" and event.requires_approval:
        held = "pending_approval"
    mode, waiting_on = (store.HOLD, []) if held else (store.CONFIRM, [])
    for _ in range(PLACEMENT_ATTEMPTS):
        status = held or ("confirmed" if mode == store.CONFIRM else "waitlisted")
        queued_at = _stamp(_now()) + "#" + registration.registration_id if mode == store.WAIT else None
        registration.status, registration.waiting_on = status, waiting_on
        registration.queued_at = queued_at
        messages = [outbox.new_message(STATUS_EMAIL.get(status, status), registration.event_id,
                                       registration.registration_id, dedupe_key=status)
                    ] if registration.email else []
        try:
            if new:
                store.insert(registration, mode=mode, resources=resources, manage_hash=registration.manage_hash,
                             messages=messages, checked_against=event if check_definition else None)
            else:
                store.transition(registration, from_status=from_status or "", to_status=status,
                                 mode=mode, resources=resources, waiting_on=waiting_on,
                                 queued_at=queued_at, messages=messages, now=_now())
        except Refused as refusal:
            if refusal.labels - {"event"}:
                raise
            current = _refused_event(refusal, registration.event_id)
            if check_definition and current.updated_at != event.updated_at:
                raise DefinitionChanged(current) from None
            if current.status != "published":
                raise EventNotOpen() from None
            blocked = seats.blocked_resources(current, resources)
            if blocked and not current.waitlist_enabled:
                raise EventFull() from None
            mode, waiting_on = (store.WAIT, blocked) if blocked else (store.CONFIRM, [])
            continue
        except Contention:
            raise Busy() from None
        return status, messages
    raise Busy()


def _refused_event(refusal: Refused, event_id: str) -> EventItem:
    raw = refusal.items.get("event")
    if raw:
        return EventItem.from_raw_data(raw)
    current = event_store.load_event(event_id, consistent=True)
    if current is None:
        raise EventNotOpen()
    return current


def _already_registered(event: EventItem, form: RegistrationForm, email_hash: str,
                        resources: list[str]) -> Outcome:
    """Tell the address's owner the truth by e-mail; answer the client as for a new sign-up."""
    marker = store.load_marker(event.event_id, email_hash)
    existing = marker and store.load_registration(event.event_id, marker.registration_id)
    messages: list[OutboxMessage] = []
    if existing:
        message = outbox.new_message("already_registered", event.event_id, existing.registration_id,
                                     dedupe_key=f"already_registered:{new_id(4)}")
        try:
            store.add_messages(existing, [message])
            messages.append(message)
        except Refused:
            pass
    current = event_store.load_event(event.event_id) or event
    held = _first_status(current)
    looks_like = held or ("waitlisted" if seats.blocked_resources(current, resources) else "confirmed")
    return Outcome(new_id(10), looks_like, tuple(messages))


def find_by_token(token: str) -> RegistrationItem:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise RegistrationNotFound()
    link = store.load_link(auth.token_hash(token))
    registration = link and store.load_registration(link.event_id, link.registration_id)
    if not registration or registration.erased_at:
        raise RegistrationNotFound()
    return registration


def cancel(registration: RegistrationItem, *, by_organizer: bool = False) -> Outcome:
    """The participant frees their seat or place; the next in the queue moves up at once."""
    if registration.status in ("cancelled", "rejected") or registration.erased_at:
        return Outcome(registration.registration_id, registration.status)
    return _leave(registration, "cancelled", "cancelled", free_email=True, allowed_from=ACTIVE)


def release_unconfirmed(registration: RegistrationItem) -> Outcome:
    """"Still coming?" went unanswered: the seat goes to the waitlist, the person is told."""
    if registration.status != "confirmed":
        return Outcome(registration.registration_id, registration.status)
    return _leave(registration, "cancelled", "released", free_email=True, allowed_from=("confirmed",))


def reject(registration: RegistrationItem) -> Outcome:
    if registration.status in ("rejected", "cancelled") or registration.erased_at:
        raise InvalidTransition(Text("This registration is already closed."))
    return _leave(registration, "rejected", "rejected", free_email=False, allowed_from=ACTIVE)


def _leave(registration: RegistrationItem, to_status: str, email_kind: str, *, free_email: bool,
           allowed_from: tuple[str, ...]) -> Outcome:
    """Move to `to_status`, freeing what the registration holds.

    If it changed meanwhile (a promotion from the waitlist, an approval), the move is made again
    from its current state, as long as that is one of `allowed_from`: cancelling while being
    promoted cancels the seat just given.
    """
    messages = [outbox.new_message(email_kind, registration.event_id, registration.registration_id,
                                   dedupe_key=to_status)] if registration.email else []
    for _ in range(PLACEMENT_ATTEMPTS):
        held_seat = registration.status in ("confirmed", "waitlisted")
        try:
            store.release(registration, to_status=to_status, resources=seats.resources_for(registration.sessions),
                          messages=messages, now=_now(), free_email=free_email)
        except Refused:
            current = store.load_registration(registration.event_id, registration.registration_id)
            if current is not None and current.status == to_status:  # a concurrent twin did it already
                return Outcome(registration.registration_id, to_status)
            if current is None or current.erased_at or current.status not in allowed_from:
                raise InvalidTransition(Text("This registration changed meanwhile. Please reload.")) from None
            registration = current
            continue
        except Contention:
            raise Busy() from None
        if held_seat:
            messages += promote_waitlisted(registration.event_id)
        return Outcome(registration.registration_id, to_status, tuple(messages))
    raise Busy()


def approve(registration: RegistrationItem) -> Outcome:
    """An organizer accepts an applicant: a seat if there is one, else the waitlist."""
    if registration.status != "pending_approval" or registration.erased_at:
        raise InvalidTransition(Text("Only a registration waiting for approval can be approved."))
    event = event_store.load_event(registration.event_id, consistent=True)
    if event is None or event.status != "published":
        raise EventNotOpen()
    status, messages = _transition(event, registration, "pending_approval")
    return Outcome(registration.registration_id, status, tuple(messages))


def confirm_email(registration: RegistrationItem) -> Outcome:
    """Double opt-in: the click in the e-mail; only now does the person go for a seat."""
    if registration.status != "pending_email":
        return Outcome(registration.registration_id, registration.status)
    event = event_store.load_event(registration.event_id, consistent=True)
    if event is None:
        raise EventNotOpen()
    _check_open(event, _now())
    status, messages = _transition(event, registration, "pending_email")
    return Outcome(registration.registration_id, status, tuple(messages))


def _transition(event: EventItem, registration: RegistrationItem,
                from_status: str) -> tuple[str, list[OutboxMessage]]:
    try:
        return _place(event, registration, seats.resources_for(list(registration.sessions)), new=False,
                      from_status=from_status)
    except Refused:
        raise InvalidTransition(Text("This registration changed meanwhile. Please reload.")) from None


def promote_waitlisted(event_id: str, max_rounds: int = 50) -> list[OutboxMessage]:
    """Give free seats to the oldest waitlisted people who fit them; return the e-mails queued."""
    sent: list[OutboxMessage] = []
    for _ in range(max_rounds):
        event = event_store.load_event(event_id, consistent=True)
        if event is None or event.status != "published" or not int(event.waiting) and not any(
                int(v) for v in event.session_waiting.as_dict().values()):
            return sent
        promoted = False
        for place in store.waitlist(event_id):
            resources = seats.resources_for(list(place.sessions))
            if not seats.fits(event, resources):
                continue
            message = outbox.new_message("promoted", event_id, place.registration_id,
                                         dedupe_key="promoted")
            try:
                store.promote(place, resources, [message], _now())
            except (Refused, Contention):
                break  # the counters moved: read them again
            sent.append(message)
            promoted = True
            break
        if not promoted:
            return sent
    return sent
