"""The two pages of an event's registrations: the event page (counts, filters, table, "add a
person") and one registration's page (everything held about it, and what an organizer can do).

Each function turns domain items into what the templates show, in the page's language; the
routes in dashboard_registrations.py read the request and call them.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalice import Response

from ..config import settings
from ..errors import DomainError, Text
from ..i18n import N_, format_datetime, gettext
from . import dashboard

if TYPE_CHECKING:
    from ..store.models import EventItem, RegistrationItem
    from ..web.views import FormValues

ACTIONS = {"pending_approval": ("approve", "reject"), "waitlisted": ("approve_waitlisted", "reject"),
           "confirmed": ("cancel",), "pending_email": ("cancel",)}
ACTION_LABELS = {"approve": Text("Approve"), "reject": Text("Reject"), "cancel": Text("Cancel registration")}
DESK_LABELS = {"name": N_("Name"), "email": N_("E-mail")}
DONE = {"added": N_("The person is registered. Their status: %(status)s."),
        "move": N_("Moved to the chosen sessions. No e-mail is sent about this: please tell the person."),
        "resend": N_("The e-mail is on its way again."),
        "approve": N_("Saved."), "approve_waitlisted": N_("Saved."), "reject": N_("Saved."), "cancel": N_("Saved.")}
FILTER_ANCHORS = {"status": "f-status", "session": "filter-session", "checked_in": "f-checked-in", "q": "f-q",
                  "cursor": "registrations", "form": "add"}
PAGE_ANCHORS = {"sessions": "f-session", "form": "actions", "resend": "resend"}


def registration_path(event_id: str, registration_id: str) -> str:
    return f"/organizer/events/{event_id}/registrations/{registration_id}"


def _status_label(status: str, language: str) -> str:
    from ..web import views

    return gettext(language, views.STATUS_LABELS.get(status, status))


def _actions(registration: RegistrationItem, language: str) -> list[tuple[str, str]]:
    from ..web import views

    if registration.erased_at:
        return []
    return [(action, views.say(language, ACTION_LABELS[action.replace("_waitlisted", "")]))
            for action in ACTIONS.get(registration.status, ())]


def _desk_form(public: dict[str, Any], event: EventItem, language: str) -> dict[str, Any]:
    """The "add a person" form's pieces: sessions with seats left, every question optional."""
    from ..web import pages, views

    return {"questions": [dict(q, required=False) for q in public["questions"]],
            "sessions": views.session_views(public, language, hide_full=False),
            "multiple_sessions": event.kind == "conference",
            "session_legend": views.session_legend(event.kind, language),
            "languages": [(code, pages.LANGUAGE_NAMES.get(code, code)) for code in event.languages
                          or settings().languages]}


def event_page(request: Any, item: EventItem, language: str, query: dict[str, str], *,
               errors: dict[str, str] | None = None, values: FormValues | None = None,
               status: int = 200) -> Response:
    """The event page; `errors` and `values` re-show the "add a person" form after a refusal."""
    from ..events import service as events
    from ..registration import listing
    from ..web import pages, views

    view = events.organizer_view(item)
    public = events.public_view(item, language)
    filter_errors: dict[str, str] = {}
    try:
        filters = listing.read_filters(item, query)
        found = listing.find(item, filters, query.get("cursor") or None)
    except DomainError as error:
        filter_errors = views.field_errors(error, language)
        filters = listing.Filters()
        found = listing.find(item, filters, None)
        status = max(status, 400)
    titles = {s["id"]: s["title"] for s in public["sessions"]}
    rows = [{"id": r.registration_id, "name": r.name or "–", "email": r.email or "–",
             "url": pages.link(registration_path(item.event_id, r.registration_id), language),
             "status_label": _status_label(r.status, language),
             "sessions": ", ".join(titles.get(s, s) for s in r.sessions),
             "checked_in": bool(r.checked_in_at),
             "created": views.short_datetime(r.created_at, item.timezone, language),
             "problem": r.delivery_problem or "", "actions": _actions(r, language)} for r in found.items]
    keep = filters.as_query()
    return dashboard.render(
        request, "organizer/event.html", language=language, path=f"/organizer/events/{item.event_id}",
        status=status, event={**view, "title": views.pick(view["title"], language)},
        when=views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
        session_counts=[{"title": titles.get(s["id"], s["id"]), "confirmed": s["confirmed"],
                         "capacity": s["capacity"]} for s in view["sessions"]],
        rows=rows, next=found.next, exhausted=found.exhausted, filters=keep, filter_errors=filter_errors,
        statuses=[(k, gettext(language, v)) for k, v in views.STATUS_LABELS.items()],
        session_options=list(titles.items()), errors=errors or {}, values=values or views.FormValues(),
        summary_errors={**filter_errors, **(errors or {})}, anchors={**views.anchors(item.questions), **FILTER_ANCHORS},
        countries=views.countries(language),
        labels=views.QuestionLabels(public["questions"], language, DESK_LABELS),
        desk=_desk_form(public, item, language), desk_open=bool(errors), keep=keep)


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _when(value: Any, item: EventItem, language: str, *, short: bool = False) -> str:
    from ..web import views

    moment = _moment(value)
    if moment is None:
        return str(value)
    return (views.short_datetime if short else format_datetime)(moment, item.timezone, language)


def _answers(item: EventItem, registration: RegistrationItem, language: str) -> list[tuple[str, str]]:
    """Each answer under its question's label in the page's language, in the form's order."""
    from ..web import views

    given = dict(registration.answers or {})
    shown = []
    for question in item.questions:
        if question["id"] in given:
            text = views.answer_text(question, given.pop(question["id"]), language)
            if text:
                shown.append((views.pick(question["label"], language), text))
    shown += [(key, str(value)) for key, value in given.items()]  # questions removed since
    return shown


def _emails(item: EventItem, registration: RegistrationItem, language: str) -> list[tuple[str, str]]:
    from ..web import views

    sent = sorted(registration.emails_sent.as_dict().items(), key=lambda pair: str(pair[1]))
    return [(views.email_kind_label(key, language), _when(at, item, language, short=True)) for key, at in sent]


def _printable(item: EventItem, registration: RegistrationItem) -> dict[str, Any] | None:
    """For someone without an address: the manage link and check-in code to print and hand over."""
    from .. import auth
    from ..checkin import tokens
    from ..web import views

    if registration.email or registration.erased_at or not tokens.is_registration_id(registration.registration_id):
        return None
    code = tokens.checkin_code(item.event_id, registration.registration_id)
    token = auth.manage_token(item.event_id, registration.registration_id)
    return {"manage_url": f"{settings().base_url}/manage/{token}", "code": code, "qr": views.qr_drawing(code)}


def registration_page(request: Any, item: EventItem, registration: RegistrationItem, language: str, *,
                      done: str = "", errors: dict[str, str] | None = None,
                      values: FormValues | None = None, status: int = 200) -> Response:
    """Everything held about one registration, and the organizer's actions on it."""
    from ..events import service as events
    from ..registration.changes import CHANGEABLE
    from ..registration.resend import can_resend
    from ..store import suppression
    from ..web import pages, views

    public = events.public_view(item, language)
    titles = {s["id"]: s["title"] for s in public["sessions"]}
    blocked = suppression.suppression_of(registration.email_hash)
    checked_sessions = dict(registration.checked_in_sessions.as_dict())
    notice = ""
    if done in DONE:
        notice = gettext(language, DONE[done], status=_status_label(registration.status, language))
    movable = bool(item.sessions) and registration.status in CHANGEABLE and not registration.erased_at
    path = registration_path(item.event_id, registration.registration_id)
    return dashboard.render(
        request, "organizer/registration.html", language=language, path=path, status=status,
        event={"id": item.event_id, "title": views.pick(item.title.as_dict(), language)},
        registration=registration, status_label=_status_label(registration.status, language),
        language_name=pages.LANGUAGE_NAMES.get(registration.language, registration.language),
        sessions=[titles.get(s, s) for s in registration.sessions],
        answers=_answers(item, registration, language), emails=_emails(item, registration, language),
        created=_when(registration.created_at, item, language),
        consent_at=_when(registration.consent_at, item, language) if registration.consent_at else "",
        checked_in=_when(registration.checked_in_at, item, language) if registration.checked_in_at else "",
        session_checkins=[(titles.get(s, s), _when(at, item, language)) for s, at in sorted(checked_sessions.items())],
        suppressed=blocked.reason if blocked else "", printable=_printable(item, registration),
        actions=_actions(registration, language), resendable=can_resend(registration, blocked is not None),
        movable=movable, move_sessions=views.session_views(public, language, hide_full=False) if movable else [],
        multiple_sessions=item.kind == "conference", session_legend=views.session_legend(item.kind, language),
        notice=notice, errors=errors or {}, anchors=PAGE_ANCHORS,
        labels=views.QuestionLabels([], language, {"resend": N_("Send the e-mail again")}),
        values=values or views.FormValues({"session": list(registration.sessions)}))
