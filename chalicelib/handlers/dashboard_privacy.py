"""Dashboard: data protection. Administrators find a person across every event by their address,
download everything stored about them (access) or erase it (erasure), and see the log of both.

The address travels only in POST bodies, never in a URL, so it stays out of browser history and
access logs.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalice import Blueprint, Response

from ..errors import InvalidInput, Text
from ..i18n import ngettext
from . import dashboard
from .authorizer import current_organizer
from .dashboard import FORM
from .http import after_commit

if TYPE_CHECKING:
    from ..privacy.subject import Person

dashboard_privacy = Blueprint(__name__)
PATH = "/organizer/privacy"
LOG_ZONE = "UTC"
ACTION_LABELS = {"search": Text("Search"), "download": Text("Download"), "erase": Text("Erasure")}
SUPPRESSION_REASONS = {"bounce": Text("Permanent bounce"), "complaint": Text("Complaint")}


def _request() -> Any:
    return dashboard_privacy.current_request


def _posted(request: Any) -> tuple[dict[str, list[str]], str, str]:
    """The checked form, the address it asks about, and the reader's language."""
    from ..web import forms

    form = dashboard.posted_form(request)
    return form, forms.first(form, "email")[:320], dashboard.language(request, form)


def _refused(language: str, email: str, error: InvalidInput) -> Response:
    """The search form again, saying what is wrong with the address."""
    from ..web import views

    return _page(language, email=email, errors=views.field_errors(error, language), status=400)


@dashboard.page(dashboard_privacy, PATH, methods=["GET"])
def privacy_page() -> Response:
    """The search form and the request log; after an erasure, how many registrations went."""
    from ..privacy import subject

    request = _request()
    subject.require_admin(current_organizer(request))
    erased = (request.query_params or {}).get("erased", "")
    language = dashboard.language(request)
    notice = ""
    if erased.isdigit() and len(erased) < 6:
        notice = ngettext(language, "%(n)d registration erased. Nothing more is found for that address.",
                          "%(n)d registrations erased. Nothing more is found for that address.", int(erased))
    return _page(language, notice=notice)


@dashboard.page(dashboard_privacy, PATH, methods=["POST"], content_types=FORM)
def find() -> Response:
    """Every registration of the address, in any event and project."""
    from ..privacy import subject

    request = _request()
    _, email, language = _posted(request)
    try:
        person = subject.find_person(current_organizer(request), email)
    except InvalidInput as error:
        return _refused(language, email, error)
    return _page(language, email=email, person=_person_view(person, language))


@dashboard.page(dashboard_privacy, f"{PATH}/download", methods=["POST"], content_types=FORM)
def download() -> Response:
    """Everything stored about the person as a JSON file (the answer to an access request)."""
    from ..privacy import subject

    request = _request()
    _, email, _ = _posted(request)
    report = subject.access_report(current_organizer(request), email)
    stamp = report["generated_at"][:10]
    body = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True)
    return Response(body=body, status_code=200, headers={
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": f'attachment; filename="personal-data-{stamp}.json"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


@dashboard.page(dashboard_privacy, f"{PATH}/erase", methods=["POST"], content_types=FORM)
def erase() -> Response:
    """First the confirmation (what will go); with `confirm=yes`, the erasure itself."""
    from ..privacy import subject
    from ..web import forms, pages

    request = _request()
    form, email, language = _posted(request)
    organizer = current_organizer(request)
    try:
        if forms.first(form, "confirm") != "yes":
            person = subject.find_person(organizer, email)
            return dashboard.render(request, "organizer/privacy_erase.html", language=language, path=PATH,
                                    email=email, person=_person_view(person, language))
        done = subject.erase_person(organizer, email)
    except InvalidInput as error:
        return _refused(language, email, error)
    after_commit(done.messages)  # the people who moved up from the waiting list hear it now
    return pages.redirect(pages.link(PATH, language, erased=str(done.registrations)))


def _page(language: str, *, email: str = "", person: dict[str, Any] | None = None, notice: str = "",
          errors: dict[str, str] | None = None, status: int = 200) -> Response:
    return dashboard.render(_request(), "organizer/privacy.html", language=language, path=PATH, status=status,
                            email=email, person=person, notice=notice, errors=errors or {},
                            log=_log_view(language))


def short_time(value: datetime | None, zone: str, language: str, *, time: bool = True) -> str:
    """A compact date (and time) for table cells, e.g. "22 lis 2026, 14:05", in the given timezone."""
    from babel.dates import format_date, format_time

    from ..i18n import babel_locale

    if value is None:
        return "–"
    try:
        local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        local = value.astimezone(UTC)
    day = format_date(local.date(), "medium", locale=babel_locale(language))
    return f"{day}, {format_time(local.replace(tzinfo=None), 'HH:mm', locale=babel_locale(language))}" if time \
        else day


def _person_view(person: Person, language: str) -> dict[str, Any]:
    """The rows of the result table, in the reader's words; times in each event's own timezone."""
    from ..web import views

    rows = []
    for found in person.found:
        registration, event = found.registration, found.event
        zone = event.timezone if event else LOG_ZONE
        rows.append({
            "event": views.pick(event.title.as_dict(), language) if event else registration.event_id,
            "event_id": registration.event_id,
            "when": short_time(event.starts_at, zone, language, time=False) if event else "–",
            "project": event.project if event else "–",
            "status": views.say(language, Text(views.STATUS_LABELS.get(registration.status, registration.status))),
            "registered": short_time(registration.created_at, zone, language),
            "consent_version": registration.consent_version or "–",
            "consent_at": short_time(registration.consent_at, zone, language)})
    record = person.suppression
    suppressed = None
    if record is not None:
        reason = SUPPRESSION_REASONS.get(record.reason)
        suppressed = {"reason": views.say(language, reason) if reason else record.reason,
                      "since": short_time(record.at, LOG_ZONE, language) + "\u00a0UTC"}
    return {"rows": rows, "count": len(rows), "suppressed": suppressed}


def _log_view(language: str) -> list[dict[str, Any]]:
    from ..privacy import subject
    from ..store import audit
    from ..web import views

    return [{"at": short_time(entry.at, LOG_ZONE, language) + "\u00a0UTC", "who": entry.organizer_email,
             "action": views.say(language, ACTION_LABELS.get(entry.action, Text(entry.action))),
             "registrations": int(entry.registrations or 0)}
            for entry in audit.recent_admin_actions(subject.AREA, limit=20)]
