"""Attendee lists (CSV, XLSX), sign-in sheets (PDF) and the log of who took what out of zapisy."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...auth import Organizer
from ...records import Page
from .events import get as organizer_event


def export(organizer: Organizer, event_id: str, format_name: str, query: Mapping[str, str],
           accept: str | None) -> Any:
    """Write the file, hand it over (inline or S3), and log it before anyone sees it.

    `accept` is the request's Accept header: a binary file must be asked for by its type.
    """
    from ...errors import require_accept
    from ...exports import service
    from ...exports.filters import read_filters

    event = organizer_event(organizer, event_id)
    file_format = service.FORMATS[format_name]
    if file_format.binary:
        require_accept(accept, file_format.content_type)
    return service.export(organizer, event, file_format, read_filters(query, event, file_format.default_statuses))


def export_log(organizer: Organizer, event_id: str, cursor: str | None, limit: int) -> Page:
    from ...store import audit

    organizer_event(organizer, event_id)
    return audit.list_exports(event_id, cursor=cursor, limit=limit)
