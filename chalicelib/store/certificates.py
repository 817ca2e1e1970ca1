"""Certificates of attendance: one item per certificate, found by its number.

| item        | pk             | sk   |
|-------------|----------------|------|
| certificate | CERT#<number>  | CERT |

Issuing is one transaction: the certificate (its number unused), the registration's
`certificate_number` (none yet, seat still confirmed) and the e-mail in the outbox, recorded in
`emails_queued` — a schedule that runs twice, or dies half-way and runs again, issues and e-mails
nobody twice.
"""
from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..records import Certificate, Message, Registration
from ..vocabulary.statuses import Status
from .convert import event_ref, message_item, registration_ref
from .models import EventItem, RegistrationItem, _Base
from .refusals import Refused
from .transaction import Transaction, update_if

SK = "CERT"


class CertificateItem(_Base):
    event_id = UnicodeAttribute()
    registration_id = UnicodeAttribute()
    language = UnicodeAttribute()
    issued_at = UTCDateTimeAttribute()
    issued_by = UnicodeAttribute()
    share = NumberAttribute(null=True)
    revoked_at = UTCDateTimeAttribute(null=True)
    revoked_by = UnicodeAttribute(null=True)


def _pk(number: str) -> str:
    return f"CERT#{number}"


def _record(item: CertificateItem) -> Certificate:
    return Certificate(item.pk[len("CERT#"):], item.event_id, item.registration_id, item.language, item.issued_at,
                       item.issued_by, float(item.share) if item.share is not None else None, item.revoked_at,
                       item.revoked_by)


def issue(certificate: Certificate, registration: Registration, message: Message | None, key: str) -> bool:
    """Issue and queue its e-mail (None: the person has no address); False if the person has one already
    or no longer holds a confirmed seat (nothing is written then)."""
    tx = Transaction()
    tx.put("certificate", CertificateItem(
        _pk(certificate.number), SK, event_id=certificate.event_id, registration_id=certificate.registration_id,
        language=certificate.language, issued_at=certificate.issued_at, issued_by=certificate.issued_by,
        share=certificate.share), condition=CertificateItem.pk.does_not_exist())
    actions = [RegistrationItem.certificate_number.set(certificate.number)]
    if message is not None:
        actions.append(RegistrationItem.emails_queued[key].set(certificate.issued_at.isoformat()))
        tx.put("message", message_item(message))
    tx.update("registration", registration_ref(registration.event_id, registration.registration_id), actions,
              condition=(RegistrationItem.status == Status.CONFIRMED)
              & RegistrationItem.certificate_number.does_not_exist() & RegistrationItem.erased_at.does_not_exist())
    try:
        tx.commit()
    except Refused as refusal:
        if "certificate" in refusal.labels and "registration" not in refusal.labels:
            raise  # a number drawn twice: the caller draws another
        return False
    return True


def load_certificate(number: str) -> Certificate | None:
    try:
        return _record(CertificateItem.get(_pk(number), SK, consistent_read=True))
    except CertificateItem.DoesNotExist:
        return None


def revoke(number: str, at: datetime, by: str) -> bool:
    """Revoke; False if it was revoked already."""
    return update_if(CertificateItem(_pk(number), SK),
                     [CertificateItem.revoked_at.set(at), CertificateItem.revoked_by.set(by)],
                     CertificateItem.pk.exists() & CertificateItem.revoked_at.does_not_exist())


def mark_issued(event_id: str, at: datetime) -> None:
    """The after-event schedule is done with this event's certificates."""
    event_ref(event_id).update(actions=[EventItem.certificates_issued_at.set(at)])
