"""One person's registrations across events, found by the keyed hash of their address.

The `by_person` index is sparse and keys-only: it holds the registrations that still carry an
`email_hash`. The index is eventually consistent, so the items are then read with a strongly
consistent BatchGet and kept only if they still carry that hash (an erasure a moment ago drops
out at once).
"""
from __future__ import annotations

from collections.abc import Iterable

from ..records import Event, Registration
from . import keys
from .convert import event_record, registration_record
from .models import EventItem, RegistrationItem

MAX_REGISTRATIONS = 1000  # one address, every event it ever signed up for; far above any real person


def registrations_of(email_hash: str) -> list[Registration]:
    """Every registration of this address that is not erased, oldest first."""
    if not email_hash:
        return []
    found = RegistrationItem.by_person.query(email_hash, limit=MAX_REGISTRATIONS, page_size=200)
    wanted = [(item.pk, item.sk) for item in found]
    items = [item for item in RegistrationItem.batch_get(wanted, consistent_read=True)
             if item.email_hash == email_hash and not item.erased_at]
    return [registration_record(item) for item in sorted(items, key=lambda item: (item.created_at, item.sk))]


def events_by_id(event_ids: Iterable[str]) -> dict[str, Event]:
    """The event items of these ids (one BatchGet per hundred); an event gone since is missing."""
    wanted = [(keys.event_pk(event_id), keys.META) for event_id in sorted(set(event_ids))]
    return {item.event_id: event_record(item) for item in EventItem.batch_get(wanted)}
