"""store/events.py in memory."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import MISSING, replace
from datetime import datetime
from typing import Any

from chalicelib.records import Event, Page, Registration
from chalicelib.store.pages import decode_cursor, decode_position, encode_cursor, encode_position
from chalicelib.store.refusals import EditRefused, Refused

from .state import state


def load_event(event_id: str, *, consistent: bool = False) -> Event | None:
    return state().events.get(event_id)


def load_with_registration(event_id: str, registration_id: str) -> tuple[Event | None, Registration | None]:
    return state().events.get(event_id), state().registrations.get((event_id, registration_id))


def after_refusal(event: Event, raw_counters: dict[str, Any] | None) -> Event | None:
    return state().events.get(event.event_id)


def with_counters(items: list[Any]) -> list[Event]:
    raise NotImplementedError("the memory store keeps events as records, counters included")


def move_all_counters(limit: int = 200) -> int:
    return 0  # the memory store has no events written before the counters had their own item


def insert_event(event: Event) -> None:
    with state().lock:
        if event.event_id in state().events:
            raise EditRefused("event id taken")
        state().events[event.event_id] = event


def insert_events(events: list[Event]) -> None:
    with state().lock:
        taken = {e.event_id for e in events if e.event_id in state().events}
        if taken:
            raise Refused(taken)
        for event in events:
            state().events[event.event_id] = event


def update_event(event: Event, values: dict[str, Any], updated_at: datetime) -> None:
    from chalicelib.store.events import DEFINITION_FIELDS

    unknown = set(values) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValueError(f"not a definition field: {sorted(unknown)}")
    with state().lock:
        current = state().events.get(event.event_id)
        if current is None:
            raise EditRefused("gone")
        changes: dict[str, Any] = {k: v for k, v in values.items() if k not in ("capacity", "sessions")}
        if "capacity" in values:
            if current.taken > values["capacity"]:
                raise EditRefused("seats taken")
            changes["capacity"] = values["capacity"]
        if "sessions" in values:
            capacity, taken, waiting = (dict(current.session_capacity), dict(current.session_taken),
                                        dict(current.session_waiting))
            old_ids = {s["id"] for s in event.sessions}
            new = {s["id"]: s for s in values["sessions"]}
            for sid, session in new.items():
                if sid in old_ids and taken.get(sid, 0) > session["capacity"]:
                    raise EditRefused("seats taken")
                capacity[sid] = session["capacity"]
                if sid not in old_ids:
                    taken[sid], waiting[sid] = 0, 0
            for sid in old_ids - set(new):
                if taken.get(sid) != 0 or waiting.get(sid) != 0:
                    raise EditRefused("seats taken")
                for counter in (capacity, taken, waiting):
                    counter.pop(sid, None)
            changes.update(sessions=values["sessions"], session_capacity=capacity, session_taken=taken,
                           session_waiting=waiting)
        for name in [n for n, v in changes.items() if v is None]:  # removed: it reads back as its default
            changes[name] = _default(name)
        state().events[event.event_id] = replace(current, updated_at=updated_at, **changes)


def _default(name: str) -> Any:
    spec = Event.__dataclass_fields__[name]
    if spec.default_factory is not MISSING:
        return spec.default_factory()
    return None if spec.default is MISSING else spec.default


def set_status(event_id: str, allowed_from: tuple[str, ...], status: str, updated_at: datetime) -> bool:
    with state().lock:
        current = state().events.get(event_id)
        if current is None or current.status not in allowed_from:
            return False
        state().events[event_id] = replace(current, status=status, updated_at=updated_at)
        return True


def announce_change(event_id: str) -> int:
    with state().lock:
        current = state().events.get(event_id)
        if current is None:
            raise EditRefused("gone")
        state().events[event_id] = replace(current, sequence=current.sequence + 1)
        return current.sequence + 1


def _index_key(event: Event) -> str:
    return f"{event.starts_at.strftime('%Y-%m-%dT%H:%M:%SZ')}#{event.event_id}"


def _page(events: list[Event], cursor: str | None, limit: int, index: str, partition: str) -> Page:
    """A page of an index query: `index` is gsi1/gsi2, `partition` its hash key."""
    ordered = sorted(events, key=_index_key)
    start = decode_cursor(cursor, **{f"{index}pk": partition})
    if start:
        after = start[f"{index}sk"]["S"]
        ordered = [e for e in ordered if _index_key(e) > after]
    items = ordered[:limit]
    if len(ordered) <= limit:  # as moto: a cursor only if more remain
        return Page(items, None)
    last = items[-1]
    return Page(items, encode_cursor({"pk": {"S": f"EVENT#{last.event_id}"}, "sk": {"S": "META"},
                                      f"{index}pk": {"S": partition}, f"{index}sk": {"S": _index_key(last)}}))


def events_starting(after: datetime, before: datetime | None = None, *, cursor: str | None = None,
                    limit: int = 50) -> Page:
    lower = after.strftime("%Y-%m-%dT%H:%M:%SZ")
    upper = before.strftime("%Y-%m-%dT%H:%M:%SZ") if before else None
    found = [e for e in state().events.values()
             if _index_key(e) >= lower and (upper is None or _index_key(e) <= upper)]
    return _page(found, cursor, limit, "gsi1", "EVENTS")


def project_events(project: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    found = [e for e in state().events.values() if e.project == project]
    return _page(found, cursor, limit, "gsi2", f"PROJECT#{project}")


def projects_events(projects: Iterable[str], *, cursor: str | None = None, limit: int = 50) -> Page:
    from chalicelib.store.events import MERGED

    after, chosen = decode_position(cursor, "gsi2sk", gsi2pk=MERGED), set(projects)
    found = sorted((e for e in state().events.values() if e.project in chosen and _index_key(e) > after),
                   key=_index_key)
    shown = found[:limit]
    return Page(shown, encode_position(gsi2pk=MERGED, gsi2sk=_index_key(shown[-1])) if len(found) > limit else None)


def all_events(*, cursor: str | None = None, limit: int = 50) -> Page:
    return _page(list(state().events.values()), cursor, limit, "gsi1", "EVENTS")


def mark_done(event_id: str, attribute: str, value: int | str) -> None:
    if attribute not in ("reminders_done", "reconfirm_done"):
        raise ValueError(attribute)
    with state().lock:
        current = state().events[event_id]
        state().events[event_id] = replace(current, **{attribute: [*getattr(current, attribute), value]})


def keep_stats(event_id: str, stats: dict) -> None:
    with state().lock:
        state().events[event_id] = replace(state().events[event_id], anonymous_stats=stats)


def mark_erased(event_id: str, at: datetime) -> None:
    with state().lock:
        state().events[event_id] = replace(state().events[event_id], erased_at=at)
