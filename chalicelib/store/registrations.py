"""Registration items and the transactions that move seats.

Every state change that takes, frees or queues for a seat is one TransactWriteItems together
with the registration, its e-mail marker, its waitlist place and its outbox message, so the
counters never disagree with the registrations and no e-mail is announced without its change.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from . import keys, seats
from .models import EmailMarker, EventItem, ManageLink, OutboxMessage, RegistrationItem, WaitlistPlace
from .pages import decode_cursor, page_of
from .transaction import Refused, Transaction, update_if

CONFIRM, WAIT, HOLD = "confirm", "wait", "hold"
QUEUE_BATCH = 50  # registrations per transaction when queueing scheduled mail (2 items each)


def load_registration(event_id: str, registration_id: str) -> RegistrationItem | None:
    try:
        return RegistrationItem.get(keys.event_pk(event_id), keys.registration_sk(registration_id),
                                    consistent_read=True)
    except DoesNotExist:
        return None


def load_marker(event_id: str, email_hash: str) -> EmailMarker | None:
    try:
        return EmailMarker.get(keys.event_pk(event_id), keys.email_sk(email_hash), consistent_read=True)
    except DoesNotExist:
        return None


def load_link(token_hash: str) -> ManageLink | None:
    try:
        return ManageLink.get(keys.manage_pk(token_hash), keys.LINK)
    except DoesNotExist:
        return None


def list_registrations(event_id: str, *, cursor: str | None, limit: int) -> tuple[list[RegistrationItem], str | None]:
    pk = keys.event_pk(event_id)
    query = RegistrationItem.query(pk, RegistrationItem.sk.startswith("REG#"), limit=limit,
                                   last_evaluated_key=decode_cursor(cursor, pk=pk))
    return page_of(query, limit)


def waitlist(event_id: str, limit: int = 50) -> list[WaitlistPlace]:
    """The queue, oldest first, read strongly consistent so a fresh place is never missed."""
    return list(WaitlistPlace.query(keys.event_pk(event_id), WaitlistPlace.sk.startswith("WAIT#"),
                                    consistent_read=True, limit=limit))


def _event_ref(event_id: str) -> EventItem:
    return EventItem(keys.event_pk(event_id), keys.META)


def _seat_operation(tx: Transaction, event_id: str, mode: str, resources: list[str],
                    waiting_on: list[str]) -> None:
    """The event item's part: take a seat, join the queue, or only check it is published."""
    published = EventItem.status == "published"
    if mode == CONFIRM:
        tx.update("event", _event_ref(event_id), seats.count_actions(resources, taken=1),
                  condition=published & seats.has_room(resources))
    elif mode == WAIT:
        tx.update("event", _event_ref(event_id), seats.count_actions(waiting_on, waiting=1),
                  condition=published & seats.all_blocked(waiting_on))
    else:
        tx.check("event", EventItem, keys.event_pk(event_id), keys.META, published)


def _wait_place(registration: RegistrationItem) -> WaitlistPlace:
    return WaitlistPlace(registration.pk, keys.wait_sk(registration.queued_at or "", registration.registration_id),
                         registration_id=registration.registration_id,
                         sessions=list(registration.sessions), waiting_on=list(registration.waiting_on))


def insert(registration: RegistrationItem, *, mode: str, resources: list[str], manage_hash: str,
           messages: list[OutboxMessage]) -> None:
    """A new registration: seat (or queue place), e-mail marker, manage link and e-mails at once."""
    event_id = registration.event_id
    tx = Transaction()
    _seat_operation(tx, event_id, mode, resources, registration.waiting_on)
    tx.put("registration", registration, condition=RegistrationItem.pk.does_not_exist())
    tx.put("email", EmailMarker(registration.pk, keys.email_sk(registration.email_hash),
                                registration_id=registration.registration_id),
           condition=EmailMarker.pk.does_not_exist())
    tx.put("link", ManageLink(keys.manage_pk(manage_hash), keys.LINK, event_id=event_id,
                              registration_id=registration.registration_id))
    if mode == WAIT:
        tx.put("place", _wait_place(registration))
    for message in messages:
        tx.put("message", message)
    tx.commit()


def transition(registration: RegistrationItem, *, from_status: str, to_status: str, mode: str,
               resources: list[str], waiting_on: list[str], queued_at: str | None,
               messages: list[OutboxMessage], now: datetime) -> None:
    """Move an existing registration into a new state, taking a seat or a queue place with it."""
    tx = Transaction()
    _seat_operation(tx, registration.event_id, mode, resources, waiting_on)
    actions: list[Any] = [RegistrationItem.status.set(to_status), RegistrationItem.updated_at.set(now),
                          RegistrationItem.waiting_on.set(waiting_on)]
    if queued_at:
        actions.append(RegistrationItem.queued_at.set(queued_at))
    tx.update("registration", registration, actions, condition=RegistrationItem.status == from_status)
    if mode == WAIT:
        registration.queued_at, registration.waiting_on = queued_at, waiting_on
        tx.put("place", _wait_place(registration))
    for message in messages:
        tx.put("message", message)
    tx.commit()


def promote(place: WaitlistPlace, resources: list[str], messages: list[OutboxMessage],
            now: datetime) -> None:
    """Waitlisted → confirmed: take the seat, leave the queue, in one transaction."""
    tx = Transaction()
    actions = (seats.count_actions(resources, taken=1)
               + seats.count_actions(list(place.waiting_on), waiting=-1))
    tx.update("event", EventItem(place.pk, keys.META), actions,
              condition=seats.has_room(resources, ignore_queue=True))
    tx.update("registration", RegistrationItem(place.pk, keys.registration_sk(place.registration_id)),
              [RegistrationItem.status.set("confirmed"), RegistrationItem.updated_at.set(now),
               RegistrationItem.waiting_on.set([])],
              condition=RegistrationItem.status == "waitlisted")
    tx.delete("place", place, condition=WaitlistPlace.pk.exists())
    for message in messages:
        tx.put("message", message)
    tx.commit()


def release(registration: RegistrationItem, *, to_status: str, resources: list[str],
            messages: list[OutboxMessage], now: datetime, free_email: bool) -> None:
    """Leave whatever the registration held (seat, queue place) and move it to `to_status`."""
    tx = Transaction()
    status = registration.status
    if status == "confirmed":
        tx.update("event", _event_ref(registration.event_id), seats.count_actions(resources, taken=-1))
    elif status == "waitlisted":
        tx.update("event", _event_ref(registration.event_id),
                  seats.count_actions(list(registration.waiting_on), waiting=-1))
        tx.delete("place", _wait_place(registration))
    tx.update("registration", registration,
              [RegistrationItem.status.set(to_status), RegistrationItem.updated_at.set(now),
               RegistrationItem.waiting_on.set([])],
              condition=RegistrationItem.status == status)
    if free_email and registration.email_hash:
        tx.delete("email", EmailMarker(registration.pk, keys.email_sk(registration.email_hash)))
    for message in messages:
        tx.put("message", message)
    tx.commit()


def add_messages(registration: RegistrationItem, messages: list[OutboxMessage]) -> None:
    """Queue e-mails about a registration that must still exist when they are written."""
    tx = Transaction()
    tx.check("registration", RegistrationItem, registration.pk, registration.sk, RegistrationItem.pk.exists())
    for message in messages:
        tx.put("message", message)
    tx.commit()


def with_status(event_id: str, statuses: tuple[str, ...]) -> Iterator[RegistrationItem]:
    """Every registration of an event in one of `statuses`, page by page."""
    yield from RegistrationItem.query(keys.event_pk(event_id), RegistrationItem.sk.startswith("REG#"),
                                      filter_condition=RegistrationItem.status.is_in(*statuses),
                                      page_size=200)


def queue_once(pairs: list[tuple[RegistrationItem, OutboxMessage]], key: str, now: datetime,
               status: str = "confirmed") -> list[OutboxMessage]:
    """Queue one scheduled e-mail per registration, at most once ever per `key`.

    The registration records `emails_queued[key]` in the same transaction as the outbox item, on
    condition that it is not recorded yet and the status still holds: a rerun, or a run killed
    half-way and started again, queues nobody twice. Batches of 50 registrations per transaction;
    a refused batch falls back to one transaction per registration.
    """
    queued: list[OutboxMessage] = []
    for start in range(0, len(pairs), QUEUE_BATCH):
        batch = pairs[start:start + QUEUE_BATCH]
        try:
            _queue_batch(batch, key, now, status)
            queued += [message for _, message in batch]
        except Refused:
            for pair in batch:
                try:
                    _queue_batch([pair], key, now, status)
                    queued.append(pair[1])
                except Refused:
                    pass  # queued already, or no longer in that status
    return queued


def _queue_batch(pairs: list[tuple[RegistrationItem, OutboxMessage]], key: str, now: datetime, status: str) -> None:
    tx = Transaction()
    for registration, message in pairs:
        tx.update("registration", registration, [RegistrationItem.emails_queued[key].set(now.isoformat())],
                  condition=(RegistrationItem.status == status) & RegistrationItem.emails_queued[key].does_not_exist())
        tx.put("message", message)
    tx.commit()


def mark_reconfirmed(registration: RegistrationItem, now: datetime) -> bool:
    return update_if(registration, [RegistrationItem.reconfirmed_at.set(now)],
                     RegistrationItem.status == "confirmed")


def erase(registration: RegistrationItem, now: datetime, expires_at: datetime) -> None:
    """Remove the personal data of a registration, its manage link and its e-mail marker."""
    from . import keys as k
    from .models import ManageLink

    tx = Transaction()
    tx.update("registration", registration, [
        RegistrationItem.name.remove(), RegistrationItem.email.remove(), RegistrationItem.email_hash.remove(),
        RegistrationItem.answers.set({}), RegistrationItem.manage_hash.remove(),
        RegistrationItem.erased_at.set(now), RegistrationItem.expires_at.set(expires_at)],
        condition=RegistrationItem.erased_at.does_not_exist())
    if registration.manage_hash:
        tx.delete("link", ManageLink(k.manage_pk(registration.manage_hash), k.LINK))
    if registration.email_hash:
        tx.delete("email", EmailMarker(registration.pk, k.email_sk(registration.email_hash)))
    tx.commit()


def change(registration: RegistrationItem, *, answers: dict, sessions: list[str], now: datetime) -> None:
    """New answers and sessions; a confirmed seat moves between sessions in the same transaction."""
    tx = Transaction()
    old = set(registration.sessions)
    new = set(sessions)
    if registration.status == "confirmed" and old != new:
        leaving = [seats.session_resource(s) for s in sorted(old - new)]
        joining = [seats.session_resource(s) for s in sorted(new - old)]
        tx.update("event", _event_ref(registration.event_id),
                  seats.count_actions(leaving, taken=-1) + seats.count_actions(joining, taken=1),
                  condition=seats.has_room(joining) if joining else None)
    tx.update("registration", registration,
              [RegistrationItem.answers.set(answers), RegistrationItem.sessions.set(sorted(new)),
               RegistrationItem.updated_at.set(now)],
              condition=RegistrationItem.status == registration.status)
    tx.commit()
