"""The export log the data-protection officer asks for: who took which attendees out, and when.

| item        | pk                 | sk                   |
|-------------|--------------------|----------------------|
| export log  | AUDIT#<event id>   | <UTC ISO time>#<id>  |

One item per export, in the event's own audit partition, read newest first. The log is kept when
retention erases the attendees' personal data: it holds no attendee data itself, only the
organizer who exported, the filters and how many rows left.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from .keys import new_id
from .models import _Base
from .pages import decode_cursor, page_of


def audit_pk(event_id: str) -> str:
    return f"AUDIT#{event_id}"


class ExportLogEntry(_Base):
    export_id = UnicodeAttribute()
    event_id = UnicodeAttribute()
    project = UnicodeAttribute()
    organizer_id = UnicodeAttribute()
    organizer_email = UnicodeAttribute()
    format = UnicodeAttribute()  # csv | xlsx | pdf
    filters = JSONAttribute(default=dict)  # {status: [...], session, lang}
    rows = NumberAttribute()
    size = NumberAttribute()  # bytes of the file
    delivery = UnicodeAttribute()  # inline | s3
    at = UTCDateTimeAttribute()


def record_export(*, event_id: str, project: str, organizer_id: str, organizer_email: str, file_format: str,
                  filters: dict[str, Any], rows: int, size: int, delivery: str, at: datetime,
                  export_id: str | None = None) -> ExportLogEntry:
    """Write the log entry; the caller answers only once it is written, so no export goes unlogged."""
    export_id = export_id or new_id(8)
    entry = ExportLogEntry(audit_pk(event_id), f"{at.isoformat()}#{export_id}", export_id=export_id,
                           event_id=event_id, project=project, organizer_id=organizer_id,
                           organizer_email=organizer_email, format=file_format, filters=filters, rows=rows,
                           size=size, delivery=delivery, at=at)
    entry.save(condition=ExportLogEntry.pk.does_not_exist())
    return entry


def list_exports(event_id: str, *, cursor: str | None, limit: int) -> tuple[list[ExportLogEntry], str | None]:
    """The event's exports, newest first, a page at a time."""
    pk = audit_pk(event_id)
    query = ExportLogEntry.query(pk, limit=limit, scan_index_forward=False,
                                 last_evaluated_key=decode_cursor(cursor, pk=pk))
    return page_of(query, limit)
