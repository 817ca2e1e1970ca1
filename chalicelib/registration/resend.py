"""Sending a participant's confirmation again, when they lost it or it went to spam.

The e-mail goes through the outbox like any other, under a fresh dedupe key (the first one is
recorded as sent, so reusing it would drop the message). A double click must not send twice:
the registration records when it was last resent, in the same transaction as the message, on
condition that this was not within RESEND_INTERVAL.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..errors import Busy, InvalidTransition, Text
from ..records import Message, Registration, new_id, new_message
from ..store import registrations as store
from ..store import suppression
from ..store.refusals import Contention, Refused
from ..vocabulary.statuses import Status
from .placing import STATUS_EMAIL

RESEND_INTERVAL = timedelta(minutes=10)
RESENDABLE = (Status.CONFIRMED, Status.WAITLISTED)
RESENT_PREFIX = "resent:"  # dedupe keys of resent mail: resent:<kind>:<random>


def can_resend(registration: Registration, suppressed: bool) -> bool:
    """Whether the button makes sense at all (the time limit is checked when pressed)."""
    return (registration.status in RESENDABLE and bool(registration.email) and not registration.erased_at
            and not suppressed)


def resend_confirmation(registration: Registration) -> Message:
    """Queue the e-mail of the registration's status (confirmation or waiting list) once more."""
    if registration.status not in RESENDABLE or registration.erased_at:
        raise InvalidTransition(Text("Only a confirmed or waitlisted registration can get its e-mail again."))
    if not registration.email:
        raise InvalidTransition(Text("This registration has no e-mail address."))
    if suppression.suppression_of(registration.email_hash) is not None:
        raise InvalidTransition(Text("E-mail to this address is blocked because earlier mail bounced or was "
                                     "marked as spam."))
    now = datetime.now(UTC)
    kind = STATUS_EMAIL[registration.status]
    message = new_message(kind, registration.event_id, registration.registration_id,
                                 dedupe_key=f"{RESENT_PREFIX}{kind}:{new_id(4)}")
    try:
        store.resend(registration, message, now, now - RESEND_INTERVAL)
    except Refused:
        current = store.load_registration(registration.event_id, registration.registration_id)
        if current is not None and current.resent_at and current.resent_at > now - RESEND_INTERVAL:
            raise InvalidTransition(Text("The e-mail was sent again less than %(minutes)s minutes ago.",
                                         {"minutes": int(RESEND_INTERVAL.total_seconds() // 60)})) from None
        raise InvalidTransition(Text("This registration changed meanwhile. Please reload.")) from None
    except Contention:
        raise Busy() from None
    return message
