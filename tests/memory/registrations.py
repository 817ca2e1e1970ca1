"""store/registrations.py in memory: the same conditions, all checked before
anything is written (a transaction), and the same refusals (labels, and the event as it was)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime

from chalicelib.records import Event, Found, Message, Page, Quota, Registration, WaitPlace
from chalicelib.store.pages import decode_cursor, encode_cursor
from chalicelib.store.refusals import Refused
from chalicelib.vocabulary.seats import pending_change, session_resource
from chalicelib.vocabulary.statuses import PENDING, EventStatus, Status

from . import seats
from .state import registrations_of_event, state

CONFIRM, WAIT, HOLD = "confirm", "wait", "hold"
LIST_BUDGET = 2000


def _key(registration: Registration) -> tuple[str, str]:
    return registration.event_id, registration.registration_id


def _stored(registration: Registration) -> Registration | None:
    return state().registrations.get(_key(registration))


def _refuse(labels: set[str], event_id: str) -> None:
    if labels:
        raise Refused(labels)


def _put_messages(messages: Sequence[Message]) -> None:
    for message in messages:
        state().outbox[(message.shard, message.due, message.message_id)] = message


def load_registration(event_id: str, registration_id: str) -> Registration | None:
    return state().registrations.get((event_id, registration_id))


def load_marker(event_id: str, email_hash: str) -> str | None:
    return state().markers.get((event_id, email_hash))


def load_link(token_hash: str) -> tuple[str, str] | None:
    return state().links.get(token_hash)


def _from_cursor(event_id: str, cursor: str | None) -> list[Registration]:
    everyone = registrations_of_event(event_id)
    start = decode_cursor(cursor, "REG#", pk=f"EVENT#{event_id}")
    if start:
        after = start["sk"]["S"]
        everyone = [r for r in everyone if f"REG#{r.registration_id}" > after]
    return everyone


def _cursor(registration: Registration) -> str | None:
    return encode_cursor({"pk": {"S": f"EVENT#{registration.event_id}"},
                          "sk": {"S": f"REG#{registration.registration_id}"}})


def list_registrations(event_id: str, *, cursor: str | None, limit: int) -> Page:
    remaining = _from_cursor(event_id, cursor)
    items = remaining[:limit]
    return Page(items, _cursor(items[-1]) if len(remaining) > limit else None)  # as moto: a cursor if more remain


def _matches(r: Registration, statuses: Sequence[str], session: str | None, checked_in: bool | None,
             words: Sequence[Sequence[str]]) -> bool:
    if statuses and r.status not in statuses:
        return False
    if session and session not in r.sessions:
        return False
    if checked_in is not None and bool(r.checked_in_at) != checked_in:
        return False
    return all(any(spelling in (r.search_text or "") for spelling in word) for word in words)


def find_registrations(event_id: str, *, statuses: Sequence[str] = (), session: str | None = None,
                       checked_in: bool | None = None, words: Sequence[Sequence[str]] = (),
                       cursor: str | None, limit: int, budget: int | None = None) -> Found:
    everyone = _from_cursor(event_id, cursor)
    read = everyone[:budget or LIST_BUDGET]
    found = [r for r in read if _matches(r, statuses, session, checked_in, words)]
    if len(found) > limit or (len(found) == limit and len(read) < len(everyone)):
        return Found(found[:limit], _cursor(found[limit - 1]))
    if len(read) < len(everyone):
        return Found(found, _cursor(read[-1]), exhausted=True)
    return Found(found, None)


def waitlist(event_id: str, limit: int = 50) -> list[WaitPlace]:
    places = sorted((key, place) for key, place in state().places.items() if key[0] == event_id)
    return [place for _, place in places][:limit]


def _place_key(event_id: str, queued_at: str, registration_id: str) -> tuple[str, str]:
    return event_id, f"{queued_at}#{registration_id}"


def _seat_check(event: Event | None, mode: str, resources: list[str], waiting_on: list[str],
                checked_against: Event | None) -> bool:
    if event is None or event.status != EventStatus.PUBLISHED:
        return False
    if checked_against is not None and event.updated_at != checked_against.updated_at:
        return False
    if mode == CONFIRM:
        return seats.has_room(event, resources)
    if mode == WAIT:
        return seats.all_blocked(event, waiting_on)
    return True


def _seat_apply(event: Event, mode: str, resources: list[str], waiting_on: list[str], pending: int) -> Event:
    if mode == CONFIRM:
        event = seats.count(event, resources, taken=1)
    elif mode == WAIT:
        event = seats.count(event, waiting_on, waiting=1)
    return replace(event, pending=event.pending + pending) if pending else event


def insert(registration: Registration, *, mode: str, resources: list[str], messages: Sequence[Message],
           checked_against: Event | None = None, quota: Quota | None = None) -> None:
    with state().lock:
        event = state().events.get(registration.event_id)
        labels = set()
        if quota is not None and state().counters.get((quota.key, quota.slot), 0) >= quota.limit:
            labels.add("quota")
        if not _seat_check(event, mode, resources, registration.waiting_on, checked_against):
            labels.add("event")
        if _stored(registration) is not None:
            labels.add("registration")
        if registration.email_hash and (registration.event_id, registration.email_hash) in state().markers:
            labels.add("email")
        _refuse(labels, registration.event_id)
        state().events[registration.event_id] = _seat_apply(event, mode, resources, registration.waiting_on,
                                                            pending_change(None, registration.status))
        state().registrations[_key(registration)] = registration
        if registration.email_hash:
            state().markers[(registration.event_id, registration.email_hash)] = registration.registration_id
        if registration.manage_hash:
            state().links[registration.manage_hash] = _key(registration)
        if mode == WAIT:
            state().places[_place_key(registration.event_id, registration.queued_at or "",
                                      registration.registration_id)] = WaitPlace(
                registration.event_id, registration.registration_id, registration.queued_at or "",
                list(registration.sessions), list(registration.waiting_on))
        if quota is not None:
            state().counters[(quota.key, quota.slot)] = state().counters.get((quota.key, quota.slot), 0) + 1
        _put_messages(messages)


def transition(registration: Registration, *, from_status: str, to_status: str, mode: str,
               resources: list[str], waiting_on: list[str], queued_at: str | None,
               messages: Sequence[Message], now: datetime, rechosen: bool = False) -> None:
    with state().lock:
        event = state().events.get(registration.event_id)
        stored = _stored(registration)
        labels = set()
        if not _seat_check(event, mode, resources, waiting_on, None):
            labels.add("event")
        if stored is None or stored.status != from_status or stored.erased_at:
            labels.add("registration")
        _refuse(labels, registration.event_id)
        state().events[registration.event_id] = _seat_apply(event, mode, resources, waiting_on,
                                                            pending_change(from_status, to_status))
        changed = replace(stored, status=to_status, updated_at=now, waiting_on=list(waiting_on))
        if queued_at:
            changed = replace(changed, queued_at=queued_at)
        if rechosen:
            changed = replace(changed, sessions=list(registration.sessions), wait_if_full=registration.wait_if_full)
        state().registrations[_key(registration)] = changed
        if mode == WAIT:
            state().places[_place_key(registration.event_id, queued_at or "", registration.registration_id)] = \
                WaitPlace(registration.event_id, registration.registration_id, queued_at or "",
                          list(registration.sessions), list(waiting_on))
        _put_messages(messages)


def promote(place: WaitPlace, resources: list[str], messages: Sequence[Message], now: datetime, *,
            grow: dict[str, int] | None = None, sessions: list[str] | None = None) -> None:
    with state().lock:
        grow = grow or {}
        event = state().events.get(place.event_id)
        stored = state().registrations.get((place.event_id, place.registration_id))
        key = _place_key(place.event_id, place.queued_at, place.registration_id)
        labels = set()
        grown, event_after = seats.grow(event, grow) if event else (False, event)
        rest = [r for r in resources if r not in grow]
        if event is None or not grown or not seats.has_room(event_after, rest, ignore_queue=sessions is None,
                                                            own=tuple(place.waiting_on)):
            labels.add("event")
        if stored is None or stored.status != Status.WAITLISTED:
            labels.add("registration")
        if key not in state().places:
            labels.add("place")
        _refuse(labels, place.event_id)
        event_after = seats.count(event_after, resources, taken=1)
        state().events[place.event_id] = seats.count(event_after, list(place.waiting_on), waiting=-1)
        moved = {"sessions": list(sessions)} if sessions is not None else {}
        state().registrations[(place.event_id, place.registration_id)] = replace(
            stored, status=Status.CONFIRMED, updated_at=now, waiting_on=[], **moved)
        del state().places[key]
        _put_messages(messages)


def release(registration: Registration, *, to_status: str, resources: list[str],
            messages: Sequence[Message], now: datetime, free_email: bool) -> None:
    with state().lock:
        stored = _stored(registration)
        status = registration.status
        if stored is None or stored.status != status or (status in PENDING and stored.erased_at):
            raise Refused({"registration"})
        event = state().events[registration.event_id]
        if status == Status.CONFIRMED:
            event = seats.count(event, resources, taken=-1)
        elif status == Status.WAITLISTED:
            event = seats.count(event, list(registration.waiting_on), waiting=-1)
            state().places.pop(_place_key(registration.event_id, registration.queued_at or "",
                                          registration.registration_id), None)
        elif status in PENDING:
            event = replace(event, pending=event.pending - 1)
        state().events[registration.event_id] = event
        state().registrations[_key(registration)] = replace(stored, status=to_status, updated_at=now, waiting_on=[])
        if free_email and registration.email_hash:
            state().markers.pop((registration.event_id, registration.email_hash), None)
        _put_messages(messages)


def add_messages(registration: Registration, messages: Sequence[Message]) -> None:
    with state().lock:
        if _stored(registration) is None:
            raise Refused({"registration"})
        _put_messages(messages)


def with_status(event_id: str, statuses: Sequence[str]) -> Iterator[Registration]:
    yield from [r for r in registrations_of_event(event_id) if r.status in statuses]


def queue_once(pairs: list[tuple[Registration, Message]], key: str, now: datetime,
               status: str = Status.CONFIRMED) -> list[Message]:
    queued = []
    with state().lock:
        for registration, message in pairs:  # a batch refused whole falls back to one by one: the same result
            stored = _stored(registration)
            if stored is None or stored.status != status or key in stored.emails_queued:
                continue
            state().registrations[_key(registration)] = replace(
                stored, emails_queued={**stored.emails_queued, key: now.isoformat()})
            _put_messages([message])
            queued.append(message)
    return queued


def stop_messages(event_id: str, registration_id: str, now: datetime) -> bool:
    with state().lock:
        stored = state().registrations.get((event_id, registration_id))
        if stored is None or stored.erased_at is not None:
            return False
        if stored.messages_stopped_at is None:
            state().registrations[(event_id, registration_id)] = replace(stored, messages_stopped_at=now)
        return True


def mark_reconfirmed(registration: Registration, now: datetime) -> bool:
    with state().lock:
        stored = _stored(registration)
        if stored is None or stored.status != Status.CONFIRMED:
            return False
        state().registrations[_key(registration)] = replace(stored, reconfirmed_at=now)
        return True


def erase(registration: Registration, now: datetime, expires_at: datetime) -> None:
    with state().lock:
        stored = _stored(registration)
        if stored is None or stored.erased_at:
            raise Refused({"registration"})
        if stored.status in PENDING:
            event = state().events[registration.event_id]
            state().events[registration.event_id] = replace(event, pending=event.pending - 1)
        state().registrations[_key(registration)] = replace(
            stored, name=None, email=None, email_hash=None, search_text=None, answers={}, manage_hash=None,
            attendance_log=[], survey_hash=None, erased_at=now, expires_at=expires_at)
        if stored.manage_hash:
            state().links.pop(stored.manage_hash, None)
        if stored.email_hash:
            state().markers.pop((registration.event_id, stored.email_hash), None)


def change(registration: Registration, *, answers: dict, sessions: list[str], now: datetime,
           wait_if_full: bool | None = None) -> None:
    with state().lock:
        stored = _stored(registration)
        event = state().events[registration.event_id]
        old, new = set(registration.sessions), set(sessions)
        labels = set()
        moving = registration.status == Status.CONFIRMED and old != new
        joining = [session_resource(s) for s in sorted(new - old)]
        if moving and joining and not seats.has_room(event, joining):
            labels.add("event")
        if stored is None or stored.status != registration.status:
            labels.add("registration")
        _refuse(labels, registration.event_id)
        if moving:
            leaving = [session_resource(s) for s in sorted(old - new)]
            state().events[registration.event_id] = seats.count(seats.count(event, leaving, taken=-1), joining,
                                                                taken=1)
        changed = replace(stored, answers=answers, sessions=sorted(new), updated_at=now)
        if wait_if_full is not None:
            changed = replace(changed, wait_if_full=wait_if_full)
        state().registrations[_key(registration)] = changed


def _queue_if_quiet(registration: Registration, stamp: str, message: Message, now: datetime,
                    not_since: datetime, same_status: bool) -> None:
    with state().lock:
        stored = _stored(registration)
        last = getattr(stored, stamp) if stored else None
        if (stored is None or stored.erased_at or (same_status and stored.status != registration.status)
                or (last is not None and not last < not_since)):
            raise Refused({"registration"})
        state().registrations[_key(registration)] = replace(stored, **{stamp: now})
        _put_messages([message])


def resend(registration: Registration, message: Message, now: datetime, not_since: datetime) -> None:
    _queue_if_quiet(registration, "resent_at", message, now, not_since, True)


def tell_already_registered(registration: Registration, message: Message, now: datetime,
                            not_since: datetime) -> None:
    _queue_if_quiet(registration, "already_told_at", message, now, not_since, False)


def projected(registration: Registration, attributes: Sequence[str]) -> Registration:
    """Only the attributes a query asked for; the others read as a fresh record's defaults."""
    kept = {name: getattr(registration, name) for name in attributes if hasattr(registration, name)}
    return Registration(**{"registration_id": None, "event_id": None, "status": None, **kept})
