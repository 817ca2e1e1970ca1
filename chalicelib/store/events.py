"""Reading and writing event items. Definitions change by update expressions that never touch
the seat counters, so an organizer's edit cannot clobber registrations made meanwhile."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from ..records import Event, Page, Registration
from . import keys
from .convert import event_item, event_record, event_ref, index_keys, registration_record
from .models import EventItem, RegistrationItem
from .pages import decode_cursor, decode_position, encode_position, page_of
from .refusals import Contention, EditRefused, Refused
from .transaction import Transaction, update_if

SEAT_FIELDS = ("capacity", "sessions")
MERGED = "PROJECTS"  # the merged list's cursor names this partition: no project's key (PROJECT#…) is spelled so
DEFINITION_FIELDS = ("title", "description", "kind", "starts_at", "ends_at", "timezone", "venue", "project",
                     "registration_opens_at", "registration_closes_at", "languages", "audiences", "questions",
                     "requires_approval", "invite_only", "invite_code_hashes", "double_opt_in", "waitlist_enabled",
                     "sessions_exclusive",
                     "reminders", "retention_days", "reconfirm_days", "reconfirm_hours", "certificate", "survey",
                     *SEAT_FIELDS)


def load_event(event_id: str, *, consistent: bool = False) -> Event | None:
    if not keys.fits(event_id):
        return None
    try:
        return event_record(EventItem.get(keys.event_pk(event_id), keys.META, consistent_read=consistent))
    except DoesNotExist:
        return None


def load_with_registration(event_id: str, registration_id: str) -> tuple[Event | None, Registration | None]:
    """The event and one of its registrations, both as they are now, in one round trip: a strongly
    consistent BatchGetItem of the two items of the event's partition (what an e-mail is made of).
    A BatchGetItem, not a TransactGetItems: the event item is in every sign-up's transaction, and a
    read transaction would be cancelled by them in a burst."""
    if not (keys.fits(event_id) and keys.fits(registration_id)):
        return None, None
    pk, sk, table = keys.event_pk(event_id), keys.registration_sk(registration_id), EventItem._get_connection()
    wanted: list[dict[str, Any]] = [{"pk": pk, "sk": keys.META}, {"pk": pk, "sk": sk}]
    found: dict[str, dict[str, Any]] = {}
    while wanted:  # DynamoDB may leave keys unprocessed (throttling): ask again for those, as PynamoDB's batch_get does
        answer = table.batch_get_item(wanted, consistent_read=True)
        found.update((raw["sk"]["S"], raw) for raw in answer.get("Responses", {}).get(table.table_name, []))
        wanted = answer.get("UnprocessedKeys", {}).get(table.table_name, {}).get("Keys", [])
    event, registration = found.get(keys.META), found.get(sk)
    return (event_record(EventItem.from_raw_data(event)) if event else None,
            registration_record(RegistrationItem.from_raw_data(registration)) if registration else None)


def event_from_raw(raw: dict[str, Any]) -> Event:
    """The event as DynamoDB returned it with a refusal (its wire format)."""
    return event_record(EventItem.from_raw_data(raw))


def insert_event(event: Event) -> None:
    try:
        event_item(event).save(condition=EventItem.pk.does_not_exist())
    except PutError as error:  # an id collision: practically impossible, but never overwrite
        raise EditRefused("event id taken") from error


def insert_events(events: list[Event]) -> None:
    """Several new events, all or none (a series); Refused or Contention if not written."""
    transaction = Transaction()
    for event in events:
        transaction.put(event.event_id, event_item(event), condition=EventItem.pk.does_not_exist())
    transaction.commit()


def update_event(event: Event, values: dict[str, Any], updated_at: datetime) -> None:
    """Apply changed definition fields; capacity and sessions are checked against seats taken.

    `event` is the current definition (for the sessions it had and the index keys).
    """
    unknown = set(values) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValueError(f"not a definition field: {sorted(unknown)}")
    actions: list[Any] = [EventItem.updated_at.set(updated_at)]
    condition = EventItem.pk.exists()
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
        condition &= EventItem.taken <= values["capacity"]
    if "sessions" in values:
        old_ids = {s["id"] for s in event.sessions}
        new_ids = {s["id"]: s for s in values["sessions"]}
        actions.append(EventItem.sessions.set(values["sessions"]))
        for sid, session in new_ids.items():
            actions.append(EventItem.session_capacity[sid].set(session["capacity"]))
            if sid in old_ids:
                condition &= EventItem.session_taken[sid] <= session["capacity"]
            else:
                actions.append(EventItem.session_taken[sid].set(0))
                actions.append(EventItem.session_waiting[sid].set(0))
        for sid in old_ids - set(new_ids):
            condition &= (EventItem.session_taken[sid] == 0) & (EventItem.session_waiting[sid] == 0)
            actions += [EventItem.session_capacity[sid].remove(), EventItem.session_taken[sid].remove(),
                        EventItem.session_waiting[sid].remove()]
    try:
        event_ref(event.event_id).update(actions=actions, condition=condition)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise EditRefused("seats taken") from error
        raise


def set_status(event_id: str, allowed_from: tuple[str, ...], status: str, updated_at: datetime) -> bool:
    """Move the event to `status` if it is in one of `allowed_from`; False if it was not."""
    return update_if(event_ref(event_id), [EventItem.status.set(status), EventItem.updated_at.set(updated_at)],
                     EventItem.status.is_in(*allowed_from))


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
    return Page([event_record(item) for item in items], cursor)


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
    return Page([event_record(item) for item in shown],
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
    "all_events",
    "announce_change",
    "event_from_raw",
    "events_starting",
    "insert_event",
    "insert_events",
    "keep_stats",
    "load_event",
    "mark_done",
    "mark_erased",
    "project_events",
    "projects_events",
    "set_status",
    "update_event",
]
