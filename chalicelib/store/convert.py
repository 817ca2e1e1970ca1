"""Items to records and back: the one place where PynamoDB models meet the rest of zapisy."""
from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from pynamodb.attributes import MapAttribute

from ..records import Event, Message, Registration, WaitPlace
from . import keys, seats
from .models import EventItem, ManageLink, OutboxMessage, RegistrationItem, SeatCounters, WaitlistPlace

_EVENT_FIELDS = tuple(f.name for f in fields(Event))
_REGISTRATION_FIELDS = tuple(f.name for f in fields(Registration))
_COUNTER_MAPS = ("session_capacity", "session_taken", "session_waiting", "session_checked_in")
_INTEGERS = ("capacity", "taken", "waiting", "pending", "checked_in", "reconfirm_hours", "retention_days",
             "survey_invited", "sequence")


def _plain(value: Any) -> Any:
    if isinstance(value, MapAttribute):
        return value.as_dict()
    if isinstance(value, list):
        return list(value)
    return value


def event_record(item: EventItem, counters: SeatCounters | None = None) -> Event:
    """The event from its definition's item and its counter item (an event written before the
    counters had an item of their own carries them on the definition's)."""
    values = {name: _plain(getattr(item, name, None)) for name in _EVENT_FIELDS}
    if counters is not None:
        values.update(counter_values(counters))
    for name in ("taken", "waiting", "pending"):
        values[name] = values[name] or 0
    for name in _COUNTER_MAPS:
        values[name] = {k: int(v) for k, v in (values[name] or {}).items()}
    for name in _INTEGERS:
        if values[name] is not None:
            values[name] = int(values[name])
    values["reminders"] = [int(m) for m in values["reminders"] or []]
    values["reminders_done"] = [int(m) for m in values["reminders_done"] or []]
    if values["reconfirm_days"] is not None:
        values["reconfirm_days"] = int(values["reconfirm_days"])
    for name in ("title", "description"):
        values[name] = dict(values[name] or {})
    return Event(**values)


def counter_values(counters: SeatCounters) -> dict[str, Any]:
    """The Event fields a counter item holds, as plain ints."""
    values = {name: _plain(getattr(counters, name, None)) for name in seats.COUNTER_FIELDS}
    return {name: ({k: int(v) for k, v in value.items()} if isinstance(value, dict) else int(value or 0))
            for name, value in values.items()}


def index_keys(event_id: str, project: str, starts_at: datetime) -> dict[str, str]:
    """The event's keys in the start-time and project indexes."""
    start = starts_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"gsi1pk": "EVENTS", "gsi1sk": f"{start}#{event_id}",
            "gsi2pk": f"PROJECT#{project}", "gsi2sk": f"{start}#{event_id}"}


def event_item(event: Event) -> EventItem:
    """The definition's item (its counters go to their own item: seats.counters_item)."""
    values = {name: getattr(event, name) for name in _EVENT_FIELDS if name not in seats.LEGACY_FIELDS}
    values = {name: value for name, value in values.items() if value is not None}
    return EventItem(keys.event_pk(event.event_id), keys.META, **values,
                     **index_keys(event.event_id, event.project, event.starts_at))


def event_ref(event_id: str) -> EventItem:
    """The event item's key alone, for updates and condition checks."""
    return EventItem(keys.event_pk(event_id), keys.META)


def registration_record(item: RegistrationItem) -> Registration:
    values = {name: _plain(getattr(item, name, None)) for name in _REGISTRATION_FIELDS}
    for name in ("answers", "emails_sent", "emails_queued", "checked_in_sessions", "attendance_marks"):
        values[name] = dict(values[name] or {})
    for name in ("sessions", "waiting_on", "attendance_log"):
        values[name] = list(values[name] or [])
    values["checked_in_days"] = sorted(values["checked_in_days"] or ())
    values["survey_answered"] = bool(values["survey_answered"])
    values["wait_if_full"] = bool(values["wait_if_full"])
    return Registration(**values)


def registration_item(registration: Registration) -> RegistrationItem:
    values = {name: getattr(registration, name) for name in _REGISTRATION_FIELDS}
    values["checked_in_days"] = set(registration.checked_in_days) or None  # DynamoDB has no empty set
    values["attendance_marks"] = registration.attendance_marks or None
    values["attendance_log"] = registration.attendance_log or None
    values["survey_answered"] = values["survey_answered"] or None  # written with the answer, not before
    values["wait_if_full"] = values["wait_if_full"] or None  # only a person who asked has it
    return RegistrationItem(keys.event_pk(registration.event_id), keys.registration_sk(registration.registration_id),
                            **{name: value for name, value in values.items() if value is not None})


def registration_ref(event_id: str, registration_id: str) -> RegistrationItem:
    return RegistrationItem(keys.event_pk(event_id), keys.registration_sk(registration_id))


def place_record(item: WaitlistPlace) -> WaitPlace:
    queued_at = item.sk.split("#", 1)[1].rsplit("#", 1)[0] if item.sk.startswith("WAIT#") else ""
    return WaitPlace(item.pk.split("#", 1)[1], item.registration_id, queued_at, list(item.sessions or []),
                     list(item.waiting_on or []))


def place_item(place: WaitPlace) -> WaitlistPlace:
    return WaitlistPlace(keys.event_pk(place.event_id), keys.wait_sk(place.queued_at, place.registration_id),
                         registration_id=place.registration_id, sessions=list(place.sessions),
                         waiting_on=list(place.waiting_on))


def message_record(item: OutboxMessage) -> Message:
    due, _, _ = item.sk.rpartition("#")
    return Message(item.message_id, int(item.pk.split("#", 1)[1]), due, item.kind, item.event_id,
                   item.registration_id, item.dedupe_key, dict(item.payload or {}), int(item.attempts or 0),
                   item.lease_until, item.last_error)


def message_item(message: Message) -> OutboxMessage:
    return OutboxMessage(keys.outbox_pk(message.shard), keys.outbox_sk(message.due, message.message_id),
                         message_id=message.message_id, kind=message.kind, event_id=message.event_id,
                         registration_id=message.registration_id, dedupe_key=message.dedupe_key,
                         payload=message.payload, attempts=message.attempts)


def message_key(message: Message) -> dict[str, str]:
    """What a queue message carries to name an outbox item: its key, nothing personal."""
    return {"pk": keys.outbox_pk(message.shard), "sk": keys.outbox_sk(message.due, message.message_id)}


def link_target(pk: str) -> tuple[str, str] | None:
    """(event id, registration id) of a secret link's item (manage or survey), or None."""
    from pynamodb.exceptions import DoesNotExist

    try:
        link = ManageLink.get(pk, keys.LINK)
    except DoesNotExist:
        return None
    return link.event_id, link.registration_id
