"""Reading and writing event items. Definitions change by update expressions that never touch
the seat counters, so an organizer's edit cannot clobber registrations made meanwhile."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from . import keys
from .models import EventItem
from .pages import decode_cursor, page_of
from .transaction import update_if

SEAT_FIELDS = ("capacity", "sessions")


class EditRefused(Exception):
    """A concurrent change or the seats already taken forbid this edit."""


def load_event(event_id: str, *, consistent: bool = False) -> EventItem | None:
    if not keys.fits(event_id):
        return None
    try:
        return EventItem.get(keys.event_pk(event_id), keys.META, consistent_read=consistent)
    except DoesNotExist:
        return None


def index_keys(event_id: str, project: str, starts_at: datetime) -> dict[str, str]:
    start = starts_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"gsi1pk": "EVENTS", "gsi1sk": f"{start}#{event_id}",
            "gsi2pk": f"PROJECT#{project}", "gsi2sk": f"{start}#{event_id}"}


def insert_event(item: EventItem) -> None:
    try:
        item.save(condition=EventItem.pk.does_not_exist())
    except PutError as error:  # an id collision: practically impossible, but never overwrite
        raise EditRefused("event id taken") from error


def update_event(item: EventItem, values: dict[str, Any], updated_at: datetime) -> EventItem:
    """Apply changed definition fields; capacity and sessions are checked against seats taken."""
    actions: list[Any] = [EventItem.updated_at.set(updated_at)]
    condition = EventItem.pk.exists()
    for name, value in values.items():
        if name in SEAT_FIELDS:
            continue
        attribute = getattr(EventItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    if "capacity" in values:
        actions.append(EventItem.capacity.set(values["capacity"]))
        condition &= EventItem.taken <= values["capacity"]
    if "sessions" in values:
        old_ids = {s["id"] for s in item.sessions}
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
        item.update(actions=actions, condition=condition)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise EditRefused("seats taken") from error
        raise
    return item


def set_status(item: EventItem, allowed_from: tuple[str, ...], status: str, updated_at: datetime) -> bool:
    """Move the event to `status` if it is in one of `allowed_from`; False if it was not."""
    return update_if(item, [EventItem.status.set(status), EventItem.updated_at.set(updated_at)],
                     EventItem.status.is_in(*allowed_from))


def events_starting(after: datetime, before: datetime | None = None, *, cursor: str | None = None,
                    limit: int = 50) -> tuple[list[EventItem], str | None]:
    """All events (any project) starting in [after, before), by start time, from the GSI."""
    lower = after.strftime("%Y-%m-%dT%H:%M:%SZ")
    condition = (EventItem.gsi1sk >= lower if before is None else
                 EventItem.gsi1sk.between(lower, before.strftime("%Y-%m-%dT%H:%M:%SZ")))
    query = EventItem.by_start.query("EVENTS", condition, limit=limit,
                                     last_evaluated_key=decode_cursor(cursor, gsi1pk="EVENTS"))
    return page_of(query, limit)


def project_events(project: str, *, cursor: str | None = None,
                   limit: int = 50) -> tuple[list[EventItem], str | None]:
    if not keys.fits(project):
        return [], None
    pk = f"PROJECT#{project}"
    query = EventItem.by_project.query(pk, limit=limit,
                                       last_evaluated_key=decode_cursor(cursor, gsi2pk=pk))
    return page_of(query, limit)


def all_events(*, cursor: str | None = None, limit: int = 50) -> tuple[list[EventItem], str | None]:
    query = EventItem.by_start.query("EVENTS", limit=limit,
                                     last_evaluated_key=decode_cursor(cursor, gsi1pk="EVENTS"))
    return page_of(query, limit)


def mark_done(item: EventItem, attribute: str, value: int | str) -> None:
    """Append to one of the event's job ledgers (reminders_done, reconfirm_done)."""
    path = getattr(EventItem, attribute)
    item.update(actions=[path.set((path | []).append([value]))])


def keep_stats(item: EventItem, stats: dict) -> None:
    item.update(actions=[EventItem.anonymous_stats.set(stats)])


def mark_erased(item: EventItem, at: datetime) -> None:
    item.update(actions=[EventItem.erased_at.set(at)])
