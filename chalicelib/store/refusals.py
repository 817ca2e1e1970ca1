"""What the store answers when the table refuses: pure exceptions, so that every store (DynamoDB,
or the in-memory one the fast tests use) refuses in the same words."""
from __future__ import annotations

from typing import Any


class Refused(Exception):
    """One or more guarded items failed their condition; `labels` says which.

    `items` are the raw refused items as DynamoDB returned them with the refusal (for "event", the
    event's seat counter item: store.events.after_refusal reads the event from it).
    """

    def __init__(self, labels: set[str], items: dict[str, dict[str, Any]] | None = None) -> None:
        super().__init__(", ".join(sorted(labels)))
        self.labels = labels
        self.items = items or {}


class Contention(Exception):
    """The transaction kept conflicting or being throttled: the caller should come back later."""


class EditRefused(Exception):
    """A concurrent change or the seats already taken forbid this edit."""
