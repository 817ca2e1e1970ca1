"""The event item's seat conditions and counter updates, on an Event record (store/seats.py's twin)."""
from __future__ import annotations

from dataclasses import replace

from chalicelib.records import Event
from chalicelib.vocabulary.seats import session_of


def counters(event: Event, resource: str) -> tuple[int | None, int | None, int | None]:
    sid = session_of(resource)
    if sid is None:
        return event.capacity, event.taken, event.waiting
    return event.session_capacity.get(sid), event.session_taken.get(sid), event.session_waiting.get(sid)


def has_room(event: Event, resources: list[str], *, ignore_queue: bool = False, own: tuple[str, ...] = ()) -> bool:
    for resource in resources:
        capacity, taken, waiting = counters(event, resource)
        if capacity is None or taken is None or not taken < capacity:
            return False
        if not ignore_queue and (waiting is None or waiting > (1 if resource in own else 0)):
            return False
    return True


def all_blocked(event: Event, resources: list[str]) -> bool:
    for resource in resources:
        capacity, taken, waiting = counters(event, resource)
        full = capacity is not None and taken is not None and taken >= capacity
        queued = waiting is not None and waiting > 0
        if not (full or queued):
            return False
    return True


def count(event: Event, resources: list[str], *, taken: int = 0, waiting: int = 0) -> Event:
    """SET counter = counter + n, for each resource (a missing counter is an error, as in DynamoDB)."""
    for resource in resources:
        sid = session_of(resource)
        for name, delta in (("taken", taken), ("waiting", waiting)):
            if not delta:
                continue
            if sid is None:
                event = replace(event, **{name: getattr(event, name) + delta})
                continue
            values = dict(getattr(event, f"session_{name}"))
            if sid not in values:
                raise ValueError(f"The provided expression refers to an attribute that does not exist: {sid}")
            values[sid] += delta
            event = replace(event, **{f"session_{name}": values})
    return event


def grow(event: Event, capacities: dict[str, int]) -> tuple[bool, Event]:
    """One more seat in each resource still at the capacity seen (and no more taken than that)."""
    for resource, capacity in capacities.items():
        current, taken, _ = counters(event, resource)
        if current != capacity or taken is None or taken > capacity:
            return False, event
    for resource, capacity in capacities.items():
        sid = session_of(resource)
        if sid is None:
            event = replace(event, capacity=capacity + 1)
        else:
            event = replace(event, session_capacity={**event.session_capacity, sid: capacity + 1})
    return True, event
