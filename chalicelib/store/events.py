"""Reading and writing events: the definition's item and its seat counter item. Definitions change
by update expressions that never touch the seat counts, so an organizer's edit cannot clobber
registrations made meanwhile."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from pynamodb.exceptions import UpdateError

from ..records import Event, Page, Registration
from . import keys, seats
from .convert import counter_values, event_item, event_record, event_ref, index_keys, registration_record
from .models import EventItem, RegistrationItem, SeatCounters
from .pages import decode_cursor, decode_position, encode_position, page_of
from .refusals import Contention, EditRefused, Refused
from .transaction import Transaction

SEAT_FIELDS = ("capacity", "sessions")
MERGED = "PROJECTS"  # the merged list's cursor names this partition: no project's key (PROJECT#…) is spelled so
DEFINITION_FIELDS = ("title", "description", "kind", "starts_at", "ends_at", "timezone", "venue", "project",
                     "registration_opens_at", "registration_closes_at", "languages", "audiences", "questions",
                     "requires_approval", "invite_only", "invite_code_hashes", "double_opt_in", "waitlist_enabled",
                     "sessions_exclusive",
                     "reminders", "retention_days", "reconfirm_days", "reconfirm_hours", "certificate", "survey",
                     *SEAT_FIELDS)


def load_event(event_id: str, *, consistent: bool = False) -> Event | None:
    """The definition and its counters, in one Query (both sort keys begin with META); an event
    written before the counters had their own item has them moved there on this first read."""
    if not keys.fits(event_id):
        return None
    answer = EventItem._get_connection().query(keys.event_pk(event_id), consistent_read=consistent,
                                               range_key_condition=EventItem.sk.startswith(keys.META))
    found = {raw["sk"]["S"]: raw for raw in answer.get("Items", [])}  # META and META#SEATS
    if keys.META not in found:
        return None
    return _event(EventItem.from_raw_data(found[keys.META]), found.get(keys.SEATS))


def _event(item: EventItem, counters: SeatCounters | dict[str, Any] | None) -> Event:
    """The event from its definition and its counter item (raw or read); an event still holding
    its counters on the definition has them moved first."""
    if counters is None and seats.is_legacy(item):
        return _move_counters(item)
    if isinstance(counters, dict):
        counters = SeatCounters.from_raw_data(counters)
    return event_record(item, counters)


def _move_counters(item: EventItem) -> Event:
    """Move an old event item's counters to their own item, all at once: on condition that they are
    still the ones read (no count changes on the way), else read again. The event as it now is."""
    event = event_record(item)
    legacy = EventItem.taken == event.taken
    for name in ("waiting", "pending"):
        legacy &= getattr(EventItem, name) == getattr(event, name)
    for name in ("session_taken", "session_waiting"):
        for sid, count in getattr(event, name).items():
            legacy &= getattr(EventItem, name)[sid] == count
    transaction = Transaction()
    transaction.put("seats", seats.counters_item(event), condition=SeatCounters.pk.does_not_exist())
    transaction.update("event", event_ref(event.event_id),
                       [getattr(EventItem, name).remove() for name in seats.LEGACY_FIELDS], condition=legacy)
    try:
        transaction.commit()
    except Refused:  # moved meanwhile by another request, or a count moved: read what is there now
        moved = load_event(event.event_id, consistent=True)
        if moved is None:
            raise EditRefused("gone") from None
        return moved
    return event


def move_all_counters(limit: int = 200) -> int:
    """Move the counters of every event still holding them (a deployment's upgrade step, rerun
    safely: a moved event is skipped). How many were moved."""
    moved, cursor = 0, None
    while True:
        query = EventItem.by_start.query("EVENTS", limit=limit,
                                         last_evaluated_key=decode_cursor(cursor, gsi1pk="EVENTS"))
        items, cursor = page_of(query, limit)
        for item in items:
            if seats.is_legacy(item):
                _move_counters(item)
                moved += 1
        if cursor is None:
            return moved


def load_with_registration(event_id: str, registration_id: str) -> tuple[Event | None, Registration | None]:
    """The event and one of its registrations, both as they are now, in one round trip: a strongly
    consistent BatchGetItem of the three items of the event's partition (what an e-mail is made of).
    A BatchGetItem, not a TransactGetItems: the counter item is in every sign-up's transaction, and a
    read transaction would be cancelled by them in a burst."""
    if not (keys.fits(event_id) and keys.fits(registration_id)):
        return None, None
    pk, sk, table = keys.event_pk(event_id), keys.registration_sk(registration_id), EventItem._get_connection()
    wanted: list[dict[str, Any]] = [{"pk": pk, "sk": keys.META}, {"pk": pk, "sk": keys.SEATS}, {"pk": pk, "sk": sk}]
    found: dict[str, dict[str, Any]] = {}
    while wanted:  # DynamoDB may leave keys unprocessed (throttling): ask again for those, as PynamoDB's batch_get does
        answer = table.batch_get_item(wanted, consistent_read=True)
        found.update((raw["sk"]["S"], raw) for raw in answer.get("Responses", {}).get(table.table_name, []))
        wanted = answer.get("UnprocessedKeys", {}).get(table.table_name, {}).get("Keys", [])
    raw_event, counters, raw_registration = found.get(keys.META), found.get(keys.SEATS), found.get(sk)
    registration = registration_record(RegistrationItem.from_raw_data(raw_registration)) if raw_registration else None
    return (_event(EventItem.from_raw_data(raw_event), counters) if raw_event else None), registration


def with_counters(items: list[EventItem]) -> list[Event]:
    """Events read from an index (which holds the definitions only), with their counters: one
    BatchGetItem for the lot, eventually consistent like the index itself. An event still holding
    its counters has them moved here, as on any read, before a job or a person can write them."""
    wanted = [(item.pk, keys.SEATS) for item in items if not seats.is_legacy(item)]
    counters = {found.pk: found for found in SeatCounters.batch_get(wanted)} if wanted else {}
    return [_event(item, counters.get(item.pk)) for item in items]


def after_refusal(event: Event, raw_counters: dict[str, Any] | None) -> Event | None:
    """The event as a refused seat transaction saw it: the counters DynamoDB returned with the
    refusal, on the definition already known if that is still the one in force; else read again."""
    if raw_counters is not None:
        counters = SeatCounters.from_raw_data(raw_counters)
        if counters.revision == event.updated_at and counters.status == event.status:
            return replace(event, **counter_values(counters))
    return load_event(event.event_id, consistent=True)


def insert_event(event: Event) -> None:
    try:
        insert_events([event])
    except Refused as error:  # an id collision: practically impossible, but never overwrite
        raise EditRefused("event id taken") from error


def insert_events(events: list[Event]) -> None:
    """New events with their counter items, all or none (a series); Refused or Contention if not written."""
    transaction = Transaction()
    for event in events:
        transaction.put(event.event_id, event_item(event), condition=EventItem.pk.does_not_exist())
        transaction.put(event.event_id, seats.counters_item(event),
                        condition=SeatCounters.pk.does_not_exist())
    transaction.commit()


def update_event(event: Event, values: dict[str, Any], updated_at: datetime) -> None:
    """Apply changed definition fields; capacity and sessions are checked against seats taken.

    `event` is the current definition (for the sessions it had and the index keys). The counter
    item takes the new revision (and capacities) in the same transaction: sign-ups checked
    against the old definition are refused and checked again.
    """
    unknown = set(values) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValueError(f"not a definition field: {sorted(unknown)}")
    actions: list[Any] = [EventItem.updated_at.set(updated_at)]
    for name, value in values.items():
        if name in SEAT_FIELDS:
            continue
        attribute = getattr(EventItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    if "starts_at" in values or "project" in values:
        moved = index_keys(event.event_id, values.get("project", event.project),
                           values.get("starts_at", event.starts_at))
        actions += [getattr(EventItem, name).set(value) for name, value in moved.items()]
    if "capacity" in values:
        actions.append(EventItem.capacity.set(values["capacity"]))
    if "sessions" in values:
        actions.append(EventItem.sessions.set(values["sessions"]))
        actions += [EventItem.session_capacity[s["id"]].set(s["capacity"]) for s in values["sessions"]]
        actions += [EventItem.session_capacity[sid].remove()
                    for sid in set(event.session_ids) - {s["id"] for s in values["sessions"]}]
    room, seat_actions = seats.capacity_actions(values.get("capacity"), values.get("sessions"), event.session_ids)
    transaction = Transaction()
    transaction.update("event", event_ref(event.event_id), actions, condition=EventItem.pk.exists())
    transaction.update("seats", seats.counters_ref(event.event_id),
                       seat_actions + seats.definition_actions(None, updated_at), condition=room)
    try:
        transaction.commit()
    except Refused as error:
        raise EditRefused("seats taken") from error


def set_status(event_id: str, allowed_from: tuple[str, ...], status: str, updated_at: datetime) -> bool:
    """Move the event to `status` if it is in one of `allowed_from`; False if it was not."""
    transaction = Transaction()
    transaction.update("event", event_ref(event_id),
                       [EventItem.status.set(status), EventItem.updated_at.set(updated_at)],
                       condition=EventItem.status.is_in(*allowed_from))
    transaction.update("seats", seats.counters_ref(event_id), seats.definition_actions(status, updated_at),
                       condition=SeatCounters.pk.exists())
    try:
        transaction.commit()
    except Refused:
        return False
    return True


def announce_change(event_id: str) -> int:
    """One more to the event's calendar SEQUENCE (atomic: concurrent announcements each count); the new value."""
    ref = event_ref(event_id)
    try:
        ref.update(actions=[EventItem.sequence.add(1)], condition=EventItem.pk.exists())
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise EditRefused("gone") from error
        raise
    return int(ref.sequence)


def _page(query: Any, limit: int) -> Page:
    items, cursor = page_of(query, limit)
    return Page(with_counters(items), cursor)


def events_starting(after: datetime, before: datetime | None = None, *, cursor: str | None = None,
                    limit: int = 50) -> Page:
    """All events (any project) starting in [after, before), by start time, from the GSI."""
    lower = after.strftime("%Y-%m-%dT%H:%M:%SZ")
    condition = (EventItem.gsi1sk >= lower if before is None else
                 EventItem.gsi1sk.between(lower, before.strftime("%Y-%m-%dT%H:%M:%SZ")))
    return _page(EventItem.by_start.query("EVENTS", condition, limit=limit,
                                          last_evaluated_key=decode_cursor(cursor, gsi1pk="EVENTS")), limit)


def project_events(project: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    if not keys.fits(project):
        return Page([], None)
    pk = f"PROJECT#{project}"
    return _page(EventItem.by_project.query(pk, limit=limit, last_evaluated_key=decode_cursor(cursor, gsi2pk=pk)),
                 limit)


def projects_events(projects: Iterable[str], *, cursor: str | None = None, limit: int = 50) -> Page:
    """The events of several projects in start-time order: one Query per project, merged (never a Scan).

    The cursor is a position in that order (the last event's start#id key), so it stays valid
    whichever project's events come next, and no event is skipped or shown twice. Each query
    reads at most `limit` + 1 events after it: one more than a page says whether another follows.
    """
    after = decode_position(cursor, "gsi2sk", gsi2pk=MERGED)
    found: list[EventItem] = []
    for project in sorted({p for p in projects if keys.fits(p)}):
        condition = EventItem.gsi2sk > after if after else None
        found += EventItem.by_project.query(f"PROJECT#{project}", condition, limit=limit + 1)
    found.sort(key=lambda item: item.gsi2sk)
    shown = found[:limit]
    return Page(with_counters(shown),
                encode_position(gsi2pk=MERGED, gsi2sk=shown[-1].gsi2sk) if len(found) > limit else None)


def all_events(*, cursor: str | None = None, limit: int = 50) -> Page:
    return _page(EventItem.by_start.query("EVENTS", limit=limit,
                                          last_evaluated_key=decode_cursor(cursor, gsi1pk="EVENTS")), limit)


def mark_done(event_id: str, attribute: str, value: int | str) -> None:
    """Append to one of the event's job ledgers (reminders_done, reconfirm_done)."""
    if attribute not in ("reminders_done", "reconfirm_done"):
        raise ValueError(attribute)
    path = getattr(EventItem, attribute)
    event_ref(event_id).update(actions=[path.set((path | []).append([value]))])


def keep_stats(event_id: str, stats: dict) -> None:
    event_ref(event_id).update(actions=[EventItem.anonymous_stats.set(stats)])


def mark_erased(event_id: str, at: datetime) -> None:
    event_ref(event_id).update(actions=[EventItem.erased_at.set(at)])


__all__ = [
    "Contention",
    "EditRefused",
    "Refused",
    "after_refusal",
    "all_events",
    "announce_change",
    "events_starting",
    "insert_event",
    "insert_events",
    "keep_stats",
    "load_event",
    "mark_done",
    "mark_erased",
    "move_all_counters",
    "project_events",
    "projects_events",
    "set_status",
    "update_event",
    "with_counters",
]
