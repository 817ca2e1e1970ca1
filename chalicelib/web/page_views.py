"""Page responses built from the domain's views: one function per page, no HTTP parsing here."""
from __future__ import annotations

from typing import Any

from chalice import Response

from ..emails.render import event_kind_label
from ..errors import Text
from ..events import service as events
from ..events.spec import KINDS
from ..i18n import N_, gettext
from ..store.models import EventItem, RegistrationItem
from . import pages, views
from .csrf import csrf_token

CLOSED = {"not_open_yet": N_("Registration has not opened yet."), "closed": N_("Registration is closed."),
          "cancelled": N_("This event is cancelled."), "draft": N_("This event is not open for registration.")}


def board_page(language: str, kind: str, event_language: str, cursor: str | None) -> Response:
    items, next_cursor = events.public_events(cursor, 50)
    cards = []
    for item in items:
        if (kind and item.kind != kind) or (event_language and event_language not in item.languages):
            continue
        view = events.public_view(item, language)
        cards.append({"id": view["id"], "title": view["title"], "venue": view["venue"],
                      "kind_label": event_kind_label(item.kind, language),
                      "when": views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
                      "availability": views.availability(view, language)})
    return pages.render("events.html", language, path="/events", events=cards, next=next_cursor,
                        kinds=[(k, event_kind_label(k, language)) for k in KINDS], kind=kind,
                        event_language=event_language, keep={"kind": kind, "language": event_language})


def _session_context(view: dict[str, Any], event: EventItem, language: str) -> dict[str, Any]:
    return {"sessions": views.session_views(view, language, hide_full=event.kind == "consultation"),
            "multiple_sessions": event.kind == "conference",
            "session_legend": views.session_legend(event.kind, language)}


def event_page(event: EventItem, language: str, *, errors: dict[str, str] | None = None,
               values: views.FormValues | None = None, status: int = 200) -> Response:
    view = events.public_view(event, language)
    state = view["registration"]
    open_ = state == "open" and (view["seats_left"] > 0 or view["waitlist_open"])
    closed_message = gettext(language, CLOSED.get(state, N_("Sorry, there are no seats left.")))
    for session in view["sessions"]:
        session["when"] = views.when(session.get("starts_at"), session.get("ends_at"), view["timezone"], language)
    return pages.render(
        "event.html", language, path=f"/events/{event.event_id}", status=status, event=view,
        when=views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
        kind_label=event_kind_label(event.kind, language), availability=views.availability(view, language),
        paragraphs=[p for p in view["description"].split("\n") if p.strip()], open=open_,
        closed_message=closed_message, errors=errors or {}, values=values or views.FormValues(),
        anchors=views.anchors(event.questions), countries=views.countries(language),
        labels=views.QuestionLabels(view["questions"], language),
        has_conditions=any(q.get("show_if") for q in event.questions), **_session_context(view, event, language))


def status_page(event: EventItem, language: str, status: str) -> Response:
    heading, message = views.MESSAGES_BY_STATUS[status]
    return pages.render("registered.html", language, path=f"/events/{event.event_id}/registered",
                        heading=gettext(language, heading), message=gettext(language, message),
                        keep={"status": status})


def manage_page(event: EventItem, registration: RegistrationItem, token: str, language: str, *,
                errors: dict[str, str] | None = None, values: views.FormValues | None = None,
                notice: str = "", status: int = 200) -> Response:
    view = events.public_view(event, language)
    titles = {s["id"]: s["title"] for s in view["sessions"]}
    active = registration.status in ("pending_email", "pending_approval", "confirmed", "waitlisted")
    return pages.render(
        "manage.html", language, path=f"/manage/{token}", status=status, event=view, registration=registration,
        token=token, csrf=csrf_token(token), when=views.when(view["starts_at"], view["ends_at"], view["timezone"],
                                                            language),
        status_label=gettext(language, views.STATUS_LABELS.get(registration.status, registration.status)),
        chosen_sessions=[titles.get(s, s) for s in registration.sessions], active=active,
        can_change=active and registration.status != "waitlisted" and bool(event.questions or event.sessions)
        and view["registration"] in ("open", "closed"),
        errors=errors or {}, values=values or views.registration_values(registration, event), notice=notice,
        anchors=views.anchors(event.questions), countries=views.countries(language),
        labels=views.QuestionLabels(view["questions"], language), **_session_context(view, event, language))


def problem_page(language: str, status: int, heading: Text, message: Text | str | None = None,
                 path: str = "/events") -> Response:
    """A friendly page for any refusal: what happened, in plain words, and the way back."""
    text = views.say(language, message) if isinstance(message, Text) else (message or "")
    return pages.render("message.html", language, path=path, status=status, heading=views.say(language, heading),
                        message=text, action="", csrf="", button="", back="", back_label="")


def rate_limited(language: str, path: str) -> Response:
    return problem_page(language, 429, Text("Too many attempts"), Text(
        "You have sent this form many times in a short while. Please wait a few minutes and try again."), path)


def _ics(data: bytes, filename: str) -> Response:
    return Response(body=data.decode("utf-8"), status_code=200, headers={
        "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": f'attachment; filename="{filename}"'})


def _calendar_fields(item: EventItem, language: str) -> dict[str, Any]:
    from ..config import settings
    from ..fields import pick_language

    return {"uid": f"{item.event_id}@zapisy", "title": pick_language(item.title.as_dict(), language),
            "description": pick_language(item.description.as_dict(), language), "location": item.venue,
            "starts_at": item.starts_at, "ends_at": item.ends_at, "timezone": item.timezone,
            "url": f"{settings().base_url}/events/{item.event_id}", "cancelled": item.status == "cancelled"}


def calendar_feed_response(language: str) -> Response:
    from ..calendar_file import calendar_feed

    items, _ = events.public_events(None, 200)
    return _ics(calendar_feed([_calendar_fields(i, language) for i in items]), "events.ics")


def event_calendar_response(event_id: str, language: str) -> Response:
    from ..calendar_file import event_calendar

    return _ics(event_calendar(**_calendar_fields(events.public_event(event_id), language)), f"{event_id}.ics")
