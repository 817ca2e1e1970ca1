"""Seat counters on the event item, as DynamoDB conditions and actions.

A seat is taken only if every resource (see vocabulary/seats.py) has room and nobody is queued
for it (so newcomers never jump the waitlist); a waitlist place is taken only if at least the
resources it queues for are still blocked.

Next to the seat counters the event item counts registrations still `pending` (waiting for the
participant's e-mail confirmation or for an organizer's approval), moved in the same transactions
as the statuses, so lists of events show the work waiting without reading any registration.
"""
from __future__ import annotations

from typing import Any

from pynamodb.expressions.condition import Condition

from ..vocabulary.seats import pending_change, session_of, session_resource
from .models import EventItem

__all__ = ["all_blocked", "count_actions", "has_room", "pending_actions", "pending_change", "session_resource"]


def _paths(resource: str) -> tuple[Any, Any, Any]:
    sid = session_of(resource)
    if sid is None:
        return EventItem.capacity, EventItem.taken, EventItem.waiting
    return EventItem.session_capacity[sid], EventItem.session_taken[sid], EventItem.session_waiting[sid]


def has_room(resources: list[str], *, ignore_queue: bool = False, own: tuple[str, ...] = ()) -> Condition:
    """Every resource has a free seat (and, unless promoting, nobody queued for it; `own`: resources
    the person moving is queued for themselves, where they are the one queued they may pass)."""
    condition = None
    for resource in resources:
        capacity, taken, waiting = _paths(resource)
        part = taken < capacity
        if not ignore_queue:
            part &= waiting <= (1 if resource in own else 0)
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


def grow_by_one(capacities: dict[str, int]) -> tuple[Condition | None, list[Any]]:
    """One more seat in each full resource, as an organizer decided: on condition that each still has
    the capacity it was seen with, and no more seats taken than that (its last seat is then theirs)."""
    condition, actions = None, []
    for resource, capacity in capacities.items():
        capacity_path, taken, _ = _paths(resource)
        part = (capacity_path == capacity) & (taken <= capacity)
        condition = part if condition is None else condition & part
        actions.append(capacity_path.set(capacity + 1))
    return condition, actions


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


def pending_actions(change: int) -> list[Any]:
    """ADD pending n (ADD also starts the counter on events written before it existed)."""
    return [EventItem.pending.add(change)] if change else []
