"""One event on the dashboard: its counts, downloads, the registrations table with its filters and
actions, adding a person at a desk, and one registration's page."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ...errors import DomainError, InvalidInput, NotFound
from . import shared
from .shared import FORM

registration_pages = Blueprint(__name__)
FILTERS = ("status", "session", "checked_in", "q", "order")
EVENT = "/organizer/events/{event_id}"
ONE = EVENT + "/registrations/{registration_id}"


def _request() -> Any:
    return registration_pages.current_request


def _event_page(viewer: Any, event_id: str, query: dict[str, Any], **shown: Any) -> Response:
    """The event page with its table as `query` filters it (a filter that names nothing: the whole
    table, with the filter's error)."""
    from ...application.organizer import registrations
    from ...web import views
    from ...web.dashboard.registrations import event_page

    shown_as = {"language": viewer.language, "default_order": "name"}  # the dashboard's table: by name
    try:
        listing = registrations.list_registrations(viewer.organizer, event_id, query, **shown_as)
        filter_errors: dict[str, str] = {}
    except InvalidInput as error:
        filter_errors = views.field_errors(error, viewer.language)
        listing = registrations.list_registrations(viewer.organizer, event_id, {}, **shown_as)
    return event_page(viewer, listing, registrations.actions_for, filter_errors=filter_errors, **shown)


@shared.page(registration_pages, EVENT, methods=["GET"])
def event_page(event_id: str) -> Response:
    """One event: counts, downloads, its registrations (filtered, searched) and the desk form; after
    publishing (`?done=published`) the confirmation with the links to share."""
    request = _request()
    query = request.query_params or {}
    return _event_page(shared.viewer(request), event_id, query, just_published=query.get("done") == "published")


@shared.page(registration_pages, EVENT + "/preview", methods=["GET"])
def preview(event_id: str) -> Response:
    """The public page as participants will see it, for the event's organizers: a draft too, marked
    as a preview, not indexable, its form not sent."""
    from ...application.organizer import events
    from ...web.public import preview_page

    viewer = shared.viewer(_request())
    return preview_page(events.get(viewer.organizer, event_id), viewer.language)


@shared.page(registration_pages, EVENT + "/registrations", methods=["POST"], content_types=FORM)
def add_registration(event_id: str) -> Response:
    """A case worker registers someone at a desk; then the new registration's page (to print)."""
    from ...application.organizer import events, registrations
    from ...web import forms, views

    request = _request()
    form = shared.posted_form(request)
    viewer = shared.viewer(request, form)
    event = events.get(viewer.organizer, event_id)
    data = forms.registration_data(event, form, forms.first(form, "language") or viewer.language)
    try:
        outcome = registrations.add_on_behalf(viewer.organizer, event_id, data)
    except DomainError as error:  # a field's refusal (a full session too) by its field, else the form's
        problems, status = views.field_errors(error, viewer.language), error.status
    else:
        return _to_registration(event_id, outcome.registration_id, viewer.language, "added")
    return _event_page(viewer, event_id, {}, errors=problems, values=views.FormValues(form), status=status)


def _to_registration(event_id: str, registration_id: str, language: str, done: str) -> Response:
    """On to the registration's page, which says what was done."""
    from ...web.dashboard.layout import back_to
    from ...web.dashboard.registrations import registration_path

    return back_to(registration_path(event_id, registration_id), language, done=done)


@shared.page(registration_pages, ONE, methods=["GET"])
def registration_page(event_id: str, registration_id: str) -> Response:
    """Everything held about one registration, and what an organizer can do with it."""
    from ...application.organizer import registrations
    from ...web.dashboard.registrations import registration_page as page

    request = _request()
    viewer, query = shared.viewer(request), request.query_params or {}
    detail = registrations.detail(viewer.organizer, event_id, registration_id)
    return page(viewer, detail, done=query.get("done", ""), confirm=query.get("confirm", ""))


@shared.page(registration_pages, ONE, methods=["POST"], content_types=FORM)
def registration_action(event_id: str, registration_id: str) -> Response:
    """Approve, reject, cancel (from the table or the page), move to other sessions, resend the e-mail."""
    from ...application.organizer import registrations
    from ...web import forms, views
    from ...web.dashboard.registrations import registration_page as page
    from ...web.dashboard.registrations import registration_path

    request = _request()
    form = shared.posted_form(request)
    viewer = shared.viewer(request, form)
    action = forms.first(form, "action")
    on_page = forms.first(form, "back") == "registration"
    if action == "cancel" and forms.first(form, "sure") != "yes":  # asked once more, on its page
        registrations.detail(viewer.organizer, event_id, registration_id)
        return shared.back_to(registration_path(event_id, registration_id), request, form, "#confirm",
                              confirm="cancel")
    try:
        done = registrations.act(viewer.organizer, event_id, registration_id, action,
                                 [s for s in form.get("session", []) if s])
    except DomainError as error:
        if not on_page or isinstance(error, NotFound):
            raise
        key = {"move": "sessions", "resend": "resend", "certificate": "certificate",
               "revoke_certificate": "certificate"}.get(action, "form")
        problems = views.field_errors(error, viewer.language) if error.fields else {
            key: views.say(viewer.language, error.message)}
        return page(viewer, registrations.detail(viewer.organizer, event_id, registration_id), errors=problems,
                    values=views.FormValues(form) if action == "move" else None, status=error.status)
    if on_page:
        return _to_registration(event_id, registration_id, viewer.language, done)
    kept = {name: forms.first(form, name) for name in FILTERS}
    return shared.back_to(f"/organizer/events/{event_id}", request, form, "#registrations", **kept)


def _download(event_id: str, name: str) -> Response:
    from ...application.organizer import exports
    from ..http import download

    request = _request()
    return download(exports.export(shared.organizer(request), event_id, name, request.query_params or {},
                                   request.headers.get("accept")))


@shared.page(registration_pages, EVENT + "/attendees.csv", methods=["GET"])
def download_csv(event_id: str) -> Response:
    return _download(event_id, "csv")


@shared.page(registration_pages, EVENT + "/attendees.xlsx", methods=["GET"])
def download_xlsx(event_id: str) -> Response:
    return _download(event_id, "xlsx")


@shared.page(registration_pages, EVENT + "/signin-sheet.pdf", methods=["GET"])
def download_pdf(event_id: str) -> Response:
    return _download(event_id, "pdf")


@shared.page(registration_pages, EVENT + "/certificates.pdf", methods=["GET"])
def download_certificates(event_id: str) -> Response:
    """Every certificate of the event in one PDF, to print or archive (revoked ones marked so)."""
    from ...application.organizer import certificates
    from ..http import pdf_response

    request = _request()
    name, data = certificates.all_certificates(shared.organizer(request), event_id)
    return pdf_response(name, data, request.headers.get("accept"))
