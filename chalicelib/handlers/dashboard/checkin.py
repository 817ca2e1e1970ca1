"""Dashboard: the check-in page at the door, for the whole event or one of its sessions.

A typed code (or, with a camera, a scanned one, posted through the same form by the page's
script, which then scans on) or a person found by name is checked in through the same
application function as the JSON API; the result comes back on the page.
Everything but the camera works without JavaScript.
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ...errors import InvalidInput, Text
from . import shared
from .shared import FORM

checkin_pages = Blueprint(__name__)
PATH = "/organizer/events/{event_id}/checkin"


def _search(viewer: Any, event_id: str, q: str | None, cursor: str | None) -> tuple[Any, dict[str, Text]]:
    """The people a name search finds (or None without a search), and the search's field errors."""
    from ...application.organizer import checkin
    from ...checkin.service import SEARCH_LIMIT

    if not q:
        return None, {}
    try:
        _, found, next_cursor = checkin.search(viewer.organizer, event_id, q, cursor, SEARCH_LIMIT, viewer.language)
    except InvalidInput as error:
        return None, dict(error.fields)
    return (found, next_cursor), {}


@shared.page(checkin_pages, PATH, methods=["GET"], one_field=True)
def checkin_page(event_id: str) -> Response:
    """The door: choose the event or a session, type a code, scan one, or find someone by name."""
    from ...application.organizer import checkin
    from ...web.dashboard.checkin import door_page

    request = checkin_pages.current_request
    query = request.query_params or {}
    viewer = shared.viewer(request)
    door = checkin.door(viewer.organizer, event_id, query.get("session") or None)
    found, errors = _search(viewer, event_id, query.get("q"), query.get("cursor"))
    return door_page(viewer, door.event, door.session_id, q=query.get("q"), found=found, errors=errors)


@shared.page(checkin_pages, PATH, methods=["POST"], content_types=FORM, one_field=True)
def checkin_post(event_id: str) -> Response:
    """Check one person in (a code, or a registration picked from the search) and show the outcome.

    The answer is the page itself rather than a redirect: at the door every round trip counts,
    and posting the same code again only answers "already checked in".
    """
    from ...application.organizer import checkin
    from ...web import forms
    from ...web.dashboard.checkin import door_page, result_box

    request = checkin_pages.current_request
    form = shared.posted_form(request)
    viewer = shared.viewer(request, form)
    door = checkin.door(viewer.organizer, event_id, forms.first(form, "session") or None)
    q = forms.first(form, "q") or None
    scanning = forms.first(form, "scan") == "1"
    picked, typed = forms.first(form, "registration_id"), forms.first(form, "code")
    try:  # a person picked from the search, else the code typed or scanned
        value = checkin.read_code(None, picked) if picked else checkin.read_code(typed, None)
    except InvalidInput as error:
        typed = (picked or typed).strip()
        message = next(iter(error.fields.values())) if typed else Text("Type the code from the ticket.")
        return door_page(viewer, door.event, door.session_id, q=q, errors={"code": message},
                         code=typed[:checkin.MAX_INPUT], scanning=scanning)
    event, outcome = checkin.check_in(viewer.organizer, event_id, value, door.session_id)
    found, errors = _search(viewer, event_id, q, None)
    return door_page(viewer, event, door.session_id, q=q, found=found, errors=errors,
                     result=result_box(outcome, event, viewer.language), scanning=scanning)


SHEET = "/organizer/events/{event_id}/attendance"


@shared.page(checkin_pages, SHEET, methods=["GET"], one_field=True)
def sheet_page(event_id: str) -> Response:
    """The sign-in sheet of one session or day (?unit=), to tick who came, after the fact."""
    from ...application.organizer import attendance
    from ...web.dashboard.attendance import sheet_page as page

    request = checkin_pages.current_request
    query = request.query_params or {}
    viewer = shared.viewer(request)
    saved = (int(query["present"]), int(query["absent"])) if query.get("saved") == "1" and \
        query.get("present", "").isdigit() and query.get("absent", "").isdigit() else None
    return page(viewer, attendance.sheet_of(viewer.organizer, event_id, query.get("unit") or None), saved=saved)


@shared.page(checkin_pages, SHEET, methods=["POST"], content_types=FORM, one_field=True)
def sheet_post(event_id: str) -> Response:
    """Save the sheet as ticked, then back to it with what changed (303)."""
    from ...application.organizer import attendance
    from ...web import forms

    request = checkin_pages.current_request
    form = shared.posted_form(request)
    viewer = shared.viewer(request, form)
    unit = forms.first(form, "unit")
    result = attendance.save_sheet(viewer.organizer, event_id, unit, form.get("present", []))
    return shared.back_to(SHEET.format(event_id=event_id), request, form, unit=unit, saved="1",
                          present=str(result.marked_present), absent=str(result.marked_absent))
