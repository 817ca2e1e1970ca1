"""A participant's own registration, reached through the secret link in every e-mail: see it,
confirm the address (double opt-in), keep the seat ("still coming?"), change answers or session,
cancel, or delete their data. The same functions serve the API and the manage page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ...errors import InvalidTransition, Text
from ...records import Event, Registration
from ...registration.placing import Outcome
from ..delivery import delivered

ONLY_CONFIRMED_KEPT = Text("Only a confirmed seat can be kept.")


@dataclass(frozen=True)
class Own:
    """A participant's registration and its event (as the public sees the event)."""

    registration: Registration
    event: Event


def own_registration(token: str) -> Own:
    """The registration behind the link, and its event; not found for an unknown or erased link."""
    from ...events import service as events
    from ...registration.links import find_by_token

    registration = find_by_token(token)
    return Own(registration, events.public_event(registration.event_id))


def cancel(token: str) -> Outcome:
    """Cancel; the seat goes to the next in the queue at once, and both are e-mailed."""
    from ...registration.leaving import cancel as leave

    return delivered(leave(own_registration(token).registration))


def confirm_address(token: str) -> Outcome:
    """Double opt-in: the click in the e-mail; only now a seat is sought."""
    from ...registration.moving_up import confirm_email

    return delivered(confirm_email(own_registration(token).registration))


def keep_seat(token: str) -> Own:
    """The answer to "still coming?": yes. Only a confirmed seat can be kept (409 otherwise)."""
    from ...notifications.reconfirm import still_coming

    own = own_registration(token)
    if not still_coming(own.registration, datetime.now(UTC)):
        raise InvalidTransition(ONLY_CONFIRMED_KEPT)
    return own


def change(token: str, data: Any) -> Own:
    """New answers or another session, checked as at sign-up; a new session needs a free seat.
    Someone waiting may change to a free session: the seat is theirs and the confirmation goes out."""
    from ...registration.changes import change_answers

    own = own_registration(token)
    delivered(Outcome(own.registration.registration_id, own.registration.status,
                      tuple(change_answers(own.event, own.registration, data))))
    return own_registration(token)


def erase(token: str) -> Outcome:
    """Cancel and delete the name, address and answers at once (the seat goes to the waiting list)."""
    from ...registration.changes import erase_my_data

    return delivered(erase_my_data(own_registration(token).registration))
