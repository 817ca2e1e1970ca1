"""Leaving: a participant cancels, an organizer rejects, an unanswered "still coming?" releases.

Whatever the registration held (a seat, a waiting-list place, a pending count) is freed in the
same transaction, and freed seats go to the waiting list at once (moving_up.promote_waitlisted).
"""
from __future__ import annotations

from ..errors import Busy, InvalidTransition, Text
from ..records import Message, Registration, new_message
from ..store import registrations as store
from ..store.refusals import Contention, Refused
from ..vocabulary.seats import resources_for
from ..vocabulary.statuses import ACTIVE, CLOSED, HOLDS_SEAT_OR_PLACE, Status
from .moving_up import promote_waitlisted
from .placing import PLACEMENT_ATTEMPTS, Outcome, now


def cancel(registration: Registration) -> Outcome:
    """The participant (or an organizer for them) frees their seat or place; the queue moves up at once."""
    if registration.status in CLOSED or registration.erased_at:
        return Outcome(registration.registration_id, registration.status)
    return _leave(registration, Status.CANCELLED, "cancelled", free_email=True, allowed_from=ACTIVE)


def release_unconfirmed(registration: Registration) -> Outcome:
    """"Still coming?" went unanswered: the seat goes to the waitlist, the person is told."""
    if registration.status != Status.CONFIRMED:
        return Outcome(registration.registration_id, registration.status)
    return _leave(registration, Status.CANCELLED, "released", free_email=True, allowed_from=(Status.CONFIRMED,))


def reject(registration: Registration) -> Outcome:
    if registration.status in CLOSED or registration.erased_at:
        raise InvalidTransition(Text("This registration is already closed."))
    return _leave(registration, Status.REJECTED, "rejected", free_email=False, allowed_from=ACTIVE)


def _leave(registration: Registration, to_status: Status, email_kind: str, *, free_email: bool,
           allowed_from: tuple[str, ...]) -> Outcome:
    """Move to `to_status`, freeing what the registration holds.

    If it changed meanwhile (a promotion from the waitlist, an approval), the move is made again
    from its current state, as long as that is one of `allowed_from`: cancelling while being
    promoted cancels the seat just given.
    """
    messages: list[Message] = [new_message(email_kind, registration.event_id, registration.registration_id,
                                           dedupe_key=to_status)] if registration.email else []
    for _ in range(PLACEMENT_ATTEMPTS):
        held_seat = registration.status in HOLDS_SEAT_OR_PLACE
        try:
            store.release(registration, to_status=to_status, resources=resources_for(registration.sessions),
                          messages=messages, now=now(), free_email=free_email)
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
