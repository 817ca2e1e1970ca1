"""The two pages of an event's registrations: the event page (counts, filters, table, "add a
person") and one registration's page (everything held about it, and what an organizer can do).

Each turns what the application layer returned into what the templates show, in the page's
language; the routes in handlers/dashboard/registrations.py read the request and call them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from chalice import Response

from ...config import settings
from ...errors import Text
from ...events.views import organizer_view, public_view
from ...exports.filters import excel_delimiter
from ...i18n import N_, format_datetime, gettext
from ...records import Event, Registration
from ...vocabulary.kinds import several_sessions
from ...vocabulary.labels import STATUS_LABELS, email_kind_label, status_label
from ...vocabulary.statuses import PENDING, EventStatus, Status
from .. import pages, views
from .attendance import attendance_log, attendance_text
from .layout import Viewer, render

ACTION_LABELS = {"approve": Text("Approve"), "reject": Text("Reject"), "cancel": Text("Cancel registration")}
DESK_LABELS = {"name": N_("Name"), "email": N_("E-mail")}
DONE = {"added": N_("The person is registered. Their status: %(status)s."),
        "move": N_("Moved to the chosen sessions. No e-mail is sent about this: please tell the person."),
        "resend": N_("The e-mail is on its way again."),
        "approve": N_("Saved."), "reject": N_("Saved."), "cancel": N_("Saved."),
        "seat_added": N_("Approved. The event was full, so one seat was added for this person."),
        "certificate": N_("The certificate is issued and on its way by e-mail."),
        "revoke_certificate": N_("The certificate is revoked: its public page says so.")}
FILTER_ANCHORS = {"status": "f-status", "session": "filter-session", "checked_in": "f-checked-in", "q": "f-q",
                  "order": "f-order", "cursor": "registrations", "form": "add"}
ORDER_LABELS = {"name": N_("Name"), "signed_up": N_("Registered at")}
PAGE_ANCHORS = {"sessions": "f-session", "form": "actions", "resend": "resend", "certificate": "certificate"}


# Next to the CSV link: the file opens in the reader's Excel as it is (see exports.filters.excel_delimiter).
CSV_NOTES = {"semicolon": N_("UTF-8, separated by semicolons: opens as it is in Excel set to Polish or Ukrainian"),
             "comma": N_("UTF-8, separated by commas: opens as it is in Excel set to English")}


def registration_path(event_id: str, registration_id: str) -> str:
    return f"/organizer/events/{event_id}/registrations/{registration_id}"


def _actions(actions: tuple[str, ...], language: str) -> list[tuple[str, str]]:
    return [(action, views.say(language, ACTION_LABELS[action])) for action in actions]


def _desk_form(public: dict[str, Any], event: Event, language: str) -> dict[str, Any]:
    """The "add a person" form's pieces: sessions with seats left, every question optional."""
    return {"questions": [dict(q, required=False) for q in public["questions"]],
            "sessions": views.session_views(public, language, hide_full=False),
            "multiple_sessions": several_sessions(event.kind), "waitlist_choice": event.waitlist_enabled,
            "session_legend": views.session_legend(event.kind, language),
            "languages": [(code, pages.LANGUAGE_NAMES.get(code, code)) for code in event.languages
                          or settings().languages]}


def _share_links(event: Event) -> dict[str, str] | None:
    """What an organizer hands out for a published event: its public page and its calendar file."""
    if event.status != EventStatus.PUBLISHED:
        return None
    page = f"{settings().base_url}/events/{event.event_id}"
    return {"page": page, "calendar": page + ".ics"}


def event_page(viewer: Viewer, listing: Any, rows_actions: Any, *, filter_errors: dict[str, str] | None = None,
               errors: dict[str, str] | None = None, values: views.FormValues | None = None,
               just_published: bool = False, status: int = 200) -> Response:
    """The event page; `errors` and `values` re-show the "add a person" form after a refusal;
    `just_published` confirms the publishing above the links to share.

    `listing` is the application's Listing; `rows_actions(registration)` tells each row's actions.
    """
    language, event = viewer.language, listing.event
    view = organizer_view(event)
    public = public_view(event, language)
    titles = {s["id"]: s["title"] for s in public["sessions"]}
    rows = [{"id": r.registration_id, "name": r.name or "–", "email": r.email or "–",
             "url": pages.link(registration_path(event.event_id, r.registration_id), language),
             "cancel_url": pages.link(registration_path(event.event_id, r.registration_id), language,
                                      confirm="cancel") + "#confirm",
             "status_label": status_label(r.status, language),
             "sessions": ", ".join(titles.get(s, s) for s in r.sessions),
             "checked_in": bool(r.checked_in_at), "attendance": attendance_text(event, r),
             "created": views.short_datetime(r.created_at, event.timezone, language),
             "problem": r.delivery_problem or "", "messages_stopped": bool(r.messages_stopped_at),
             "actions": _actions(rows_actions(r), language)}
            for r in listing.found.items]  # in the list's order: by name, across every page, or by sign-up time
    keep = listing.filters.as_query()
    filter_errors = filter_errors or {}
    return render(
        viewer, "organizer/event.html", path=f"/organizer/events/{event.event_id}",
        status=max(status, 400 if filter_errors else 200), event={**view, "title": views.pick(view["title"], language)},
        when=views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
        session_counts=[{"title": titles.get(s["id"], s["id"]), Status.CONFIRMED.value: s[Status.CONFIRMED],
                         "capacity": s["capacity"]} for s in view["sessions"]],
        rows=rows, next=listing.found.next, exhausted=listing.found.exhausted, unsorted=listing.found.unsorted,
        orders=[(k, gettext(language, v)) for k, v in ORDER_LABELS.items()], filters=keep,
        filter_errors=filter_errors, statuses=[(k, gettext(language, v)) for k, v in STATUS_LABELS.items()],
        session_options=list(titles.items()), errors=errors or {}, values=values or views.FormValues(),
        summary_errors={**filter_errors, **(errors or {})},
        anchors={**views.anchors(event.questions), **FILTER_ANCHORS}, countries=views.CountryChoices(language),
        labels=views.QuestionLabels(public["questions"], language, DESK_LABELS),
        desk=_desk_form(public, event, language), desk_open=bool(errors), keep=keep,
        share=_share_links(event), just_published=just_published and event.status == EventStatus.PUBLISHED,
        csv_note=gettext(language, CSV_NOTES[excel_delimiter(language)]))


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _when(value: Any, event: Event, language: str, *, short: bool = False) -> str:
    moment = _moment(value)
    if moment is None:
        return str(value)
    return (views.short_datetime if short else format_datetime)(moment, event.timezone, language)


def _answers(event: Event, registration: Registration, language: str) -> list[tuple[str, str]]:
    """Each answer under its question's label in the page's language, in the form's order."""
    given = dict(registration.answers or {})
    shown = []
    for question in event.questions:
        if question["id"] in given:
            text = views.answer_text(question, given.pop(question["id"]), language)
            if text:
                shown.append((views.pick(question["label"], language), text))
    shown += [(key, str(value)) for key, value in given.items()]  # questions removed since
    return shown


def _emails(event: Event, registration: Registration, language: str) -> list[tuple[str, str]]:
    sent = sorted(registration.emails_sent.items(), key=lambda pair: str(pair[1]))
    return [(email_kind_label(key, language), _when(at, event, language, short=True)) for key, at in sent]


def _printable(event: Event, registration: Registration) -> dict[str, Any] | None:
    """For someone without an address: the manage link and check-in code to print and hand over."""
    from ... import auth
    from ...checkin import tokens

    if registration.email or registration.erased_at or not tokens.is_registration_id(registration.registration_id):
        return None
    code = tokens.checkin_code(event.event_id, registration.registration_id)
    token = auth.manage_token(event.event_id, registration.registration_id)
    return {"manage_url": f"{settings().base_url}/manage/{token}", "code": code, "qr": views.qr_drawing(code)}


def registration_page(viewer: Viewer, detail: Any, *, done: str = "", errors: dict[str, str] | None = None,
                      values: views.FormValues | None = None, status: int = 200, confirm: str = "") -> Response:
    """Everything held about one registration (the application's Detail), and the organizer's actions on it;
    `confirm="cancel"`: the question whether to cancel it, which e-mails the person and frees the seat."""
    language, event, registration = viewer.language, detail.event, detail.registration
    public = public_view(event, language)
    titles = {s["id"]: s["title"] for s in public["sessions"]}
    notice = gettext(language, DONE[done], status=status_label(registration.status, language)) if done in DONE else ""
    path = registration_path(event.event_id, registration.registration_id)
    return render(
        viewer, "organizer/registration.html", path=path, status=status,
        event={"id": event.event_id, "title": views.pick(event.title, language), "project": event.project},
        registration=registration, status_label=status_label(registration.status, language),
        seatless=registration.status in PENDING,
        language_name=pages.LANGUAGE_NAMES.get(registration.language, registration.language),
        sessions=[titles.get(s, s) for s in registration.sessions],
        answers=_answers(event, registration, language), emails=_emails(event, registration, language),
        created=_when(registration.created_at, event, language),
        consent_at=_when(registration.consent_at, event, language) if registration.consent_at else "",
        checked_in=_when(registration.checked_in_at, event, language) if registration.checked_in_at else "",
        messages_stopped=_when(registration.messages_stopped_at, event, language)
        if registration.messages_stopped_at else "",
        session_checkins=[(titles.get(s, s), _when(at, event, language))
                          for s, at in sorted(registration.checked_in_sessions.items())],
        attendance=attendance_text(event, registration), attendance_log=attendance_log(event, registration, language),
        suppressed=detail.suppression.reason if detail.suppression else "", printable=_printable(event, registration),
        actions=_actions(detail.actions, language), resendable=detail.resendable, movable=detail.movable,
        move_sessions=views.session_views(public, language, hide_full=False) if detail.movable else [],
        multiple_sessions=several_sessions(event.kind), session_legend=views.session_legend(event.kind, language),
        notice=notice, errors=errors or {}, anchors=PAGE_ANCHORS,
        confirm_cancel=confirm == "cancel" and "cancel" in detail.actions,
        waiting=bool(event.waiting or any(event.session_waiting.values())),
        labels=views.QuestionLabels([], language, {"resend": N_("Send the e-mail again")}),
        values=values or views.FormValues({"session": list(registration.sessions)}))
