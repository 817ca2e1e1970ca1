"""One event on the dashboard: its counts, downloads, and the registrations table with its actions."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..errors import DomainError, NotFound, Text
from ..events import service as events
from ..web import forms, views
from . import dashboard
from .authorizer import current_organizer, organizer_session_auth
from .dashboard import FORM

dashboard_registrations = Blueprint(__name__)


def _language() -> str:
    return dashboard.language(dashboard_registrations.current_request)


def _problem(error: DomainError) -> Response:
    return dashboard.problem(dashboard_registrations.current_request, error)


ACTIONS = {"pending_approval": ("approve", "reject"), "waitlisted": ("approve_waitlisted", "reject"),
           "confirmed": ("cancel",), "pending_email": ("cancel",)}
ACTION_LABELS = {"approve": Text("Approve"), "reject": Text("Reject"), "cancel": Text("Cancel registration")}


@dashboard_registrations.route("/organizer/events/{event_id}", methods=["GET"], authorizer=organizer_session_auth)
def event_page(event_id: str) -> Response:
    """One event: counts, downloads, and its registrations with the actions each allows."""
    request = dashboard_registrations.current_request
    language, query = _language(), request.query_params or {}
    try:
        item = events.organizer_event(current_organizer(request), event_id)
        return _event_page(item, language, query.get("status", ""), query.get("q", "")[:100], query.get("cursor"))
    except DomainError as error:
        return _problem(error)


def _event_page(item: Any, language: str, status: str, q: str, cursor: str | None, notice: str = "") -> Response:
    from ..i18n import format_datetime
    from ..store import registrations as registration_store

    view = events.organizer_view(item)
    found, next_cursor = registration_store.list_registrations(item.event_id, cursor=cursor, limit=100)
    needle = q.strip().lower()
    rows = []
    for registration in found:
        if (status and registration.status != status) or (needle and needle not in (
                f"{registration.name or ''} {registration.email or ''}").lower()):
            continue
        label = views.STATUS_LABELS.get(registration.status, registration.status)
        rows.append({
            "id": registration.registration_id, "name": registration.name or "–", "email": registration.email or "–",
            "status_label": views.say(language, Text(label)),
            "created": format_datetime(registration.created_at, item.timezone, language),
            "problem": registration.delivery_problem or "",
            "actions": [(a, views.say(language, ACTION_LABELS[a.replace("_waitlisted", "")]))
                        for a in ACTIONS.get(registration.status, ())]})
    return dashboard.render(
        dashboard_registrations.current_request, "organizer/event.html", language=language,
        path=f"/organizer/events/{item.event_id}", event={
            **view, "title": views.pick(view["title"], language)}, when=views.when(
            view["starts_at"], view["ends_at"], view["timezone"], language), rows=rows, next=next_cursor,
        status_filter=status, q=q, notice=notice,
        statuses=[(k, views.say(language, Text(v))) for k, v in views.STATUS_LABELS.items()],
        keep={"status": status, "q": q})


@dashboard_registrations.route("/organizer/events/{event_id}/registrations/{registration_id}", methods=["POST"],
                       content_types=FORM, authorizer=organizer_session_auth)
def registration_action(event_id: str, registration_id: str) -> Response:
    """Approve, reject or cancel from the table; the same domain functions as the API."""
    from ..emails.delivery import after_commit
    from ..registration import service as registrations
    from ..store import registrations as registration_store

    request = dashboard_registrations.current_request
    try:
        form = dashboard.posted_form(request)
        item = events.organizer_event(current_organizer(request), event_id)
        registration = registration_store.load_registration(event_id, registration_id)
        if registration is None:
            raise NotFound()
        action = forms.first(form, "action")
        if action in ("approve", "approve_waitlisted") and registration.status == "pending_approval":
            outcome = registrations.approve(registration)
        elif action == "approve_waitlisted" and registration.status == "waitlisted":
            outcome = registrations.Outcome(registration_id, registration.status,
                                            tuple(registrations.promote_waitlisted(event_id)))
        elif action == "reject":
            outcome = registrations.reject(registration)
        elif action == "cancel":
            outcome = registrations.cancel(registration, by_organizer=True)
        else:
            raise NotFound()
    except DomainError as error:
        return _problem(error)
    after_commit(outcome.messages)
    return dashboard.back_to(f"/organizer/events/{item.event_id}", request, form, "#registrations")


def _download(event_id: str, name: str) -> Response:
    from .exports_api import export_response

    try:
        return export_response(dashboard_registrations.current_request, event_id, name)
    except DomainError as error:
        return _problem(error)


@dashboard_registrations.route("/organizer/events/{event_id}/attendees.csv", methods=["GET"],
                       authorizer=organizer_session_auth)
def download_csv(event_id: str) -> Response:
    return _download(event_id, "csv")


@dashboard_registrations.route("/organizer/events/{event_id}/attendees.xlsx", methods=["GET"],
                       authorizer=organizer_session_auth)
def download_xlsx(event_id: str) -> Response:
    return _download(event_id, "xlsx")


@dashboard_registrations.route("/organizer/events/{event_id}/signin-sheet.pdf", methods=["GET"],
                       authorizer=organizer_session_auth)
def download_pdf(event_id: str) -> Response:
    return _download(event_id, "pdf")
