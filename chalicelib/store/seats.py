"""Seat counters on the event item, as DynamoDB conditions and actions.

A registration needs a set of *resources*: the event itself ("event") and each chosen session
("session:<id>"). Each resource has capacity, taken and waiting counters. A seat is taken only
if every resource has room and nobody is queued for it (so newcomers never jump the waitlist);
a waitlist place is taken only if at least the resources it queues for are still blocked.

Next to the seat counters the event item counts registrations still `pending` (waiting for the
participant's e-mail confirmation or for an organizer's approval), moved in the same transactions
as the statuses, so lists of events show the work waiting without reading any registration.
"""
from __future__ import annotations

from typing import Any

from pynamodb.expressions.condition import Condition

from .models import EventItem

EVENT = "event"
PENDING_STATUSES = ("pending_email", "pending_approval")


def session_resource(session_id: str) -> str:
    return f"session:{session_id}"


def resources_for(session_ids: list[str]) -> list[str]:
    return [EVENT] + [session_resource(s) for s in session_ids]


def _paths(resource: str) -> tuple[Any, Any, Any]:
    if resource == EVENT:
        return EventItem.capacity, EventItem.taken, EventItem.waiting
    sid = resource.split(":", 1)[1]
    return EventItem.session_capacity[sid], EventItem.session_taken[sid], EventItem.session_waiting[sid]


def has_room(resources: list[str], *, ignore_queue: bool = False) -> Condition:
    """Every resource has a free seat (and, unless promoting, nobody queued for it)."""
    condition = None
    for resource in resources:
        capacity, taken, waiting = _paths(resource)
        part = taken < capacity
        if not ignore_queue:
            part &= waiting <= 0
        condition = part if condition is None else condition & part
    return condition


def all_blocked(resources: list[str]) -> Condition:
    """Each resource is full or has a queue: the registration rightly waits for all of them."""
    condition = None
    for resource in resources:
        capacity, taken, waiting = _paths(resource)
        part = (taken >= capacity) | (waiting > 0)
        condition = part if condition is None else condition & part
    return condition


def count_actions(resources: list[str], *, taken: int = 0, waiting: int = 0) -> list[Any]:
    """SET counter = counter + n (ADD cannot reach into the session maps)."""
    actions = []
    for resource in resources:
        _, taken_path, waiting_path = _paths(resource)
        if taken:
            actions.append(taken_path.set(taken_path + taken))
        if waiting:
            actions.append(waiting_path.set(waiting_path + waiting))
    return actions


def blocked_resources(event: EventItem, resources: list[str]) -> list[str]:
    """Which of `resources` are full or queued, read from an event item (e.g. the failed one)."""
    capacity = event.session_capacity.as_dict()
    taken = event.session_taken.as_dict()
    waiting = event.session_waiting.as_dict()
    blocked = []
    for resource in resources:
        if resource == EVENT:
            values = (event.capacity, event.taken, event.waiting)
        else:
            sid = resource.split(":", 1)[1]
            values = (capacity.get(sid, 0), taken.get(sid, 0), waiting.get(sid, 0))
        if int(values[1]) >= int(values[0]) or int(values[2]) > 0:
            blocked.append(resource)
    return blocked


def fits(event: EventItem, resources: list[str]) -> bool:
    """A free seat in every resource, queue ignored: may this waitlisted person be promoted?"""
    capacity = event.session_capacity.as_dict()
    taken = event.session_taken.as_dict()
    for resource in resources:
        if resource == EVENT:
            if int(event.taken) >= int(event.capacity):
                return False
        else:
            sid = resource.split(":", 1)[1]
            if int(taken.get(sid, 0)) >= int(capacity.get(sid, 0)):
                return False
    return True


def pending_change(from_status: str | None, to_status: str | None) -> int:
    """How the `pending` counter moves when a registration goes from one status to another."""
    return int(to_status in PENDING_STATUSES) - int(from_status in PENDING_STATUSES)


def pending_actions(change: int) -> list[Any]:
    """ADD pending n (ADD also starts the counter on events written before it existed)."""
    return [EventItem.pending.add(change)] if change else []
