"""Moving up to a seat: an organizer approves an applicant or picks someone from the waiting
list, a participant confirms their address (double opt-in) or chooses again, and freed seats go
to the queue."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import Busy, EventNotOpen, InvalidTransition, SessionFull, Text
from ..events.window import anyone_waiting, fits, full_capacities
from ..records import Event, Message, Registration, WaitPlace, new_message
from ..store import events as event_store
from ..store import registrations as store
from ..store.refusals import Contention, Refused
from ..vocabulary.seats import resources_for
from ..vocabulary.statuses import EventStatus, Status
from .placing import PLACEMENT_ATTEMPTS, Outcome, check_open, now, place

CHANGED = Text("This registration changed meanwhile. Please reload.")


def _published(event_id: str) -> Event:
    event = event_store.load_event(event_id, consistent=True)
    if event is None or event.status != EventStatus.PUBLISHED:
        raise EventNotOpen()
    return event


def approve(registration: Registration) -> Outcome:
    """An organizer accepts an applicant: a seat if there is one, else the waitlist — of a full session
    only if the applicant asked to wait for it (SessionFull otherwise, and nothing is written)."""
    if registration.status != Status.PENDING_APPROVAL or registration.erased_at:
        raise InvalidTransition(Text("Only a registration waiting for approval can be approved."))
    return _transition(_published(registration.event_id), registration, Status.PENDING_APPROVAL)


@dataclass(frozen=True)
class SeatGiven(Outcome):
    """`added`: the resources that got one more seat for this person (they were full)."""

    added: tuple[str, ...] = ()


def give_seat(registration: Registration) -> SeatGiven:
    """An organizer picks this person from the waiting list: they get a seat now, ahead of the queue.

    If the event or one of their sessions is full, it gets one more seat for them: approving someone
    is the organizer's decision to let them in. The person is told as anyone moving up is.
    """
    if registration.status != Status.WAITLISTED or registration.erased_at or not registration.queued_at:
        raise InvalidTransition(Text("Only a registration on the waiting list can be given a seat."))
    resources = resources_for(registration.sessions)
    waiting = WaitPlace(registration.event_id, registration.registration_id, registration.queued_at,
                        list(registration.sessions), list(registration.waiting_on))
    messages = [new_message("promoted", registration.event_id, registration.registration_id, dedupe_key="promoted")
                ] if registration.email else []
    for _ in range(PLACEMENT_ATTEMPTS):
        grow = full_capacities(_published(registration.event_id), resources)
        try:
            store.promote(waiting, resources, messages, now(), grow=grow)
        except Refused as refusal:
            if "event" in refusal.labels:
                continue  # the seats moved meanwhile: look again
            raise InvalidTransition(CHANGED) from None
        except Contention:
            raise Busy() from None
        return SeatGiven(registration.registration_id, Status.CONFIRMED, tuple(messages), tuple(grow))
    raise Busy()


@dataclass(frozen=True)
class ChoiceNeeded(Outcome):
    """`pending_choice`: `full` names the chosen sessions that had no seat when the person came for one."""

    full: tuple[str, ...] = ()


def confirm_email(registration: Registration) -> Outcome:
    """Double opt-in: the click in the e-mail; only now does the person go for a seat.

    A session they chose that filled up meanwhile is waited for only if they asked to at sign-up.
    If not, they are not queued behind their back: the registration becomes `pending_choice` (the
    address is confirmed; no seat, no queue place, nothing e-mailed: the answer says it) and they
    choose again on their manage page. Confirming again tries again: a seat may have freed.
    """
    if registration.status not in (Status.PENDING_EMAIL, Status.PENDING_CHOICE):
        return Outcome(registration.registration_id, registration.status)
    event = event_store.load_event(registration.event_id, consistent=True)
    if event is None:
        raise EventNotOpen()
    check_open(event, now())
    try:
        return _transition(event, registration, registration.status)
    except SessionFull as refusal:
        if registration.status == Status.PENDING_EMAIL:
            _await_choice(registration)
        return ChoiceNeeded(registration.registration_id, Status.PENDING_CHOICE, full=tuple(refusal.session_ids))


def _await_choice(registration: Registration) -> None:
    """pending_email → pending_choice: the address is confirmed, the seat waits for the person's choice."""
    try:
        store.transition(replace(registration, status=Status.PENDING_CHOICE), from_status=Status.PENDING_EMAIL,
                         to_status=Status.PENDING_CHOICE, mode=store.HOLD, resources=[], waiting_on=[],
                         queued_at=None, messages=[], now=now())
    except Refused:
        raise InvalidTransition(CHANGED) from None
    except Contention:
        raise Busy() from None


def choose_again(registration: Registration, sessions: list[str], wait_if_full: bool) -> Outcome:
    """`pending_choice`: the person chose on their manage page. A free session's seat is theirs at once
    (with the confirmation e-mail); a full one's queue only if they ticked to wait for it, else
    SessionFull and nothing is written. The sessions and the choice are written with the seat."""
    if registration.status != Status.PENDING_CHOICE or registration.erased_at:
        raise InvalidTransition(CHANGED)
    event = _published(registration.event_id)
    check_open(event, now())
    chosen = replace(registration, sessions=sessions, wait_if_full=wait_if_full)
    return _transition(event, chosen, Status.PENDING_CHOICE, rechosen=True)


def _transition(event: Event, registration: Registration, from_status: str, *, rechosen: bool = False) -> Outcome:
    try:
        status, messages = place(event, registration, resources_for(registration.sessions), new=False,
                                 from_status=from_status, rechosen=rechosen)
    except Refused:
        raise InvalidTransition(CHANGED) from None
    return Outcome(registration.registration_id, status, tuple(messages))


def promote_waitlisted(event_id: str, max_rounds: int = 50) -> list[Message]:
    """Give free seats to the oldest waitlisted people who fit them; return the e-mails queued.

    Someone fits only if every resource they need has a free seat: a seat freed in the event never
    takes anyone into a session that is full now. Who queued for the event alone (their session had
    seats then) and whose session has filled since is passed over, keeping their place, and the
    seat goes to the next who fits: they never asked to wait for that session, so they are neither
    put into it nor onto its queue; once it has a free seat they move up in their turn.
    """
    sent: list[Message] = []
    for _ in range(max_rounds):
        event = event_store.load_event(event_id, consistent=True)
        if event is None or event.status != EventStatus.PUBLISHED or not anyone_waiting(event):
            return sent
        promoted = False
        for waiting in store.waitlist(event_id):
            resources = resources_for(waiting.sessions)
            if not fits(event, resources):
                continue
            message = new_message("promoted", event_id, waiting.registration_id, dedupe_key="promoted")
            try:
                store.promote(waiting, resources, [message], now())
            except (Refused, Contention):
                break  # the counters moved: read them again
            sent.append(message)
            promoted = True
            break
        if not promoted:
            return sent
    return sent
