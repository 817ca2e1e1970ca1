"""Dashboard: the event editor (new and edit), and the actions on a whole event — publish, cancel
(after a confirmation page), duplicate, and a series of copies.

Every save goes through the API's validation (events/spec.py) and the same application functions
as the API, so an edit here has the same consequences as a PATCH there.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from chalice import Blueprint, Response

from ...config import settings
from ...errors import DomainError, InvalidInput, Text
from . import shared
from .shared import FORM

editor_pages = Blueprint(__name__)
ROW_ACTIONS = ("add_question", "add_survey_question", "add_session", "add_slots")


def _request() -> Any:
    return editor_pages.current_request


def _posted_editor() -> dict[str, list[str]]:
    """The editor's post, once origin and CSRF are checked (it may be larger than other forms)."""
    from ...web import event_form

    request = _request()
    return shared.checked_form(request, event_form.parse_editor_form(request.raw_body))


@shared.page(editor_pages, "/organizer/events/new", methods=["GET"])
def new_event() -> Response:
    from ...web import event_form

    viewer, cfg = shared.viewer(_request()), settings()
    projects = [p for p in viewer.organizer.projects if p != "*"]
    editor = event_form.blank_form(cfg.languages, project=projects[0] if projects else "",
                                   retention_days=cfg.retention_days_default)
    return _editor_page(viewer, editor)


def _editor_page(viewer: Any, editor: Any, **options: Any) -> Response:
    """The editor, with the projects it offers (names from the directory; none before any project
    is a record, and then a project id is typed)."""
    from ...application.admin import directory
    from ...web.dashboard.editor import editor_page

    return editor_page(viewer, editor, projects=directory.event_projects(viewer.organizer), **options)


@shared.page(editor_pages, "/organizer/events/new", methods=["POST"], content_types=FORM)
def create_event() -> Response:
    return _submit(None)


@shared.page(editor_pages, "/organizer/events/{event_id}/edit", methods=["GET"])
def edit_event(event_id: str) -> Response:
    from ...application.organizer import events
    from ...events.views import organizer_view
    from ...web import event_form

    viewer = shared.viewer(_request())
    event = events.editable(viewer.organizer, event_id)
    editor = event_form.form_from_event(organizer_view(event), settings().languages, viewer.language)
    return _editor_page(viewer, editor, event=event)


@shared.page(editor_pages, "/organizer/events/{event_id}/edit", methods=["POST"], content_types=FORM)
def save_event(event_id: str) -> Response:
    return _submit(event_id)


def _submit(event_id: str | None) -> Response:
    """Add a row, generate slots, or save: rows are added without saving; a save is all or nothing."""
    from ...application.organizer import events
    from ...events.spec import read_event_fields
    from ...web import event_form, event_form_errors, forms

    form = _posted_editor()
    viewer = shared.viewer(_request(), form)
    event = events.editable(viewer.organizer, event_id) if event_id else None
    editor = event_form.form_from_post(form, settings().languages)
    action = forms.first(form, "action")
    if action in ROW_ACTIONS:
        errors = event_form.add_rows(editor, action)
        return _editor_page(viewer, editor, event=event, errors=errors, status=400 if errors else 200)
    editor.prepare_for_save()
    data, form_errors = event_form.event_data(editor, creating=event is None)
    if form_errors:  # still show everything else the API would refuse, all at once
        try:
            read_event_fields(data, editor.languages, creating=event is None)
        except InvalidInput as error:
            form_errors = event_form_errors.merge(form_errors, error.fields)
        return _editor_page(viewer, editor, event=event, errors=form_errors, status=400)
    try:
        saved = events.create(viewer.organizer, data) if event is None else \
            events.edit(viewer.organizer, event.event_id, data).event
    except DomainError as error:
        if not error.fields:
            raise
        return _editor_page(viewer, editor, event=event, errors=event_form_errors.merge({}, error.fields),
                            status=error.status)
    return shared.back_to(f"/organizer/events/{saved.event_id}", _request(), form)


@shared.page(editor_pages, "/organizer/events/{event_id}/publish", methods=["POST"], content_types=FORM)
def publish_event(event_id: str) -> Response:
    """Publish; the event page then confirms it, with the public link to share and its calendar file."""
    from ...application.organizer import events

    form = shared.posted_form(_request())
    events.publish(shared.organizer(_request()), event_id)
    return shared.back_to(f"/organizer/events/{event_id}", _request(), form, done="published")


@shared.page(editor_pages, "/organizer/events/{event_id}/cancel", methods=["GET"])
def confirm_cancel(event_id: str) -> Response:
    """Cancelling e-mails everyone registered, so it is asked once more, with the numbers."""
    from ...application.organizer import events
    from ...web.dashboard.editor import confirm_cancel_page

    viewer = shared.viewer(_request())
    return confirm_cancel_page(viewer, events.get(viewer.organizer, event_id, consistent=True))


@shared.page(editor_pages, "/organizer/events/{event_id}/cancel", methods=["POST"], content_types=FORM)
def cancel_event(event_id: str) -> Response:
    from ...application.organizer import events

    form = shared.posted_form(_request())
    events.cancel(shared.organizer(_request()), event_id)
    return shared.back_to(f"/organizer/events/{event_id}", _request(), form)


@shared.page(editor_pages, "/organizer/events/{event_id}/duplicate", methods=["POST"], content_types=FORM,
             one_field=True)  # the page with the button is another page: say what was wrong here
def duplicate_event(event_id: str) -> Response:
    """A new draft like this event, on a new date if one is given; on to its editor."""
    from ...application.organizer import events
    from ...web import forms

    form = shared.posted_form(_request())
    raw_date = forms.first(form, "new_date").strip()
    try:
        new_date = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        raise InvalidInput(fields={"new_date": Text("Enter a date like 2026-05-30.")}) from None
    copy = events.duplicate(shared.organizer(_request()), event_id, new_date)
    return shared.back_to(f"/organizer/events/{copy.event_id}/edit", _request(), form)


@shared.page(editor_pages, "/organizer/events/{event_id}/series", methods=["GET"])
def series_form(event_id: str) -> Response:
    from ...application.organizer import events
    from ...web.dashboard.editor import series_page

    request = _request()
    viewer, created = shared.viewer(request), (request.query_params or {}).get("created", "")
    event, planned = events.series_plan(viewer.organizer, event_id, "4", "week")
    return series_page(viewer, event, count="4", every="week", publish=False, planned=planned,
                       created=int(created) if created.isdigit() and len(created) < 3 else 0)


@shared.page(editor_pages, "/organizer/events/{event_id}/series", methods=["POST"], content_types=FORM)
def create_series(event_id: str) -> Response:
    """Preview the dates (nothing saved), or create the copies, all together."""
    from ...application.organizer import events
    from ...web import forms
    from ...web.dashboard.editor import series_page

    request = _request()
    form = shared.posted_form(request)
    viewer = shared.viewer(request, form)
    count, every = forms.first(form, "count").strip(), forms.first(form, "every")
    publish = forms.first(form, "publish") == "on"
    try:
        event, planned = events.series_plan(viewer.organizer, event_id, count, every)
        if forms.first(form, "action") != "create":
            return series_page(viewer, event, count=count, every=every, publish=publish, planned=planned)
        copies = events.create_series(viewer.organizer, event_id, count, every, publish=publish)
    except InvalidInput as error:
        event = events.get(viewer.organizer, event_id, consistent=True)
        return series_page(viewer, event, count=count, every=every, publish=publish, errors=error.fields, status=400)
    return shared.back_to(f"/organizer/events/{event_id}/series", request, form, created=str(len(copies)))
