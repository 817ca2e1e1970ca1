"""The logs the data-protection officer asks for: who took which attendees out, who answered a
person's access or erasure request, who changed which organizer's access, and when.

| item           | pk                  | sk                   |
|----------------|---------------------|----------------------|
| export log     | AUDIT#<event id>    | <UTC ISO time>#<id>  |
| admin log      | ADMINLOG#<area>     | <UTC ISO time>#<id>  |

One item per export, in the event's own audit partition, read newest first. The log is kept when
retention erases the attendees' personal data: it holds no attendee data itself, only the
organizer who exported, the filters and how many rows left.

The admin log has one partition per area (`privacy`, `organizers`), read newest first. A privacy
entry never holds the person's address, only how many registrations the request touched; an
organizers entry names the organizer whose access changed (staff, not participants), never a
password.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..records import AdminAction, ExportRecord, Page, new_id
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
                  export_id: str | None = None) -> None:
    """Write the log entry; the caller answers only once it is written, so no export goes unlogged."""
    export_id = export_id or new_id(8)
    entry = ExportLogEntry(audit_pk(event_id), f"{at.isoformat()}#{export_id}", export_id=export_id,
                           event_id=event_id, project=project, organizer_id=organizer_id,
                           organizer_email=organizer_email, format=file_format, filters=filters, rows=rows,
                           size=size, delivery=delivery, at=at)
    entry.save(condition=ExportLogEntry.pk.does_not_exist())


def _export_record(item: ExportLogEntry) -> ExportRecord:
    return ExportRecord(item.export_id, item.event_id, item.project, item.organizer_id, item.organizer_email,
                        item.format, dict(item.filters or {}), int(item.rows), int(item.size), item.delivery, item.at)


def list_exports(event_id: str, *, cursor: str | None, limit: int) -> Page:
    """The event's exports, newest first, a page at a time."""
    pk = audit_pk(event_id)
    query = ExportLogEntry.query(pk, limit=limit, scan_index_forward=False,
                                 last_evaluated_key=decode_cursor(cursor, pk=pk))
    items, next_cursor = page_of(query, limit)
    return Page([_export_record(item) for item in items], next_cursor)


ADMIN_AREAS = ("privacy", "organizers")


def admin_log_pk(area: str) -> str:
    return f"ADMINLOG#{area}"


class AdminLogEntry(_Base):
    entry_id = UnicodeAttribute()
    area = UnicodeAttribute()  # privacy | organizers
    action = UnicodeAttribute()  # privacy: search, download, erase; organizers: invite, access, disable, enable
    organizer_id = UnicodeAttribute()
    organizer_email = UnicodeAttribute()
    target = UnicodeAttribute(default="")  # the organizer whose access changed; empty for privacy
    registrations = NumberAttribute(null=True)  # how many registrations a privacy request touched
    details = JSONAttribute(default=dict)  # {role, projects} of an access change; events touched
    at = UTCDateTimeAttribute()


def record_admin_action(area: str, action: str, *, organizer_id: str, organizer_email: str, at: datetime,
                        target: str = "", registrations: int | None = None,
                        details: dict[str, Any] | None = None) -> None:
    """Write one entry; callers write it before they answer, so no request goes unlogged."""
    if area not in ADMIN_AREAS:
        raise ValueError(area)
    entry_id = new_id(8)
    entry = AdminLogEntry(admin_log_pk(area), f"{at.isoformat()}#{entry_id}", entry_id=entry_id, area=area,
                          action=action, organizer_id=organizer_id, organizer_email=organizer_email,
                          target=target, registrations=registrations, details=details or {}, at=at)
    entry.save(condition=AdminLogEntry.pk.does_not_exist())


def recent_admin_actions(area: str, *, limit: int = 20) -> list[AdminAction]:
    """The area's latest entries, newest first."""
    return [AdminAction(item.entry_id, item.area, item.action, item.organizer_id, item.organizer_email, item.at,
                        item.target or "", None if item.registrations is None else int(item.registrations),
                        dict(item.details or {}))
            for item in AdminLogEntry.query(admin_log_pk(area), limit=limit, scan_index_forward=False)]
