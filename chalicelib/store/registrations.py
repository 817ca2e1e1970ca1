"""Registration items and the transactions that move seats (on the event's counter item, store/seats.py).

Every state change that takes, frees or queues for a seat is one TransactWriteItems together
with the registration, its e-mail marker, its waitlist place and its outbox message, so the
counters never disagree with the registrations and no e-mail is announced without its change.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..records import Event, Message, Page, Quota, Registration, WaitPlace
from ..vocabulary.statuses import PENDING, Status
from . import keys, seats
from .convert import (
    link_target,
    message_item,
    place_item,
    place_record,
    registration_item,
    registration_record,
    registration_ref,
)
from .models import EmailMarker, ManageLink, RegistrationItem, SeatCounters, WaitlistPlace
from .pages import decode_cursor, page_of
from .ratelimit import RateCounter
from .refusals import Refused
from .transaction import Transaction, commit_in_batches, update_if

CONFIRM, WAIT, HOLD = "confirm", "wait", "hold"
QUEUE_BATCH = 50  # registrations per transaction when queueing scheduled mail (2 items each)


def load_registration(event_id: str, registration_id: str) -> Registration | None:
    if not (keys.fits(event_id) and keys.fits(registration_id)):
        return None
    try:
        return registration_record(RegistrationItem.get(keys.event_pk(event_id), keys.registration_sk(registration_id),
                                                        consistent_read=True))
    except DoesNotExist:
        return None


def load_marker(event_id: str, email_hash: str) -> str | None:
    """The registration that holds this address's place in the event, if any."""
    try:
        return EmailMarker.get(keys.event_pk(event_id), keys.email_sk(email_hash), consistent_read=True).registration_id
    except DoesNotExist:
        return None


def load_link(token_hash: str) -> tuple[str, str] | None:
    """(event id, registration id) of a participant's secret link."""
    return link_target(keys.manage_pk(token_hash))


def list_registrations(event_id: str, *, cursor: str | None, limit: int) -> Page:
    pk = keys.event_pk(event_id)
    query = RegistrationItem.query(pk, RegistrationItem.sk.startswith("REG#"), limit=limit,
                                   last_evaluated_key=decode_cursor(cursor, pk=pk))
    items, next_cursor = page_of(query, limit)
    return Page([registration_record(item) for item in items], next_cursor)


def waitlist(event_id: str, limit: int = 50) -> list[WaitPlace]:
    """The queue, oldest first, read strongly consistent so a fresh place is never missed."""
    return [place_record(item) for item in WaitlistPlace.query(
        keys.event_pk(event_id), WaitlistPlace.sk.startswith("WAIT#"), consistent_read=True, limit=limit)]


def _seat_operation(tx: Transaction, event_id: str, mode: str, resources: list[str],
                    waiting_on: list[str], pending: int = 0, checked_against: Event | None = None) -> None:
    """The counter item's part: take a seat, join the queue, or only check the event is published.

    `pending` moves the event's count of pending registrations in the same update.
    `checked_against` is the definition the caller validated with: the commit also requires
    the event not to have been edited since (the revision the counter item carries; seat counts
    may have moved).
    """
    published = seats.published(checked_against)
    counter = seats.pending_actions(pending)
    counters = seats.counters_ref(event_id)
    if mode == CONFIRM:
        tx.update("event", counters, seats.count_actions(resources, taken=1) + counter,
                  condition=published & seats.has_room(resources))
    elif mode == WAIT:
        tx.update("event", counters, seats.count_actions(waiting_on, waiting=1) + counter,
                  condition=published & seats.all_blocked(waiting_on))
    elif counter:
        tx.update("event", counters, counter, condition=published)
    else:
        tx.check("event", SeatCounters, keys.event_pk(event_id), keys.SEATS, published)


def _wait_place(registration: Registration) -> WaitlistPlace:
    return place_item(WaitPlace(registration.event_id, registration.registration_id, registration.queued_at or "",
                                list(registration.sessions), list(registration.waiting_on)))


def _put_messages(tx: Transaction, messages: Sequence[Message]) -> None:
    for message in messages:
        tx.put("message", message_item(message))


def _count_quota(tx: Transaction, quota: Quota) -> None:
    """Use up one of the quota's allowance in the transaction; refused (label "quota") once it is spent."""
    tx.update("quota", RateCounter(f"RATE#{quota.key}", quota.slot),
              [RateCounter.hits.add(1), RateCounter.expires_at.set(quota.now + 2 * quota.window)],
              condition=RateCounter.hits.does_not_exist() | (RateCounter.hits < quota.limit))


def insert(registration: Registration, *, mode: str, resources: list[str], messages: Sequence[Message],
           checked_against: Event | None = None, quota: Quota | None = None) -> None:
    """A new registration: seat (or queue place), e-mail marker, manage link and e-mails at once.

    A registration without an address (added by an organizer) has no e-mail marker. `quota` is
    counted in the same commit (refused as "quota" when used up).
    """
    event_id = registration.event_id
    item = registration_item(registration)
    tx = Transaction()
    _seat_operation(tx, event_id, mode, resources, registration.waiting_on,
                    seats.pending_change(None, registration.status), checked_against)
    tx.put("registration", item, condition=RegistrationItem.pk.does_not_exist())
    if registration.email_hash:
        tx.put("email", EmailMarker(item.pk, keys.email_sk(registration.email_hash),
                                    registration_id=registration.registration_id),
               condition=EmailMarker.pk.does_not_exist())
    if registration.manage_hash:
        tx.put("link", ManageLink(keys.manage_pk(registration.manage_hash), keys.LINK, event_id=event_id,
                                  registration_id=registration.registration_id))
    if mode == WAIT:
        tx.put("place", _wait_place(registration))
    if quota is not None:
        _count_quota(tx, quota)
    _put_messages(tx, messages)
    tx.commit()


def transition(registration: Registration, *, from_status: str, to_status: str, mode: str,
               resources: list[str], waiting_on: list[str], queued_at: str | None,
               messages: Sequence[Message], now: datetime, rechosen: bool = False) -> None:
    """Move an existing registration into a new state, taking a seat or a queue place with it.

    `rechosen`: the person chose their sessions again (and whether to wait for a full one) as they
    moved: `registration.sessions` and `wait_if_full` are written in the same transaction."""
    tx = Transaction()
    _seat_operation(tx, registration.event_id, mode, resources, waiting_on,
                    seats.pending_change(from_status, to_status))
    actions: list[Any] = [RegistrationItem.status.set(to_status), RegistrationItem.updated_at.set(now),
                          RegistrationItem.waiting_on.set(waiting_on)]
    if queued_at:
        actions.append(RegistrationItem.queued_at.set(queued_at))
    if rechosen:
        actions += [RegistrationItem.sessions.set(list(registration.sessions)), _wait_choice(registration.wait_if_full)]
    tx.update("registration", registration_ref(registration.event_id, registration.registration_id), actions,
              condition=(RegistrationItem.status == from_status) & RegistrationItem.erased_at.does_not_exist())
    if mode == WAIT:
        tx.put("place", place_item(WaitPlace(registration.event_id, registration.registration_id, queued_at or "",
                                             list(registration.sessions), list(waiting_on))))
    _put_messages(tx, messages)
    tx.commit()


def promote(place: WaitPlace, resources: list[str], messages: Sequence[Message], now: datetime, *,
            grow: dict[str, int] | None = None, sessions: list[str] | None = None) -> None:
    """Waitlisted → confirmed: take the seat, leave the queue, in one transaction.

    `grow`: full resources that get one more seat for this person ({resource: capacity seen}), an
    organizer's decision; every other resource must have a free seat (the queue ignored).
    `sessions`: the person leaves the queue for other sessions (`resources`) of their own choice;
    those need a free seat and nobody queued ahead of them.
    """
    grow = grow or {}
    tx = Transaction()
    condition, actions = seats.grow_by_one(grow)
    actions += (seats.count_actions(resources, taken=1) + seats.count_actions(list(place.waiting_on), waiting=-1))
    rest = [r for r in resources if r not in grow]
    if rest:
        room = seats.has_room(rest, ignore_queue=sessions is None, own=tuple(place.waiting_on))
        condition = room if condition is None else condition & room
    tx.update("event", seats.counters_ref(place.event_id), actions, condition=condition)
    moved = [RegistrationItem.sessions.set(sessions)] if sessions is not None else []
    tx.update("registration", registration_ref(place.event_id, place.registration_id),
              [RegistrationItem.status.set(Status.CONFIRMED), RegistrationItem.updated_at.set(now),
               RegistrationItem.waiting_on.set([]), *moved],
              condition=RegistrationItem.status == Status.WAITLISTED)
    tx.delete("place", place_item(place), condition=WaitlistPlace.pk.exists())
    _put_messages(tx, messages)
    tx.commit()


def release(registration: Registration, *, to_status: str, resources: list[str],
            messages: Sequence[Message], now: datetime, free_email: bool) -> None:
    """Leave whatever the registration held (seat, queue place, pending count) and move it to `to_status`."""
    tx = Transaction()
    status = registration.status
    condition = RegistrationItem.status == status
    if status == Status.CONFIRMED:
        tx.update("event", seats.counters_ref(registration.event_id), seats.count_actions(resources, taken=-1))
    elif status == Status.WAITLISTED:
        tx.update("event", seats.counters_ref(registration.event_id),
                  seats.count_actions(list(registration.waiting_on), waiting=-1))
        tx.delete("place", _wait_place(registration))
    elif status in PENDING:  # an erased one was taken off the count when erased
        tx.update("event", seats.counters_ref(registration.event_id), seats.pending_actions(-1))
        condition &= RegistrationItem.erased_at.does_not_exist()
    tx.update("registration", registration_ref(registration.event_id, registration.registration_id),
              [RegistrationItem.status.set(to_status), RegistrationItem.updated_at.set(now),
               RegistrationItem.waiting_on.set([])],
              condition=condition)
    if free_email and registration.email_hash:
        tx.delete("email", EmailMarker(keys.event_pk(registration.event_id), keys.email_sk(registration.email_hash)))
    _put_messages(tx, messages)
    tx.commit()


def add_messages(registration: Registration, messages: Sequence[Message]) -> None:
    """Queue e-mails about a registration that must still exist when they are written."""
    tx = Transaction()
    tx.check("registration", RegistrationItem, keys.event_pk(registration.event_id),
             keys.registration_sk(registration.registration_id), RegistrationItem.pk.exists())
    _put_messages(tx, messages)
    tx.commit()


def with_status(event_id: str, statuses: Sequence[str]) -> Iterator[Registration]:
    """Every registration of an event in one of `statuses`, page by page."""
    for item in RegistrationItem.query(keys.event_pk(event_id), RegistrationItem.sk.startswith("REG#"),
                                       filter_condition=RegistrationItem.status.is_in(*statuses), page_size=200):
        yield registration_record(item)


def queue_once(pairs: list[tuple[Registration, Message]], key: str, now: datetime,
               status: str = Status.CONFIRMED) -> list[Message]:
    """Queue one scheduled e-mail per registration, at most once ever per `key`.

    The registration records `emails_queued[key]` in the same transaction as the outbox item, on
    condition that it is not recorded yet and the status still holds: a rerun, or a run killed
    half-way and started again, queues nobody twice. Batches of 50 registrations per transaction;
    a refused batch falls back to one transaction per registration.
    """
    written = commit_in_batches(pairs, QUEUE_BATCH, lambda batch: _queue_batch(batch, key, now, status))
    return [message for _, message in written]


def _queue_batch(pairs: list[tuple[Registration, Message]], key: str, now: datetime, status: str) -> None:
    tx = Transaction()
    for registration, message in pairs:
        tx.update("registration", registration_ref(registration.event_id, registration.registration_id),
                  [RegistrationItem.emails_queued[key].set(now.isoformat())],
                  condition=(RegistrationItem.status == status) & RegistrationItem.emails_queued[key].does_not_exist())
        tx.put("message", message_item(message))
    tx.commit()


def mark_reconfirmed(registration: Registration, now: datetime) -> bool:
    return update_if(registration_ref(registration.event_id, registration.registration_id),
                     [RegistrationItem.reconfirmed_at.set(now)], RegistrationItem.status == Status.CONFIRMED)


def stop_messages(event_id: str, registration_id: str, now: datetime) -> bool:
    """Record that the person wants no more organizer messages of the event; the first time is kept.

    False when there is nobody to record it on (no such registration, or erased)."""
    ref = registration_ref(event_id, registration_id)
    if update_if(ref, [RegistrationItem.messages_stopped_at.set(now)],
                 RegistrationItem.pk.exists() & RegistrationItem.erased_at.does_not_exist()
                 & RegistrationItem.messages_stopped_at.does_not_exist()):
        return True
    stored = load_registration(event_id, registration_id)
    return stored is not None and stored.erased_at is None and stored.messages_stopped_at is not None


def erase(registration: Registration, now: datetime, expires_at: datetime) -> None:
    """Remove the personal data of a registration, its manage and survey links and its e-mail marker.

    A pending registration leaves the event's pending count: nobody is left to confirm or approve.
    Raises Refused if it is erased already.
    """
    for _ in range(3):
        try:
            _erase_once(registration, now, expires_at)
            return
        except Refused:
            current = load_registration(registration.event_id, registration.registration_id)
            if current is None or current.erased_at or current.status == registration.status:
                raise
            registration = current  # its status moved meanwhile: count from the new one
    raise Refused({"registration"}, {})


def _erase_once(registration: Registration, now: datetime, expires_at: datetime) -> None:
    tx = Transaction()
    condition = RegistrationItem.erased_at.does_not_exist()
    if registration.status in PENDING:
        tx.update("event", seats.counters_ref(registration.event_id), seats.pending_actions(-1))
        condition &= RegistrationItem.status == registration.status
    tx.update("registration", registration_ref(registration.event_id, registration.registration_id), [
        RegistrationItem.name.remove(), RegistrationItem.email.remove(), RegistrationItem.email_hash.remove(),
        RegistrationItem.search_text.remove(), RegistrationItem.answers.set({}),
        RegistrationItem.manage_hash.remove(), RegistrationItem.attendance_log.remove(),
        RegistrationItem.survey_hash.remove(),
        RegistrationItem.erased_at.set(now), RegistrationItem.expires_at.set(expires_at)], condition=condition)
    if registration.manage_hash:
        tx.delete("link", ManageLink(keys.manage_pk(registration.manage_hash), keys.LINK))
    if registration.survey_hash:  # the answers stay: nothing in them leads to the person
        tx.delete("survey_link", ManageLink(keys.survey_link_pk(registration.survey_hash), keys.LINK))
    if registration.email_hash:
        tx.delete("email", EmailMarker(keys.event_pk(registration.event_id), keys.email_sk(registration.email_hash)))
    tx.commit()


def _wait_choice(wait_if_full: bool) -> Any:
    """Whether the person asked to wait for a full session: kept only when they did."""
    return RegistrationItem.wait_if_full.set(True) if wait_if_full else RegistrationItem.wait_if_full.remove()


def change(registration: Registration, *, answers: dict, sessions: list[str], now: datetime,
           wait_if_full: bool | None = None) -> None:
    """New answers and sessions; a confirmed seat moves between sessions in the same transaction.

    `wait_if_full`: the person's choice to wait for a full session, given again with the sessions."""
    tx = Transaction()
    old = set(registration.sessions)
    new = set(sessions)
    if registration.status == Status.CONFIRMED and old != new:
        leaving = [seats.session_resource(s) for s in sorted(old - new)]
        joining = [seats.session_resource(s) for s in sorted(new - old)]
        tx.update("event", seats.counters_ref(registration.event_id),
                  seats.count_actions(leaving, taken=-1) + seats.count_actions(joining, taken=1),
                  condition=seats.has_room(joining) if joining else None)
    actions = [RegistrationItem.answers.set(answers), RegistrationItem.sessions.set(sorted(new)),
               RegistrationItem.updated_at.set(now)]
    if wait_if_full is not None:
        actions.append(_wait_choice(wait_if_full))
    tx.update("registration", registration_ref(registration.event_id, registration.registration_id), actions,
              condition=RegistrationItem.status == registration.status)
    tx.commit()


def _queue_if_quiet(registration: Registration, stamp: Any, message: Message, now: datetime, not_since: datetime,
                    condition: Any) -> None:
    """Queue a message and stamp when, on condition the last stamp is older than `not_since`."""
    tx = Transaction()
    tx.update("registration", registration_ref(registration.event_id, registration.registration_id),
              [stamp.set(now)], condition=condition & RegistrationItem.erased_at.does_not_exist()
              & (stamp.does_not_exist() | (stamp < not_since)))
    tx.put("message", message_item(message))
    tx.commit()


def resend(registration: Registration, message: Message, now: datetime, not_since: datetime) -> None:
    """Queue a message again, at most once since `not_since` (a double click sends one e-mail).

    The status must still be the one the message announces.
    """
    _queue_if_quiet(registration, RegistrationItem.resent_at, message, now, not_since,
                    RegistrationItem.status == registration.status)


def tell_already_registered(registration: Registration, message: Message, now: datetime,
                            not_since: datetime) -> None:
    """Queue the "already registered" e-mail, at most once since `not_since`; Refused otherwise."""
    _queue_if_quiet(registration, RegistrationItem.already_told_at, message, now, not_since,
                    RegistrationItem.pk.exists())
