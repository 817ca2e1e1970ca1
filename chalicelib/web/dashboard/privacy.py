"""The data-protection page: the search form, what was found about one address, the erasure's
confirmation, and the log of requests. Times in each event's own timezone."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalice import Response

from ...errors import Text
from ...records import AdminAction
from ...vocabulary.labels import status_label
from .. import views
from .layout import Viewer, render

PATH = "/organizer/privacy"
LOG_ZONE = "UTC"
ACTION_LABELS = {"search": Text("Search"), "download": Text("Download"), "erase": Text("Erasure")}
SUPPRESSION_REASONS = {"bounce": Text("Permanent bounce"), "complaint": Text("Complaint")}


def short_time(value: datetime | None, zone: str, language: str, *, time: bool = True) -> str:
    """A compact date (and time) for table cells, e.g. "22 lis 2026, 14:05", in the given timezone."""
    from babel.dates import format_date, format_time

    from ...i18n import babel_locale

    if value is None:
        return "–"
    try:
        local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        local = value.astimezone(UTC)
    day = format_date(local.date(), "medium", locale=babel_locale(language))
    return f"{day}, {format_time(local.replace(tzinfo=None), 'HH:mm', locale=babel_locale(language))}" if time \
        else day


def person_view(person: Any, language: str) -> dict[str, Any]:
    """The rows of the result table, in the reader's words; times in each event's own timezone."""
    rows = []
    for found in person.found:
        registration, event = found.registration, found.event
        zone = event.timezone if event else LOG_ZONE
        rows.append({
            "event": views.pick(event.title, language) if event else registration.event_id,
            "event_id": registration.event_id,
            "when": short_time(event.starts_at, zone, language, time=False) if event else "–",
            "project": event.project if event else "–", "notice_project": event.project if event else "",
            "status": status_label(registration.status, language),
            "registered": short_time(registration.created_at, zone, language),
            "consent_version": registration.consent_version or "–",
            "consent_at": short_time(registration.consent_at, zone, language)})
    record = person.suppression
    suppressed = None
    if record is not None:
        reason = SUPPRESSION_REASONS.get(record.reason)
        suppressed = {"reason": views.say(language, reason) if reason else record.reason,
                      "since": short_time(record.at, LOG_ZONE, language) + "\u00a0UTC"}
    return {"rows": rows, "count": len(rows), "suppressed": suppressed}


def _log_view(log: list[AdminAction], language: str) -> list[dict[str, Any]]:
    return [{"at": short_time(entry.at, LOG_ZONE, language) + "\u00a0UTC", "who": entry.organizer_email,
             "action": views.say(language, ACTION_LABELS.get(entry.action, Text(entry.action))),
             "registrations": int(entry.registrations or 0)} for entry in log]


def privacy_page(viewer: Viewer, log: list[AdminAction], *, email: str = "", person: Any = None, notice: str = "",
                 errors: dict[str, str] | None = None, status: int = 200) -> Response:
    return render(viewer, "organizer/privacy.html", path=PATH, status=status, email=email,
                  person=person_view(person, viewer.language) if person is not None else None, notice=notice,
                  errors=errors or {}, log=_log_view(log, viewer.language))


def erase_confirmation_page(viewer: Viewer, email: str, person: Any) -> Response:
    return render(viewer, "organizer/privacy_erase.html", path=PATH, email=email,
                  person=person_view(person, viewer.language))
