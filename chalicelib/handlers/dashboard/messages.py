"""Dashboard: write to an event's participants, chosen by status — the same action as the API's
POST /api/organizer/events/{id}/messages."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ...errors import InvalidInput, InvalidTransition
from . import shared
from .shared import FORM

message_pages = Blueprint(__name__)
PATH = "/organizer/events/{event_id}/message"


def _request() -> Any:
    return message_pages.current_request


@shared.page(message_pages, PATH, methods=["GET"])
def message_form(event_id: str) -> Response:
    """The form; after sending (`?sent=N&left_out=M`) it says how many e-mails are on their way, and how
    many people were left out because they stopped the event's organizer messages."""
    from ...application.organizer import events
    from ...web.dashboard.messages import message_page

    request = _request()
    query = request.query_params or {}
    viewer, sent, left_out = shared.viewer(request), query.get("sent", ""), query.get("left_out", "")
    return message_page(viewer, events.get(viewer.organizer, event_id),
                        sent=int(sent) if sent.isdigit() and len(sent) < 7 else None,
                        left_out=int(left_out) if left_out.isdigit() and len(left_out) < 7 else 0)


@shared.page(message_pages, PATH, methods=["POST"], content_types=FORM)
def send_message(event_id: str) -> Response:
    from ...application.organizer import events
    from ...application.organizer.messages import message_registrants
    from ...vocabulary.statuses import Status
    from ...web import forms, views
    from ...web.dashboard.messages import message_page

    request = _request()
    form = shared.posted_form(request)
    viewer = shared.viewer(request, form)
    data = {"subject": forms.first(form, "subject"), "body": forms.first(form, "body"),
            "to": forms.first(form, "to") or Status.CONFIRMED.value}
    try:
        sent = message_registrants(viewer.organizer, event_id, data)
    except (InvalidInput, InvalidTransition) as error:  # a cancelled event's refusal is a 409, said on the form
        return message_page(viewer, events.get(viewer.organizer, event_id), errors=views.field_errors(
            error, viewer.language) or {"form": views.say(viewer.language, error.message)},
            values=views.FormValues(form), status=error.status)
    left_out = {"left_out": str(sent.left_out)} if sent.left_out else {}
    return shared.back_to(f"/organizer/events/{event_id}/message", request, form, sent=str(len(sent.messages)),
                          **left_out)
