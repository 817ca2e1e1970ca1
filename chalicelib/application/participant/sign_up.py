"""A participant signs up, through the API or the web form alike."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ...errors import InvalidInput, Text
from ...observability import count_registration
from ...records import Event, ordered_registration_id
from ...registration import signup
from ...registration.placing import Outcome
from ..delivery import delivered
from .limits import address_quota, check_source, decoy_for


def sign_up(event_id: str, data: Any, *, source: str, form: bool = False) -> Outcome:
    """Sign up for an event: the honeypot, the limits, then the seat rules; the e-mail goes out.

    `data` is the API's registration object (the form's fields are read into the same shape, and
    `form` says so: its hidden honeypot answers a bot with a decoy); `source` is the client's
    address, for the per-source limit. A repeated submit answers as the first did and sends
    nothing again (registration/signup.py).
    """
    from ...events import service as events

    event = events.event_to_register_for(event_id)
    if not isinstance(data, dict):
        raise InvalidInput(fields={"body": Text("Send a JSON object.")})
    if decoy_for(data, form=form):
        return _decoy(event, data)
    form = signup.read(event, data)  # bad input is refused before anything is counted or written
    check_source(source)
    outcome = delivered(signup.register(event, data, form, address_quota(form.email)))
    count_registration(outcome.status)
    return outcome


def _decoy(event: Event, data: dict[str, Any]) -> Outcome:
    """What a bot sees: a sign-up like any other (as a new one would be answered now), with nothing
    stored or sent."""
    from ...events import service as events
    from ...vocabulary.seats import resources_for

    sessions = data.get("sessions")
    chosen = [s for s in sessions if isinstance(s, str)] if isinstance(sessions, list) else []
    looks = signup.looks_like(events.public_event(event.event_id), resources_for(chosen),
                              waitlist=data.get("waitlist") is True)
    return Outcome(ordered_registration_id(datetime.now(UTC)), looks)
