"""What the store answers when the table refuses: pure exceptions, so that every store (DynamoDB,
or the in-memory one the fast tests use) refuses in the same words."""
from __future__ import annotations

from typing import Any

from ..records import Event


class Refused(Exception):
    """One or more guarded items failed their condition; `labels` says which.

    `event` is the event item as it was when it refused (DynamoDB returns it with the refusal),
    when the refused transaction guarded the event; `items` are the raw refused items.
    """

    def __init__(self, labels: set[str], items: dict[str, dict[str, Any]] | None = None,
                 event: Event | None = None) -> None:
        super().__init__(", ".join(sorted(labels)))
        self.labels = labels
        self.items = items or {}
        self.event = event


class Contention(Exception):
    """The transaction kept conflicting or being throttled: the caller should come back later."""


class EditRefused(Exception):
    """A concurrent change or the seats already taken forbid this edit."""
