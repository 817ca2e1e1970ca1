"""What a participant may change from their manage link: answers, session, or their data."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..errors import InvalidInput, InvalidTransition, Text
from ..store import registrations as store
from ..store.models import EventItem, RegistrationItem
from ..store.transaction import Contention, Refused
from .form import read_form
from .service import Outcome, cancel

CHANGEABLE = ("pending_email", "pending_approval", "confirmed")


def change_answers(event: EventItem, registration: RegistrationItem, data: dict) -> None:
    """Re-check the form as at sign-up; a new session needs a free seat (no queue-jumping)."""
    if registration.status not in CHANGEABLE:
        raise InvalidTransition(Text("This registration can no longer be changed."))
    form = read_form(event, {**data, "name": registration.name, "email": registration.email,
                             "language": registration.language, "consent": True}, registration.language,
                     check_invite=False)
    try:
        store.change(registration, answers=form.answers, sessions=form.sessions, now=datetime.now(UTC))
    except Refused as refusal:
        if "event" in refusal.labels:
            raise InvalidInput(fields={"sessions": Text("There are no free seats in that session.")}) from None
        raise InvalidTransition(Text("This registration changed meanwhile. Please reload.")) from None
    except Contention:
        from ..errors import Busy

        raise Busy() from None


def erase_my_data(registration: RegistrationItem) -> Outcome:
    """Cancel (freeing the seat for the waitlist) and erase the personal data at once."""
    outcome = cancel(registration) if registration.status not in ("cancelled", "rejected") else Outcome(
        registration.registration_id, registration.status)
    current = store.load_registration(registration.event_id, registration.registration_id) or registration
    now = datetime.now(UTC)
    try:
        store.erase(current, now, now + timedelta(days=30))
    except Refused:
        pass  # erased already
    return outcome
