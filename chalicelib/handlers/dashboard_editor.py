"""Dashboard: the event editor (new and edit), and the actions on a whole event — publish, cancel
(after a confirmation page), duplicate, and a series of copies.

Every save goes through the API's validation (events/spec.py) and the same domain functions as
the API, so an edit here has the same consequences as a PATCH there.
"""
from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from ..auth import Organizer
from ..config import settings
from ..errors import DomainError, InvalidInput, InvalidTransition, Text
from ..i18n import N_
from . import dashboard
from .authorizer import current_organizer
from .dashboard import FORM
from .http import after_commit

if TYPE_CHECKING:
    from ..store.models import EventItem
    from ..web.event_form import EditorForm

dashboard_editor = Blueprint(__name__)
TYPE_LABELS = {"text": N_("Short text"), "textarea": N_("Long text"), "choice": N_("One choice from a list"),
               "multichoice": N_("Several choices from a list"), "checkbox": N_("A box to tick (yes or no)"),
               "email": N_("E-mail address"), "phone": N_("Phone number"), "country": N_("Country"),
               "date": N_("Date")}
EVERY_LABELS = {"week": N_("every week"), "2weeks": N_("every 2 weeks"),
                "month": N_("every month, on the same weekday of the same week")}
ROW_ACTIONS = ("add_question", "add_session", "add_slots")


def _request() -> Any:
    return dashboard_editor.current_request


def _organizer() -> Organizer:
    return current_organizer(_request())


def _event(event_id: str) -> EventItem:
    return dashboard.event(_request(), event_id, consistent=True)


def _posted_editor() -> dict[str, list[str]]:
    """The editor's post, once origin and CSRF are checked (it may be larger than other forms)."""
    from ..web import event_form

    request = _request()
    return dashboard.checked_form(request, event_form.parse_editor_form(request.raw_body))


@cache
def _timezones() -> tuple[str, ...]:
    from zoneinfo import available_timezones

    return ("UTC", *sorted(z for z in available_timezones() if z.startswith("Europe/")))


def _editor_page(editor: EditorForm, language: str, *, item: EventItem | None = None,
                 errors: dict[str, Text] | None = None, status: int = 200) -> Response:
    from ..emails.render import event_kind_label
    from ..events.spec import KINDS, QUESTION_TYPES
    from ..web import event_form_errors, views

    errors = errors or {}
    organizer = _organizer()
    path = f"/organizer/events/{item.event_id}/edit" if item else "/organizer/events/new"
    return dashboard.render(
        _request(), "organizer/edit.html", path=path, status=status, language=language, form=editor,
        item=item and {"id": item.event_id, "status": item.status, "codes": len(item.invite_code_hashes),
                       "title": views.pick(item.title.as_dict(), language)},
        errors={key: views.say(language, message) for key, message in errors.items()},
        summary=event_form_errors.summary(errors, editor.languages, language),
        kinds=[(k, event_kind_label(k, language)) for k in KINDS],
        types=[(t, views.say(language, Text(TYPE_LABELS[t]))) for t in QUESTION_TYPES],
        projects=[p for p in organizer.projects if p != "*"], timezones=_timezones(),
        project_choices=[(p, p) for p in organizer.projects if p != "*"])


@dashboard.page(dashboard_editor, "/organizer/events/new", methods=["GET"])
def new_event() -> Response:
    from ..web import event_form

    organizer, cfg = _organizer(), settings()
    projects = [p for p in organizer.projects if p != "*"]
    editor = event_form.blank_form(cfg.languages, project=projects[0] if projects else "",
                                   retention_days=cfg.retention_days_default)
    return _editor_page(editor, dashboard.language(_request()))


@dashboard.page(dashboard_editor, "/organizer/events/new", methods=["POST"], content_types=FORM)
def create_event() -> Response:
    return _submit(None)


@dashboard.page(dashboard_editor, "/organizer/events/{event_id}/edit", methods=["GET"])
def edit_event(event_id: str) -> Response:
    from ..events import service as events
    from ..web import event_form

    language = dashboard.language(_request())
    item = _event(event_id)
    _refuse_cancelled(item)
    editor = event_form.form_from_event(events.organizer_view(item), settings().languages, language)
    return _editor_page(editor, language, item=item)


@dashboard.page(dashboard_editor, "/organizer/events/{event_id}/edit", methods=["POST"], content_types=FORM)
def save_event(event_id: str) -> Response:
    return _submit(event_id)


def _refuse_cancelled(item: EventItem) -> None:
    if item.status == "cancelled":
        raise InvalidTransition(Text("A cancelled event cannot be changed."))


def _submit(event_id: str | None) -> Response:
    """Add a row, generate slots, or save: rows are added without saving; a save is all or nothing."""
    from ..events import editing
    from ..events import service as events
    from ..events.spec import read_event_fields
    from ..web import event_form, event_form_errors, forms

    form = _posted_editor()
    item = _event(event_id) if event_id else None
    if item:
        _refuse_cancelled(item)
    language = dashboard.language(_request(), form)
    editor = event_form.form_from_post(form, settings().languages)
    action = forms.first(form, "action")
    if action in ROW_ACTIONS:
        return _add_rows(editor, action, language, item)
    editor.prepare_for_save()
    data, form_errors = event_form.event_data(editor, creating=item is None)
    if form_errors:  # still show everything else the API would refuse, all at once
        try:
            read_event_fields(data, editor.languages, creating=item is None)
        except InvalidInput as error:
            form_errors = event_form_errors.merge(form_errors, error.fields)
        return _editor_page(editor, language, item=item, errors=form_errors, status=400)
    messages: tuple = ()
    try:
        if item is None:
            saved = events.create_event(_organizer(), data)
        else:
            changed = editing.edit_event(_organizer(), item.event_id, data)
            saved, messages = changed.event, changed.messages
    except DomainError as error:
        if not error.fields:
            raise
        return _editor_page(editor, language, item=item, errors=event_form_errors.merge({}, error.fields),
                            status=error.status)
    after_commit(messages)
    return dashboard.back_to(f"/organizer/events/{saved.event_id}", _request(), form)


def _add_rows(editor: EditorForm, action: str, language: str, item: EventItem | None) -> Response:
    """One more empty question or session, or the generated slots: shown, not saved."""
    from ..events import slots
    from ..events.spec import MAX_QUESTIONS, MAX_SESSIONS, valid_timezone

    errors: dict[str, Text] = {}
    if action == "add_question" and len(editor.questions) < MAX_QUESTIONS:
        editor.add_question()
    elif action == "add_session" and len(editor.sessions) < MAX_SESSIONS:
        editor.add_session()
    elif action == "add_slots":
        try:
            plan = slots.read_slot_plan(editor.slots, room=MAX_SESSIONS - len(editor.sessions))
            if not valid_timezone(editor.zone):
                raise InvalidInput(fields={"timezone": Text("Enter a time zone like Europe/Warsaw.")})
            editor.append_slots(slots.make_slots(plan, editor.zone, {s.get("id", "") for s in editor.sessions}))
        except InvalidInput as error:
            errors = dict(error.fields)
    return _editor_page(editor, language, item=item, errors=errors, status=400 if errors else 200)


@dashboard.page(dashboard_editor, "/organizer/events/{event_id}/publish", methods=["POST"], content_types=FORM)
def publish_event(event_id: str) -> Response:
    from ..events import service as events

    form = dashboard.posted_form(_request())
    events.publish_event(_organizer(), event_id)
    return dashboard.back_to(f"/organizer/events/{event_id}", _request(), form)


@dashboard.page(dashboard_editor, "/organizer/events/{event_id}/cancel", methods=["GET"])
def confirm_cancel(event_id: str) -> Response:
    """Cancelling e-mails everyone registered, so it is asked once more, with the numbers."""
    from ..events import service as events
    from ..web import views

    language = dashboard.language(_request())
    view = events.organizer_view(_event(event_id))
    return dashboard.render(_request(), "organizer/confirm_cancel.html", path=f"/organizer/events/{event_id}/cancel",
                            language=language, event={**view, "title": views.pick(view["title"], language)},
                            when=views.when(view["starts_at"], view["ends_at"], view["timezone"], language))


@dashboard.page(dashboard_editor, "/organizer/events/{event_id}/cancel", methods=["POST"], content_types=FORM)
def cancel_event(event_id: str) -> Response:
    from ..events import editing

    form = dashboard.posted_form(_request())
    changed = editing.cancel_event(_organizer(), event_id)
    after_commit(changed.messages)
    return dashboard.back_to(f"/organizer/events/{event_id}", _request(), form)


@dashboard.page(dashboard_editor, "/organizer/events/{event_id}/duplicate", methods=["POST"], content_types=FORM,
                one_field=True)  # the page with the button is another page: say what was wrong here
def duplicate_event(event_id: str) -> Response:
    """A new draft like this event, on a new date if one is given; on to its editor."""
    from ..events import series
    from ..web import forms

    form = dashboard.posted_form(_request())
    raw_date = forms.first(form, "new_date").strip()
    try:
        new_date = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        raise InvalidInput(fields={"new_date": Text("Enter a date like 2026-05-30.")}) from None
    copy = series.duplicate(_organizer(), event_id, new_date)
    return dashboard.back_to(f"/organizer/events/{copy.event_id}/edit", _request(), form)


def _series_page(item: EventItem, language: str, *, count: str, every: str, publish: bool,
                 errors: dict[str, Text] | None = None, preview: list[str] | None = None, created: int = 0,
                 status: int = 200) -> Response:
    from ..events import series
    from ..events import service as events
    from ..i18n import format_datetime_range
    from ..web import views

    errors = errors or {}
    view = events.organizer_view(item)
    if preview is None and not errors:
        number, rhythm = series.read_series(count, every)
        preview = [format_datetime_range(starts, ends, item.timezone, language)
                   for starts, ends in series.planned_times(item, number, rhythm)]
    return dashboard.render(
        _request(), "organizer/series.html", path=f"/organizer/events/{item.event_id}/series", status=status,
        language=language, event={**view, "title": views.pick(view["title"], language)},
        count=count, every=every, publish=publish, preview=preview or [], created=created,
        errors={key: views.say(language, message) for key, message in errors.items()},
        summary=[{"anchor": f"f-{key}", "label": views.say(language, Text(SERIES_LABELS.get(key, key))),
                  "message": views.say(language, message)} for key, message in errors.items()],
        rhythms=[(key, views.say(language, Text(label))) for key, label in EVERY_LABELS.items()],
        min_dates=series.MIN_DATES, max_dates=series.MAX_DATES)


SERIES_LABELS = {"count": N_("How many dates in all, this one included"), "every": N_("How often")}


@dashboard.page(dashboard_editor, "/organizer/events/{event_id}/series", methods=["GET"])
def series_form(event_id: str) -> Response:
    request = _request()
    language, query = dashboard.language(request), request.query_params or {}
    item = _event(event_id)
    created = query.get("created", "")
    return _series_page(item, language, count="4", every="week", publish=False,
                        created=int(created) if created.isdigit() and len(created) < 3 else 0)


@dashboard.page(dashboard_editor, "/organizer/events/{event_id}/series", methods=["POST"], content_types=FORM)
def create_series(event_id: str) -> Response:
    """Preview the dates (nothing saved), or create the copies, all together."""
    from ..events import series
    from ..web import forms, pages

    request = _request()
    form = dashboard.posted_form(request)
    item = _event(event_id)
    language = dashboard.language(request, form)
    count, every = forms.first(form, "count").strip(), forms.first(form, "every")
    publish = forms.first(form, "publish") == "on"
    try:
        series.read_series(count, every)
        if forms.first(form, "action") != "create":
            return _series_page(item, language, count=count, every=every, publish=publish)
        copies = series.create_series(_organizer(), event_id, count, every, publish=publish)
    except InvalidInput as error:
        return _series_page(item, language, count=count, every=every, publish=publish, errors=error.fields,
                            status=400)
    return pages.redirect(pages.link(f"/organizer/events/{event_id}/series", language, created=str(len(copies))))
