"""An organizer's work on one event's registrations: list and search them, see one, approve,
reject, cancel, move between sessions, send the confirmation again, add someone at a desk.

Which actions a registration's status allows is decided here, once, for the API and the
dashboard: an action its status does not allow is a state conflict (409) through either door.
"Approve" acts on the registration the organizer chose: an applicant is accepted (a seat, or the
waiting list if full — a full session's only if the applicant asked to wait for it: otherwise 409
`session_full` names it, nothing is written, and the organizer moves them to a free session or
rejects them); someone on the waiting list gets a seat at once, ahead of the queue, and if none is
free for them one is added (the organizer decided to let them in).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...auth import Organizer
from ...errors import InvalidTransition, NotFound, RegistrationNotFound, SessionFull, Text
from ...i18n import N_
from ...records import Event, Found, Registration, Suppression
from ...registration.placing import Outcome
from ...vocabulary.statuses import Status
from ..delivery import delivered
from .events import get as organizer_event

APPROVE, REJECT, CANCEL, MOVE, RESEND = "approve", "reject", "cancel", "move", "resend"
SEAT_ADDED = "seat_added"
CERTIFICATE, REVOKE_CERTIFICATE = "certificate", "revoke_certificate"
# What each status allows an organizer to do from the registrations table and the API.
ACTIONS: dict[str, tuple[str, ...]] = {
    Status.PENDING_APPROVAL: (APPROVE, REJECT),
    Status.WAITLISTED: (APPROVE, REJECT),
    Status.CONFIRMED: (CANCEL,),
    Status.PENDING_EMAIL: (CANCEL,),
    Status.PENDING_CHOICE: (CANCEL,),
}
NOT_NOW = {APPROVE: Text("Only a registration waiting for approval or on the waiting list can be approved."),
           REJECT: Text("This registration is already closed."),
           CANCEL: Text("This registration is already closed.")}
# A full session the person did not ask to wait for, in the words of the organizer who acts for them.
NOT_ASKED_TO_WAIT = N_("No free seat in %(names)s now, and this person did not ask to wait for one. "
                       "Move them to a session with free seats first, or reject the application.")
DESK_TAKEN = N_("Already taken: %(names)s. Choose a free one, or tick “If it is full, put them on its waiting list”.")


def actions_for(registration: Registration) -> tuple[str, ...]:
    """What the organizer may do with this registration now (nothing once its data is erased)."""
    return () if registration.erased_at else ACTIONS.get(registration.status, ())


@dataclass(frozen=True)
class Listing:
    """One page of an event's registrations as filtered, and the suppressed addresses among them."""

    event: Event
    filters: Any
    found: Found
    suppressed: dict[str, str]


def list_registrations(organizer: Organizer, event_id: str, query: dict[str, Any], *, limit: int | None = None,
                       event: Event | None = None, language: str = "en", default_order: str = "") -> Listing:
    """The registrations that pass the query's filters (status, session, checked_in, q), a page at a time,
    in the query's `order` (by name: in the alphabet of `language`; without one: `default_order`, else
    by sign-up time).

    InvalidInput for a filter that names nothing.
    """
    from ...registration import listing
    from ...store import suppression

    event = event or organizer_event(organizer, event_id)
    filters = listing.read_filters(event, query, default_order or listing.SIGNED_UP)
    found = listing.find(event, filters, query.get("cursor") or None, limit, language)
    suppressed = suppression.suppressed_among({r.email_hash for r in found.items if r.email_hash})
    return Listing(event, filters, found, suppressed)


def registration(organizer: Organizer, event_id: str, registration_id: str) -> tuple[Event, Registration]:
    """The registration, if the organizer may see its event (another project's is not found)."""
    from ...store import registrations as store

    event = organizer_event(organizer, event_id)
    found = store.load_registration(event_id, registration_id)
    if found is None:
        raise RegistrationNotFound()
    return event, found


@dataclass(frozen=True)
class Detail:
    """Everything held about one registration, and what the organizer can do with it."""

    event: Event
    registration: Registration
    suppression: Suppression | None
    actions: tuple[str, ...]
    resendable: bool
    movable: bool


def detail(organizer: Organizer, event_id: str, registration_id: str) -> Detail:
    from ...registration.changes import CHANGEABLE
    from ...registration.resend import can_resend
    from ...store import suppression

    event, found = registration(organizer, event_id, registration_id)
    blocked = suppression.suppression_of(found.email_hash)
    return Detail(event, found, blocked, actions_for(found), can_resend(found, blocked is not None),
                  bool(event.sessions) and found.status in CHANGEABLE and not found.erased_at)


def _allowed(registration: Registration, action: str) -> None:
    if action not in actions_for(registration):
        raise InvalidTransition(NOT_NOW.get(action))


def approve(organizer: Organizer, event_id: str, registration_id: str) -> Outcome:
    """Accept this applicant, or give this person on the waiting list the free seat."""
    from ...registration import moving_up

    _, chosen = registration(organizer, event_id, registration_id)
    _allowed(chosen, APPROVE)
    if chosen.status == Status.WAITLISTED:
        return delivered(moving_up.give_seat(chosen))
    try:
        return delivered(moving_up.approve(chosen))
    except SessionFull as full:
        raise full.reworded(NOT_ASKED_TO_WAIT) from None


def reject(organizer: Organizer, event_id: str, registration_id: str) -> Outcome:
    from ...registration import leaving

    _, chosen = registration(organizer, event_id, registration_id)
    _allowed(chosen, REJECT)
    return delivered(leaving.reject(chosen))


def cancel(organizer: Organizer, event_id: str, registration_id: str) -> Outcome:
    from ...registration import leaving

    _, chosen = registration(organizer, event_id, registration_id)
    _allowed(chosen, CANCEL)
    return delivered(leaving.cancel(chosen))


def move(organizer: Organizer, event_id: str, registration_id: str, sessions: list[str]) -> None:
    """Move to other sessions: the seat moves in one transaction, if one is free. No e-mail."""
    from ...registration.changes import move_sessions

    event, chosen = registration(organizer, event_id, registration_id)
    move_sessions(event, chosen, sessions)


def resend(organizer: Organizer, event_id: str, registration_id: str) -> None:
    """The confirmation (or waiting-list) e-mail once more; at most once per 10 minutes."""
    from ...registration.resend import resend_confirmation

    _, chosen = registration(organizer, event_id, registration_id)
    delivered(Outcome(registration_id, chosen.status, (resend_confirmation(chosen),)))


def act(organizer: Organizer, event_id: str, registration_id: str, action: str, sessions: list[str]) -> str:
    """The dashboard's one form per registration: which button was pressed. Returns what was done
    (the action, or `seat_added` when approving someone from a full waiting list added a seat)."""
    if action == MOVE:
        move(organizer, event_id, registration_id, sessions)
    elif action == RESEND:
        resend(organizer, event_id, registration_id)
    elif action == APPROVE:
        return SEAT_ADDED if getattr(approve(organizer, event_id, registration_id), "added", ()) else APPROVE
    elif action in (REJECT, CANCEL):
        {REJECT: reject, CANCEL: cancel}[action](organizer, event_id, registration_id)
    elif action in (CERTIFICATE, REVOKE_CERTIFICATE):
        from . import certificates

        {CERTIFICATE: certificates.issue, REVOKE_CERTIFICATE: certificates.revoke}[action](
            organizer, event_id, registration_id)
    else:
        raise NotFound()
    return action


def add_on_behalf(organizer: Organizer, event_id: str, data: Any) -> Outcome:
    """A case worker registers someone at a desk (never rate-limited; the organizer's word is the consent).
    A full session is waited for only if they ticked that the person wants to (SessionFull otherwise)."""
    from ...registration.signup import register_on_behalf

    event = organizer_event(organizer, event_id)
    try:
        return delivered(register_on_behalf(event, data, organizer.email))
    except SessionFull as full:
        raise full.reworded(None, DESK_TAKEN) from None
