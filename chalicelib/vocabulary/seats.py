"""Seat *resources*: what a registration needs a free seat in.

A registration needs the event itself ("event") and each session it chose ("session:<id>");
each resource has a capacity, seats taken and people waiting.
"""
from __future__ import annotations

from collections.abc import Iterable

EVENT = "event"
_SESSION = "session:"


def session_resource(session_id: str) -> str:
    return f"{_SESSION}{session_id}"


def resources_for(session_ids: Iterable[str]) -> list[str]:
    return [EVENT] + [session_resource(s) for s in session_ids]


def session_of(resource: str) -> str | None:
    """The session a resource stands for; None for the event itself."""
    return resource[len(_SESSION):] if resource.startswith(_SESSION) else None


def pending_change(from_status: str | None, to_status: str | None) -> int:
    """How an event's count of pending registrations moves when one goes from one status to another."""
    from .statuses import PENDING

    return int(to_status in PENDING) - int(from_status in PENDING)
