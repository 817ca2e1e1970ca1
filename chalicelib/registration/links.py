"""A participant's secret links: to their registration (in every e-mail), and the one that stops an
event's organizer messages (in those messages)."""
from __future__ import annotations

from datetime import datetime

from .. import auth
from ..errors import RegistrationNotFound
from ..records import Registration
from ..store import registrations as store


def find_by_token(token: str) -> Registration:
    """The registration behind a manage link; not found for an unknown, malformed or erased one."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise RegistrationNotFound()
    link = store.load_link(auth.token_hash(token))
    registration = link and store.load_registration(*link)
    if not registration or registration.erased_at:
        raise RegistrationNotFound()
    return registration


def find_by_unsubscribe_token(token: str) -> Registration:
    """The registration an unsubscribe link names; not found for a forged, malformed or erased one."""
    target = auth.unsubscribe_target(token) if isinstance(token, str) and len(token) <= 200 else None
    registration = target and store.load_registration(*target)
    if not registration or registration.erased_at:
        raise RegistrationNotFound()
    return registration


def stop_messages(registration: Registration, now: datetime) -> Registration:
    """No more organizer messages of this event for this person; confirmations, reminders and changes
    still go. Asking again changes nothing (the first time is kept)."""
    if not store.stop_messages(registration.event_id, registration.registration_id, now):
        raise RegistrationNotFound()  # erased in the meantime
    return store.load_registration(registration.event_id, registration.registration_id) or registration
