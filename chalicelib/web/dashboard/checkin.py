"""The check-in page at the door: the counts, the code form, the camera scan, the name search and
the last outcome, large, in a status region."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from chalice import Response

from ...errors import Text
from ...fields import pick_language
from ...i18n import format_datetime_range
from ...records import Event, Registration
from ...vocabulary.statuses import EventStatus, Status
from .. import views
from .layout import Viewer, render

PATH = "/organizer/events/{event_id}/checkin"
# What the door sees first, large: a word or two per outcome (checkin/service.py RESULTS), and how it looks.
HEADLINES = {
    "checked_in": (Text("Checked in"), "ok"),
    "already_checked_in": (Text("Already checked in"), "warn"),
    "not_confirmed": (Text("Not confirmed"), "bad"),
    "not_in_session": (Text("Not signed up for this session"), "bad"),
    "unknown": (Text("Unknown code"), "bad"),
    "invalid_code": (Text("Unknown code"), "bad"),
}
ERROR_ANCHORS = {"code": "f-code", "q": "f-q", "session": "f-session", "form": "main"}
FIELD_LABELS = {"code": Text("Code from the ticket"), "q": Text("Name"), "session": Text("Check in to")}


def result_box(outcome: Any, event: Event, language: str) -> dict[str, str]:
    """The outcome of one check-in, as the door reads it."""
    from ...checkin import service

    headline, tone = HEADLINES[outcome.result]
    return {"tone": tone, "result": outcome.result, "headline": views.say(language, headline),
            "message": service.message(outcome, event, language)}


def _counts(event: Event, session_id: str | None) -> dict[str, int]:
    if session_id is None:
        return {"checked_in": event.checked_in, Status.CONFIRMED.value: event.taken}
    return {"checked_in": event.session_checked_in.get(session_id, 0),
            Status.CONFIRMED.value: event.session_taken.get(session_id, 0)}


def _match(registration: Registration, event: Event, session_id: str | None, language: str) -> dict[str, Any]:
    """One person found by name, with whether (and when) they are checked in for this door."""
    from ...checkin import service
    from ...checkin.views import email_hint

    first: Any = registration.checked_in_at
    signed_up = session_id is None or session_id in registration.sessions
    if session_id is not None:
        marked = registration.checked_in_sessions.get(session_id)
        first = datetime.fromisoformat(marked) if marked else None
    if not signed_up:
        state = views.say(language, Text("Not signed up for this session"))
    elif first:
        state = views.say(language, Text("Checked in at %(time)s", {"time": service.door_time(first, event, language)}))
    else:
        state = views.say(language, Text("Not checked in yet"))
    return {"id": registration.registration_id, "name": registration.name or "–",
            "hint": email_hint(registration.email) or "", "state": state, "done": bool(first),
            "can_check_in": signed_up and not first}


def door_page(viewer: Viewer, event: Event, session_id: str | None, *, q: str | None = None,
              found: tuple[list[Registration], str | None] | None = None, result: dict | None = None,
              errors: dict[str, Text] | None = None, code: str = "", scanning: bool = False,
              max_input: int = 100) -> Response:
    """`found` is the name search's people and cursor, when a search was made."""
    language = viewer.language
    field_errors = {name: views.say(language, text) for name, text in (errors or {}).items()}
    matches, next_cursor = [], None
    if found is not None:
        matches = [_match(r, event, session_id, language) for r in found[0]]
        next_cursor = found[1]
    sessions = [(s["id"], pick_language(s["title"], language) or s["id"]) for s in event.sessions]
    return render(
        viewer, "organizer/checkin.html", path=PATH.format(event_id=event.event_id),
        status=400 if field_errors else 200, event={
            "id": event.event_id, "title": pick_language(event.title, language),
            "cancelled": event.status == EventStatus.CANCELLED,
            "when": format_datetime_range(event.starts_at, event.ends_at, event.timezone, language)},
        sessions=sessions, session_id=session_id or "",
        session_title=dict(sessions).get(session_id or "", ""), counts=_counts(event, session_id),
        result=result, errors=field_errors, anchors=ERROR_ANCHORS,
        labels={k: views.say(language, v) for k, v in FIELD_LABELS.items()}, q=(q or "")[:max_input],
        code=code, scanning=scanning, matches=matches, next=next_cursor,
        searched=bool(q) and "q" not in field_errors, keep={"session": session_id or "", "q": q or ""})
