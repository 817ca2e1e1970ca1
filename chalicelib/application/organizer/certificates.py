"""Organizers' certificates: issue one by hand (or send it again), revoke one, print them all."""
from __future__ import annotations

from ...auth import Organizer
from ...records import Certificate, Registration
from ..delivery import deliver
from .events import get as organizer_event


def issue(organizer: Organizer, event_id: str, registration_id: str) -> Registration:
    """Issue a certificate whatever the attendance, or e-mail the one the person has again."""
    from ...certificates import issuing

    event = organizer_event(organizer, event_id, consistent=True)
    registration, messages = issuing.issue_by_hand(event, registration_id, organizer.email or organizer.organizer_id)
    deliver(messages)
    return registration


def revoke(organizer: Organizer, event_id: str, registration_id: str) -> Certificate:
    from ...certificates import issuing

    event = organizer_event(organizer, event_id, consistent=True)
    return issuing.revoke(event, registration_id, organizer.email or organizer.organizer_id)


def all_certificates(organizer: Organizer, event_id: str) -> tuple[str, bytes]:
    """Every certificate of the event in one PDF, revoked ones marked (404 when there are none)."""
    from ...certificates.content import content_of, pdf_of
    from ...errors import NotFound, Text
    from ...store.certificates import load_certificate
    from ...store.registrations import with_status
    from ...vocabulary.statuses import ALL

    event = organizer_event(organizer, event_id)
    pages = []
    for registration in with_status(event.event_id, ALL):
        certificate = load_certificate(registration.certificate_number) if registration.certificate_number else None
        if certificate is not None and not registration.erased_at:
            pages.append(content_of(event, registration, certificate))
    if not pages:
        raise NotFound(Text("No certificates have been issued for this event yet."))
    return f"certificates-{event.event_id}.pdf", pdf_of(pages)
