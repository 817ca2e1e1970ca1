"""One event on the dashboard: its counts, downloads, the registrations table with its filters and
actions, adding a person at a desk, and one registration's page."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from ..errors import DomainError, InvalidInput, NotFound
from . import dashboard, registration_pages
from .authorizer import current_organizer
from .dashboard import FORM
from .http import after_commit

if TYPE_CHECKING:
    from ..store.models import EventItem, RegistrationItem

dashboard_registrations = Blueprint(__name__)
FILTERS = ("status", "session", "checked_in", "q")


def _request() -> Any:
    return dashboard_registrations.current_request


def _registration(event_id: str, registration_id: str) -> RegistrationItem:
    from ..store import registrations as registration_store

    registration = registration_store.load_registration(event_id, registration_id)
    if registration is None:
        raise NotFound()
    return registration


def _to_registration(event_id: str, registration_id: str, language: str, done: str) -> Response:
    """On to the registration's page, which says what was done."""
    from ..web import pages

    return pages.redirect(pages.link(registration_pages.registration_path(event_id, registration_id), language,
                                     done=done))


def _back_to_event(event_id: str, language: str, form: dict[str, list[str]]) -> Response:
    """Back to the table as it was filtered, in the same language."""
    from ..web import forms, pages

    kept = {name: forms.first(form, name) for name in FILTERS}
    return pages.redirect(pages.link(f"/organizer/events/{event_id}", language, **kept) + "#registrations")


@dashboard.page(dashboard_registrations, "/organizer/events/{event_id}", methods=["GET"])
def event_page(event_id: str) -> Response:
    """One event: counts, downloads, its registrations (filtered, searched) and the desk form."""
    request = _request()
    item = dashboard.event(request, event_id)
    return registration_pages.event_page(request, item, dashboard.language(request), request.query_params or {})


@dashboard.page(dashboard_registrations, "/organizer/events/{event_id}/registrations", methods=["POST"],
                content_types=FORM)
def add_registration(event_id: str) -> Response:
    """A case worker registers someone at a desk; then the new registration's page (to print)."""
    from ..registration import service as registrations
    from ..web import forms, views

    request = _request()
    form = dashboard.posted_form(request)
    item = dashboard.event(request, event_id)
    language = dashboard.language(request, form)
    data = forms.registration_data(item, form, forms.first(form, "language") or language)
    try:
        outcome = registrations.register_on_behalf(item, data, current_organizer(request).email)
    except InvalidInput as error:
        problems, status = views.field_errors(error, language), 400
    except DomainError as error:
        problems, status = {"form": views.say(language, error.message)}, error.status
    else:
        after_commit(outcome.messages)
        return _to_registration(event_id, outcome.registration_id, language, "added")
    return registration_pages.event_page(request, item, language, {}, errors=problems, values=views.FormValues(form),
                                         status=status)


@dashboard.page(dashboard_registrations, "/organizer/events/{event_id}/registrations/{registration_id}",
                methods=["GET"])
def registration_page(event_id: str, registration_id: str) -> Response:
    """Everything held about one registration, and what an organizer can do with it."""
    request = _request()
    item = dashboard.event(request, event_id)
    registration = _registration(event_id, registration_id)
    done = (request.query_params or {}).get("done", "")
    return registration_pages.registration_page(request, item, registration, dashboard.language(request), done=done)


def _act(action: str, item: EventItem, registration: RegistrationItem, form: dict[str, list[str]]) -> list[Any]:
    """One organizer action through the same domain functions as the API; the e-mails it queued."""
    from ..registration import changes, resend
    from ..registration import service as registrations

    if action == "approve_waitlisted" and registration.status == "waitlisted":
        return registrations.promote_waitlisted(item.event_id)
    if action in ("approve", "approve_waitlisted"):  # refused clearly unless it waits for approval
        return list(registrations.approve(registration).messages)
    if action == "reject":
        return list(registrations.reject(registration).messages)
    if action == "cancel":
        return list(registrations.cancel(registration, by_organizer=True).messages)
    if action == "move":
        changes.move_sessions(item, registration, [s for s in form.get("session", []) if s])
        return []
    if action == "resend":
        return [resend.resend_confirmation(registration)]
    raise NotFound()


@dashboard.page(dashboard_registrations, "/organizer/events/{event_id}/registrations/{registration_id}",
                methods=["POST"], content_types=FORM)
def registration_action(event_id: str, registration_id: str) -> Response:
    """Approve, reject, cancel (from the table or the page), move to other sessions, resend the e-mail."""
    from ..web import forms, views

    request = _request()
    form = dashboard.posted_form(request)
    item = dashboard.event(request, event_id)
    registration = _registration(event_id, registration_id)
    language = dashboard.language(request, form)
    action = forms.first(form, "action")
    on_page = forms.first(form, "back") == "registration"
    try:
        messages = _act(action, item, registration, form)
    except DomainError as error:
        if not on_page or isinstance(error, NotFound):
            raise
        key = {"move": "sessions", "resend": "resend"}.get(action, "form")
        problems = views.field_errors(error, language) if error.fields else {key: views.say(language, error.message)}
        current = _registration(event_id, registration_id)
        return registration_pages.registration_page(request, item, current, language, errors=problems,
                                                    values=views.FormValues(form) if action == "move" else None,
                                                    status=error.status)
    after_commit(messages)
    if on_page:
        return _to_registration(event_id, registration_id, language, action)
    return _back_to_event(event_id, language, form)


def _download(event_id: str, name: str) -> Response:
    from .exports_api import export_response

    return export_response(_request(), event_id, name)


@dashboard.page(dashboard_registrations, "/organizer/events/{event_id}/attendees.csv", methods=["GET"])
def download_csv(event_id: str) -> Response:
    return _download(event_id, "csv")


@dashboard.page(dashboard_registrations, "/organizer/events/{event_id}/attendees.xlsx", methods=["GET"])
def download_xlsx(event_id: str) -> Response:
    return _download(event_id, "xlsx")


@dashboard.page(dashboard_registrations, "/organizer/events/{event_id}/signin-sheet.pdf", methods=["GET"])
def download_pdf(event_id: str) -> Response:
    return _download(event_id, "pdf")
