"""Confirmed registrations written straight to the table, as sign-up writes them: setting up a
benchmark is not what it measures, and 10,000 sign-ups through the API would take minutes."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

LANGUAGES = ("pl", "en", "uk")


def write_confirmed(event: Any, count: int, created: datetime, names: tuple[str, ...],
                    extra: Callable[[int], dict[str, Any]] = lambda n: {},
                    email: Callable[[int], str] = lambda n: f"participant{n:05d}@example.com") -> None:
    """`count` confirmed people of the event, the n-th named `names[n % len(names)] n`, speaking
    pl, en and uk in turn, with `extra(n)` over the defaults; the event's seat count set to match."""
    from chalicelib import auth
    from chalicelib.config import settings
    from chalicelib.records import new_id
    from chalicelib.store import keys
    from chalicelib.store.models import RegistrationItem, SeatCounters
    from chalicelib.store.seats import counters_ref

    version = settings().privacy_notice_version
    with RegistrationItem.batch_write() as batch:
        for n in range(count):
            registration_id = new_id(10)
            address = email(n)
            moment = created + timedelta(seconds=n)
            fields: dict[str, Any] = {
                "registration_id": registration_id, "event_id": event.event_id, "status": "confirmed",
                "name": f"{names[n % len(names)]} {n}", "email": address, "email_hash": auth.email_hash(address),
                "language": LANGUAGES[n % 3], "answers": {}, "sessions": [], "consent_version": version,
                "consent_at": moment, "created_at": moment, "updated_at": moment,
                "manage_hash": auth.token_hash(auth.manage_token(event.event_id, registration_id))}
            fields.update(extra(n))
            batch.save(RegistrationItem(keys.event_pk(event.event_id), keys.registration_sk(registration_id),
                                        **fields))
    counters_ref(event.event_id).update(actions=[SeatCounters.taken.set(count)])
