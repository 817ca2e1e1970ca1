"""The seat counter item: its conditions and actions, and moving counters off old event items.

A seat is taken only if every resource (see vocabulary/seats.py) has room and nobody is queued
for it (so newcomers never jump the waitlist); a waitlist place is taken only if at least the
resources it queues for are still blocked.

The counters (event and per session, and the count of registrations still `pending`, waiting for
the participant's e-mail confirmation or for an organizer's approval) live in an item of their
own next to the event's definition (models.SeatCounters), moved in the same transactions as the
statuses, so lists of events show the work waiting without reading any registration, and a
sign-up's transaction writes a few hundred bytes whatever the size of the definition.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.expressions.condition import Condition

from ..records import Event
from ..vocabulary.seats import pending_change, session_of, session_resource
from ..vocabulary.statuses import EventStatus
from . import keys
from .models import EventItem, SeatCounters

__all__ = ["all_blocked", "count_actions", "has_room", "pending_actions", "pending_change", "session_resource"]

# The Event fields the counter item holds (capacity also stays with the definition).
COUNTER_FIELDS = ("capacity", "taken", "waiting", "pending", "session_capacity", "session_taken", "session_waiting")
LEGACY_FIELDS = ("taken", "waiting", "pending", "session_taken", "session_waiting")  # once on the event item


def counters_ref(event_id: str) -> SeatCounters:
    """The counter item's key alone, for updates and condition checks."""
    return SeatCounters(keys.event_pk(event_id), keys.SEATS)


def counters_item(event: Event) -> SeatCounters:
    """The counter item of a new event (or of one whose counters move off its definition)."""
    return SeatCounters(keys.event_pk(event.event_id), keys.SEATS, status=event.status, revision=event.updated_at,
                        **{name: getattr(event, name) for name in COUNTER_FIELDS})


def is_legacy(item: EventItem) -> bool:
    """An event item written before the counters had their own item (it still holds `taken`)."""
    return getattr(item, "taken", None) is not None


def published(checked_against: Event | None = None) -> Condition:
    """The event is published and, if a sign-up was checked against a definition, still at that
    revision (its `updated_at`, which every edit copies here; seat counts may have moved)."""
    condition = SeatCounters.status == EventStatus.PUBLISHED
    if checked_against is not None:
        revision = checked_against.updated_at
        condition &= SeatCounters.revision.does_not_exist() if revision is None else SeatCounters.revision == revision
    return condition


def definition_actions(status: str | None, revision: datetime) -> list[Any]:
    """What an edit of the definition copies to the counter item, in the same transaction."""
    actions = [SeatCounters.revision.set(revision)]
    if status is not None:
        actions.append(SeatCounters.status.set(status))
    return actions


def _paths(resource: str) -> tuple[Any, Any, Any]:
    sid = session_of(resource)
    if sid is None:
        return SeatCounters.capacity, SeatCounters.taken, SeatCounters.waiting
    return SeatCounters.session_capacity[sid], SeatCounters.session_taken[sid], SeatCounters.session_waiting[sid]


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
    """ADD pending n."""
    return [SeatCounters.pending.add(change)] if change else []


def capacity_actions(capacity: int | None, sessions: list[dict[str, Any]] | None, old_sessions: list[str]
                     ) -> tuple[Condition, list[Any]]:
    """A new capacity or new sessions: the counter item's part of the edit, on condition that no
    resource ends up with fewer seats than are taken and no session removed has anyone in it."""
    condition, actions = SeatCounters.pk.exists(), []
    if capacity is not None:
        actions.append(SeatCounters.capacity.set(capacity))
        condition &= SeatCounters.taken <= capacity
    if sessions is not None:
        new_ids = {s["id"]: s for s in sessions}
        for sid, session in new_ids.items():
            actions.append(SeatCounters.session_capacity[sid].set(session["capacity"]))
            if sid in old_sessions:
                condition &= SeatCounters.session_taken[sid] <= session["capacity"]
            else:
                actions += [SeatCounters.session_taken[sid].set(0), SeatCounters.session_waiting[sid].set(0)]
        for sid in set(old_sessions) - set(new_ids):
            condition &= (SeatCounters.session_taken[sid] == 0) & (SeatCounters.session_waiting[sid] == 0)
            actions += [SeatCounters.session_capacity[sid].remove(), SeatCounters.session_taken[sid].remove(),
                        SeatCounters.session_waiting[sid].remove()]
    return condition, actions
