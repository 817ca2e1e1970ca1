"""Dashboard: the check-in page at the door, for the whole event or one of its sessions.

A typed code (or, with a camera, a scanned one, posted through the same form by the page's
script, which then scans on) or a person found by name is checked in through the same domain
function as the JSON API; the result comes back on the page, large, in a status region.
Everything but the camera works without JavaScript.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from ..errors import InvalidInput, Text
from ..i18n import format_datetime_range
from . import dashboard
from .authorizer import current_organizer
from .dashboard import FORM

if TYPE_CHECKING:
    from ..store.models import EventItem, RegistrationItem

dashboard_checkin = Blueprint(__name__)
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


def _path(event_id: str) -> str:
    return PATH.format(event_id=event_id)


@dashboard.page(dashboard_checkin, PATH, methods=["GET"], one_field=True)
def checkin_page(event_id: str) -> Response:
    """The door: choose the event or a session, type a code, scan one, or find someone by name."""
    from ..checkin import service as checkin

    request = dashboard_checkin.current_request
    query = request.query_params or {}
    event = dashboard.event(request, event_id)
    session_id = checkin.check_session(event, query.get("session") or None)
    return _page(request, event, session_id, q=query.get("q"), cursor=query.get("cursor"))


@dashboard.page(dashboard_checkin, PATH, methods=["POST"], content_types=FORM, one_field=True)
def checkin_post(event_id: str) -> Response:
    """Check one person in (a code, or a registration picked from the search) and show the outcome.

    The answer is the page itself rather than a redirect: at the door every round trip counts,
    and posting the same code again only answers "already checked in".
    """
    from ..checkin import service as checkin
    from ..store import events as event_store
    from ..web import forms, views

    request = dashboard_checkin.current_request
    form = dashboard.posted_form(request)
    event = dashboard.event(request, event_id)
    session_id = checkin.check_session(event, forms.first(form, "session") or None)
    q = forms.first(form, "q") or None
    value = (forms.first(form, "registration_id") or forms.first(form, "code")).strip()
    if not value or len(value) > checkin.MAX_INPUT:
        message = (Text("Type the code from the ticket.") if not value else
                   Text("Use at most %(max)s characters.", {"max": checkin.MAX_INPUT}))
        return _page(request, event, session_id, q=q, errors={"code": message}, code=value[:checkin.MAX_INPUT],
                     scanning=forms.first(form, "scan") == "1")
    outcome = checkin.check_in(event, value, session_id, by=current_organizer(request).organizer_id)
    language = dashboard.language(request, form)
    headline, tone = HEADLINES[outcome.result]
    result = {"tone": tone, "result": outcome.result, "headline": views.say(language, headline),
              "message": checkin.message(outcome, event, language)}
    fresh = event_store.load_event(event.event_id, consistent=True) or event
    return _page(request, fresh, session_id, q=q, result=result, language=language,
                 scanning=forms.first(form, "scan") == "1")


def _counts(event: EventItem, session_id: str | None) -> dict[str, int]:
    if session_id is None:
        return {"checked_in": int(event.checked_in or 0), "confirmed": int(event.taken)}
    return {"checked_in": int(event.session_checked_in.as_dict().get(session_id, 0)),
            "confirmed": int(event.session_taken.as_dict().get(session_id, 0))}


def _match(registration: RegistrationItem, event: EventItem, session_id: str | None, language: str) -> dict[str, Any]:
    """One person found by name, with whether (and when) they are checked in for this door."""
    from ..checkin import service as checkin
    from ..checkin.views import email_hint
    from ..web import views

    first: Any = registration.checked_in_at
    signed_up = session_id is None or session_id in registration.sessions
    if session_id is not None:
        marked = (registration.checked_in_sessions.as_dict() if registration.checked_in_sessions else {})
        first = marked.get(session_id)
        first = datetime.fromisoformat(first) if first else None
    if not signed_up:
        state = views.say(language, Text("Not signed up for this session"))
    elif first:
        state = views.say(language, Text("Checked in at %(time)s", {
            "time": checkin.door_time(first, event, language)}))
    else:
        state = views.say(language, Text("Not checked in yet"))
    return {"id": registration.registration_id, "name": registration.name or "–",
            "hint": email_hint(registration.email) or "", "state": state, "done": bool(first),
            "can_check_in": signed_up and not first}


def _page(request: Any, event: EventItem, session_id: str | None, *, q: str | None = None,
          cursor: str | None = None, result: dict | None = None, errors: dict[str, Text] | None = None,
          code: str = "", language: str | None = None, scanning: bool = False) -> Response:
    from ..checkin import service as checkin
    from ..fields import pick_language
    from ..web import views

    language = language or dashboard.language(request)
    field_errors = {name: views.say(language, text) for name, text in (errors or {}).items()}
    matches, next_cursor = [], None
    if q:
        try:
            found, next_cursor = checkin.search(event, q, cursor)
            matches = [_match(r, event, session_id, language) for r in found]
        except InvalidInput as error:
            field_errors.update({name: views.say(language, text) for name, text in error.fields.items()})
    sessions = [(s["id"], pick_language(s["title"], language) or s["id"]) for s in event.sessions]
    title = pick_language(event.title.as_dict(), language)
    return dashboard.render(
        request, "organizer/checkin.html", language=language, path=_path(event.event_id),
        status=400 if field_errors else 200, event={
            "id": event.event_id, "title": title, "cancelled": event.status == "cancelled",
            "when": format_datetime_range(event.starts_at, event.ends_at, event.timezone, language)},
        sessions=sessions, session_id=session_id or "",
        session_title=dict(sessions).get(session_id or "", ""), counts=_counts(event, session_id),
        result=result, errors=field_errors, anchors=ERROR_ANCHORS,
        labels={k: views.say(language, v) for k, v in FIELD_LABELS.items()}, q=(q or "")[:checkin.MAX_INPUT],
        code=code, scanning=scanning, matches=matches, next=next_cursor, searched=bool(q) and "q" not in field_errors,
        keep={"session": session_id or "", "q": q or ""})
