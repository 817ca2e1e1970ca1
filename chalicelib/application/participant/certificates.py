"""Certificates as the public and their holders see them: the verification page and one's own PDF."""
from __future__ import annotations

from dataclasses import dataclass

from ...errors import InvalidTransition, NotFound, Text
from ...records import Certificate, Event
from .manage import own_registration


@dataclass(frozen=True)
class Verification:
    """What the public page may say: the certificate (None: no such number), its event and dates, and
    the holder's name only while the registration's personal data is kept."""

    number: str
    certificate: Certificate | None
    event: Event | None
    holder_name: str | None


def verify(number: str) -> Verification:
    from ...certificates.issuing import valid_number
    from ...store.certificates import load_certificate
    from ...store.events import load_event
    from ...store.registrations import load_registration

    cleaned = (number or "").strip().upper()
    certificate = load_certificate(cleaned) if valid_number(cleaned) else None
    if certificate is None:
        return Verification(cleaned[:40], None, None, None)
    registration = load_registration(certificate.event_id, certificate.registration_id)
    kept = registration is not None and not registration.erased_at and registration.name
    return Verification(cleaned, certificate, load_event(certificate.event_id),
                        registration.name if kept and registration else None)


def own_certificate(token: str) -> tuple[str, bytes]:
    """The holder's certificate as a PDF (its file name and bytes); 404 when they have none."""
    from ...certificates.content import content_of, pdf_of
    from ...store.certificates import load_certificate

    own = own_registration(token)
    number = own.registration.certificate_number
    certificate = load_certificate(number) if number else None
    if certificate is None:
        raise NotFound(Text("There is no certificate for this registration yet."))
    if certificate.revoked_at:
        raise InvalidTransition(Text("This certificate was revoked."))
    return f"certificate-{number}.pdf", pdf_of([content_of(own.event, own.registration, certificate)])
