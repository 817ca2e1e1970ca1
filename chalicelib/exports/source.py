"""The registrations an export reads: page by page from the Query; the lists sort them by name."""
from __future__ import annotations

from collections.abc import Iterator

from ..records import Registration
from ..store import registrations as registration_store
from ..vocabulary.collation import sort_for
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


def by_name(event_id: str, filters: ExportFilters) -> list[Registration]:
    """The same registrations, alphabetical by name in the export's language: a list a person reads.

    Sorting needs them all at once (for 10,000 people some tens of MB); the sign-in sheet keeps only
    the names, the lists keep every column.
    """
    return sort_for(filters.language, attendees(event_id, filters), key=lambda r: r.name or "")
