"""What the in-memory store holds: records by their keys, as the table holds items."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from chalicelib.records import (
    AdminAction,
    Event,
    ExportRecord,
    Fact,
    Institution,
    Logo,
    Message,
    PersonAnswers,
    Project,
    Registration,
    WaitPlace,
)


@dataclass
class State:
    events: dict[str, Event] = field(default_factory=dict)
    registrations: dict[tuple[str, str], Registration] = field(default_factory=dict)
    markers: dict[tuple[str, str], str] = field(default_factory=dict)  # (event, e-mail hash) -> registration
    links: dict[str, tuple[str, str]] = field(default_factory=dict)  # token hash -> (event, registration)
    places: dict[tuple[str, str], WaitPlace] = field(default_factory=dict)  # (event, "<queued>#<rid>")
    outbox: dict[tuple[int, str, str], Message] = field(default_factory=dict)  # (shard, due, id)
    suppressions: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    counters: dict[tuple[str, str], int] = field(default_factory=dict)
    exports: list[ExportRecord] = field(default_factory=list)
    admin_log: list[AdminAction] = field(default_factory=list)
    institutions: dict[str, Institution] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    logos: dict[str, Logo] = field(default_factory=dict)
    facts: dict[tuple[str, str], Fact] = field(default_factory=dict)  # (event, registration)
    persons: dict[tuple[str, str], PersonAnswers] = field(default_factory=dict)  # (project, person)
    lock: threading.RLock = field(default_factory=threading.RLock)

    current: ClassVar[State | None] = None

    @classmethod
    def fresh(cls) -> State:
        cls.current = cls()
        return cls.current


def state() -> State:
    if State.current is None:
        raise RuntimeError("the memory store is not installed")
    return State.current


def registrations_of_event(event_id: str) -> list[Registration]:
    """The event's registrations in key order ("REG#<id>"), as a Query of its partition reads them."""
    found = [r for (e, _), r in state().registrations.items() if e == event_id]
    return sorted(found, key=lambda r: r.registration_id)


def missing(*values: Any) -> bool:
    return any(v is None for v in values)
