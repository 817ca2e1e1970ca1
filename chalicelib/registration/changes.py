"""What may change in a registration: a participant's answers, session or data from their manage
link, and an organizer moving someone to other sessions."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from ..errors import Busy, InvalidInput, InvalidTransition, Text
from ..events.window import blocked_resources
from ..records import Event, Message, Registration, WaitPlace, new_message
from ..store import registrations as store
from ..store.refusals import Contention, Refused
from ..vocabulary.seats import resources_for, session_resource
from ..vocabulary.statuses import CLOSED, PENDING, Status
from .form import read_form
from .leaving import cancel
from .moving_up import choose_again
from .placing import Outcome, refuse_full_sessions

CHANGEABLE = (*PENDING, Status.CONFIRMED)


def change_answers(event: Event, registration: Registration, data: dict) -> list[Message]:
    """Re-check the form as at sign-up; a new session needs a free seat (no queue-jumping).

    Someone waiting for a full session may change to a free one instead: they leave the queue and
    take the seat in one transaction, and are sent a confirmation (returned, to hand to delivery).
    Someone who has no seat yet (pending) and picks a session that is full now is refused as at
    sign-up unless they tick to wait for it; that choice is kept for when they go for the seat.
    Someone asked to choose again (`pending_choice`) goes for the seat with the new choice at once.
    """
    waiting = registration.status == Status.WAITLISTED and bool(event.sessions)
    choosing = registration.status == Status.PENDING_CHOICE
    if registration.status not in CHANGEABLE and not waiting:
        raise InvalidTransition(Text("This registration can no longer be changed."))
    if waiting or choosing:  # only the session changes: the answers stay as given
        data = {**data, "answers": dict(registration.answers)}
    form = read_form(event, {**data, "name": registration.name, "email": registration.email,
                             "language": registration.language, "consent": True}, registration.language,
                     check_invite=False, email_optional=not registration.email)
    if waiting:
        return _leave_queue_for(registration, form.sessions)
    if choosing:
        return list(choose_again(registration, form.sessions, form.waitlist).messages)
    if registration.status in PENDING and event.sessions:
        joining = [session_resource(s) for s in sorted(set(form.sessions) - set(registration.sessions))]
        refuse_full_sessions(event, blocked_resources(event, joining), waitlist=form.waitlist)
        _change(registration, form.answers, form.sessions, wait_if_full=form.waitlist)
        return []
    _change(registration, form.answers, form.sessions)
    return []


def _leave_queue_for(registration: Registration, sessions: list[str]) -> list[Message]:
    """Waitlisted → confirmed in sessions with a free seat and nobody queued ahead (store.promote)."""
    if sessions == sorted(registration.sessions):
        raise InvalidInput(fields={"sessions": Text("These are already the chosen sessions.")})
    place = WaitPlace(registration.event_id, registration.registration_id, registration.queued_at or "",
                      list(registration.sessions), list(registration.waiting_on))
    messages = [new_message("confirmation", registration.event_id, registration.registration_id,
                            dedupe_key="confirmation")] if registration.email else []
    with _seat_refusals():
        store.promote(place, resources_for(sessions), messages, datetime.now(UTC), sessions=sessions)
    return messages


def move_sessions(event: Event, registration: Registration, sessions: list[str]) -> None:
    """An organizer moves someone to other sessions: the seat moves in one transaction, if one is free.

    The same path as the participant's own change, so the seat rules are the same (no seat taken
    from a full session or ahead of its queue).
    """
    if registration.status not in CHANGEABLE or registration.erased_at:
        raise InvalidTransition(Text("Only a confirmed or pending registration can move to other sessions."))
    known = {s["id"] for s in event.sessions}
    chosen = sorted({s for s in sessions if isinstance(s, str)})
    if not known or not chosen or not set(chosen) <= known:
        raise InvalidInput(fields={"sessions": Text("Choose from the sessions of this event.")})
    if chosen == sorted(registration.sessions):
        raise InvalidInput(fields={"sessions": Text("These are already the chosen sessions.")})
    _change(registration, dict(registration.answers), chosen)


def _change(registration: Registration, answers: dict, sessions: list[str], *,
            wait_if_full: bool | None = None) -> None:
    with _seat_refusals():
        store.change(registration, answers=answers, sessions=sessions, now=datetime.now(UTC),
                     wait_if_full=wait_if_full)


@contextmanager
def _seat_refusals() -> Iterator[None]:
    """A move the store refused, in the participant's words: no seat there, or the registration changed."""
    try:
        yield
    except Refused as refusal:
        if "event" in refusal.labels:
            raise InvalidInput(fields={"sessions": Text("There are no free seats in that session.")}) from None
        raise InvalidTransition(Text("This registration changed meanwhile. Please reload.")) from None
    except Contention:
        raise Busy() from None


def erase_my_data(registration: Registration) -> Outcome:
    """Cancel (freeing the seat for the waitlist) and erase the personal data at once."""
    outcome = cancel(registration) if registration.status not in CLOSED else Outcome(
        registration.registration_id, registration.status)
    current = store.load_registration(registration.event_id, registration.registration_id) or registration
    now = datetime.now(UTC)
    try:
        store.erase(current, now, now + timedelta(days=30))
    except Refused:
        pass  # erased already
    return outcome
