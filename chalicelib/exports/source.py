"""The registrations an export reads: page by page from the Query, never all at once."""
from __future__ import annotations

from collections.abc import Iterator

from ..records import Registration
from ..store import registrations as registration_store
from .filters import ExportFilters


def attendees(event_id: str, filters: ExportFilters) -> Iterator[Registration]:
    """The event's registrations that match the filters, in the table's order.

    The store's Query reads 200 items a page and filters statuses in DynamoDB; the session filter
    is applied here (it would cost the same read capacity in a filter expression). Registrations
    whose personal data retention already erased have nothing to list and are skipped.
    """
    for registration in registration_store.with_status(event_id, filters.statuses):
        if registration.erased_at is not None:
            continue
        if filters.session and filters.session not in registration.sessions:
            continue
        yield registration
