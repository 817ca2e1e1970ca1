"""The sign-in sheet page: one session's or day's people, ticked as present, saved as the paper says."""
from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from chalice import Response

from ...errors import Text
from ...fields import pick_language
from ...i18n import N_, format_date, format_datetime, format_datetime_range
from ...records import Event, Registration
from ...vocabulary.collation import sort_for
from ...vocabulary.statuses import EventStatus
from .. import views
from .layout import Viewer, render

PATH = "/organizer/events/{event_id}/attendance"
SAVED = N_("Saved: %(present)s marked present, %(absent)s marked absent.")


def unit_label(event: Event, unit: Any, language: str) -> str:
    """A session's title, or a day as the event's calendar names it."""
    if unit.session is not None:
        return pick_language(unit.session["title"], language) or unit.unit_id
    return format_date(datetime.combine(unit.day, time(12), UTC), "UTC", language)


def attendance_text(event: Event, registration: Registration) -> str:
    """"2/3 (67%)": units attended of those due, and the share; "–" without a confirmed seat."""
    from ...registration import attendance

    found = attendance.of(event, registration)
    return f"{len(found.attended)}/{len(found.due)} ({found.percent}%)" if found else "–"


def attendance_log(event: Event, registration: Registration, language: str) -> list[dict[str, str]]:
    """Each mark made by hand, newest first: when, who, which part of the event, present or not."""
    from ...registration import attendance

    labels = {u.unit_id: unit_label(event, u, language) for u in attendance.units(event)}
    return [{"at": format_datetime(datetime.fromisoformat(entry["at"]), event.timezone, language),
             "by": str(entry.get("by") or ""), "unit": labels.get(entry["unit"], entry["unit"]),
             "mark": views.say(language, Text(N_("present") if entry["present"] else N_("absent")))}
            for entry in reversed(registration.attendance_log)]


def sheet_page(viewer: Viewer, sheet: Any, *, saved: tuple[int, int] | None = None,
               now: datetime | None = None) -> Response:
    """`sheet` is the application's Sheet; `saved` says what the last save changed."""
    from ...registration import attendance

    language, event = viewer.language, sheet.event
    moment = now or datetime.now(UTC)
    units = [{"id": u.unit_id, "label": unit_label(event, u, language), "current": u.unit_id == sheet.unit_id}
             for u in attendance.units(event)]
    people = [{"id": r.registration_id, "name": r.name or "–", "present": r.registration_id in sheet.present,
               "door": sheet.unit_id in attendance.recorded_at_door(event, r),
               "marked": sheet.unit_id in r.attendance_marks}
              for r in sort_for(language, sheet.people, key=lambda r: r.name or "")]
    notice = views.say(language, Text(SAVED, {"present": saved[0], "absent": saved[1]})) if saved else ""
    return render(
        viewer, "organizer/attendance.html", path=PATH.format(event_id=event.event_id),
        event={"id": event.event_id, "title": pick_language(event.title, language),
               "when": format_datetime_range(event.starts_at, event.ends_at, event.timezone, language)},
        units=units, unit={"id": sheet.unit_id, "label": next(u["label"] for u in units if u["current"])},
        people=people, notice=notice, markable=event.status == EventStatus.PUBLISHED and moment >= event.starts_at,
        cancelled=event.status == EventStatus.CANCELLED, present_count=sum(p["present"] for p in people))
