"""Who gets a certificate of attendance, when, and what it says.

After an event with certificates switched on has ended, the after-event schedule issues one to
every confirmed person whose attendance (registration/attendance.py) reaches the event's
threshold, and e-mails it, in the person's language, as a PDF. Organizers can also issue one by
hand (to someone below the threshold, or a second copy of the e-mail), and revoke one. Numbers
are random (`<year>-XXXX-XXXX`, no 0/O or 1/I), so nobody can walk through other people's
certificates on the public page.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import Busy, InvalidTransition, RegistrationNotFound, Text
from ..records import Certificate, Event, Message, Registration, new_message
from ..registration import attendance
from ..store import certificates as store
from ..store import events as event_store
from ..store import registrations as registration_store
from ..store.refusals import Refused
from ..vocabulary.statuses import EventStatus, Status

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
KIND = "certificate"
LOOKBACK = timedelta(days=60)  # events that ended this long ago are not looked at again
SCHEDULE = "schedule"


def new_number(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{year}-{body[:4]}-{body[4:]}"


def valid_number(value: str) -> bool:
    parts = value.split("-")
    return (len(parts) == 3 and parts[0].isdigit() and len(parts[0]) == 4
            and all(len(p) == 4 and set(p) <= set(ALPHABET) for p in parts[1:]))


def settings_of(event: Event) -> dict[str, Any]:
    from ..events.certificate_field import default_certificate

    return {**default_certificate(), **(event.certificate or {})}


def qualifies(event: Event, registration: Registration) -> float | None:
    """The person's attendance share if it earns a certificate, else None."""
    found = attendance.of(event, registration)
    if found is None or registration.certificate_number:
        return None
    return found.share if found.share + 1e-9 >= settings_of(event)["min_attendance"] else None


def _message(event: Event, registration: Registration, number: str, key: str) -> Message | None:
    if not registration.email:
        return None
    return new_message(KIND, event.event_id, registration.registration_id, dedupe_key=key, payload={"number": number})


def issue(event: Event, registration: Registration, share: float | None, by: str,
          now: datetime) -> tuple[bool, Message | None]:
    """Issue a certificate to this person: whether it was issued (not when they have one already or no
    longer hold a confirmed seat), and its e-mail (None without an address)."""
    for _ in range(4):
        number = new_number(event.ends_at.year)
        certificate = Certificate(number, event.event_id, registration.registration_id, registration.language, now,
                                  by, share)
        message = _message(event, registration, number, KIND)
        try:
            issued = store.issue(certificate, registration, message, KIND)
        except Refused:  # a number drawn twice (about 1 in 10^12): draw another
            continue
        return issued, message if issued else None
    raise Busy()


@dataclass
class Issued:
    events: int = 0
    certificates: int = 0
    messages: list[Message] = field(default_factory=list)


def run(now: datetime) -> Issued:
    """Issue the certificates of every event that has ended (within LOOKBACK) and not been done yet."""
    result = Issued()
    cursor = None
    while True:
        events, cursor = event_store.events_starting(now - LOOKBACK - timedelta(days=62), now, cursor=cursor,
                                                     limit=100)
        for event in events:
            if (event.status == EventStatus.PUBLISHED and settings_of(event)["enabled"] and event.ends_at <= now
                    and event.ends_at >= now - LOOKBACK and event.certificates_issued_at is None
                    and event.erased_at is None):
                result.events += 1
                for registration in registration_store.with_status(event.event_id, (Status.CONFIRMED.value,)):
                    share = qualifies(event, registration)
                    if share is None:
                        continue
                    issued, message = issue(event, registration, share, SCHEDULE, now)
                    result.certificates += issued
                    if message is not None:
                        result.messages.append(message)
                store.mark_issued(event.event_id, now)
        if not cursor:
            return result


def issue_by_hand(event: Event, registration_id: str, by: str, now: datetime | None = None) -> tuple[Registration,
                                                                                                    list[Message]]:
    """An organizer issues one (whatever the attendance), or, if the person has one, sends it again."""
    moment = now or datetime.now(UTC)
    registration = registration_store.load_registration(event.event_id, registration_id)
    if registration is None or registration.erased_at:
        raise RegistrationNotFound()
    if registration.status != Status.CONFIRMED:
        raise InvalidTransition(Text("A certificate goes only to a person with a confirmed seat."))
    if registration.certificate_number:
        message = _message(event, registration, registration.certificate_number, f"{KIND}:{moment.isoformat()}")
        if message is not None:
            registration_store.add_messages(registration, [message])
        return registration, [message] if message else []
    found = attendance.of(event, registration)
    issued, message = issue(event, registration, found.share if found else None, by, moment)
    if not issued:
        raise Busy()  # it changed meanwhile: the organizer tries again and sees what it is now
    stored = registration_store.load_registration(event.event_id, registration_id)
    return stored or registration, [message] if message else []


def revoke(event: Event, registration_id: str, by: str, now: datetime | None = None) -> Certificate:
    """Revoke the person's certificate: the public page says "revoked" from now on."""
    registration = registration_store.load_registration(event.event_id, registration_id)
    if registration is None or not registration.certificate_number:
        raise InvalidTransition(Text("This person has no certificate to revoke."))
    moment = now or datetime.now(UTC)
    certificate = store.load_certificate(registration.certificate_number)
    if certificate is None or certificate.revoked_at or not store.revoke(certificate.number, moment, by):
        raise InvalidTransition(Text("This certificate is revoked already."))
    return replace(certificate, revoked_at=moment, revoked_by=by)
