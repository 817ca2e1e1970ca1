"""The public pages of events: the board, its calendar and RSS feeds, an event with its form, the page
after signing up, and the statements (privacy, accessibility)."""
from __future__ import annotations

from chalice import Blueprint, Response

from ...errors import InvalidInput, SessionFull
from ..http import source_address
from .door import FORM, language, page_route

public_pages = Blueprint(__name__)


def _language(form: dict[str, list[str]] | None = None) -> str:
    return language(public_pages, form)


@page_route(public_pages, "/", methods=["GET"])
def home() -> Response:
    from ...web import pages

    return pages.redirect(pages.link("/events", _language()))


@page_route(public_pages, "/events", methods=["GET"])
def board() -> Response:
    from ...application.participant import events
    from ...web.public import board_page

    query = public_pages.current_request.query_params or {}
    return board_page(events.board(query.get("cursor"), 50), _language(), query.get("kind", ""),
                      query.get("language", ""))


@page_route(public_pages, "/events.ics", methods=["GET"])
def feed() -> Response:
    from ...application.participant import events
    from ...web.public import calendar_feed_response

    return calendar_feed_response(events.board(None, 200), _language())


@page_route(public_pages, "/events.rss", methods=["GET"])
def news() -> Response:
    """The board as RSS 2.0, in the reader's language (?lang=)."""
    from ...application.participant import events
    from ...web.feeds import board_feed_response

    return board_feed_response(events.board(None, 200), _language())


@page_route(public_pages, "/events/{event_id}", methods=["GET"])
def event(event_id: str) -> Response:
    from ...application.participant import events
    from ...web.public import event_calendar_response, event_page

    if event_id.endswith(".ics"):
        return event_calendar_response(events.event(event_id[:-4]), _language())
    return event_page(events.event(event_id), _language())


@page_route(public_pages, "/events/{event_id}", methods=["POST"], content_types=FORM)
def register(event_id: str) -> Response:
    """The form: signed up through the same rules as the API; a refusal shows the form again."""
    from ...application.participant import events
    from ...application.participant.sign_up import sign_up
    from ...web import forms, pages, views
    from ...web.public import event_page

    request = public_pages.current_request
    form = forms.parse_form(request.raw_body)
    reader = _language(form)
    try:
        outcome = sign_up(event_id, forms.registration_data(events.event_for_sign_up(event_id), form, reader),
                          source=source_address(request), form=True)
    except (InvalidInput, SessionFull) as error:  # shown with the current definition: it may be newer
        return event_page(events.event(event_id), reader, errors=views.field_errors(error, reader),
                          values=views.FormValues(form), status=error.status,
                          taken=tuple(getattr(error, "session_ids", ())))
    return pages.redirect(pages.link(f"/events/{event_id}/registered", reader, status=outcome.status))


@page_route(public_pages, "/events/{event_id}/registered", methods=["GET"])
def registered(event_id: str) -> Response:
    from ...application.participant import events
    from ...web.public import status_page

    status = (public_pages.current_request.query_params or {}).get("status", "")
    return status_page(events.event(event_id), _language(), status)


@page_route(public_pages, "/privacy", methods=["GET"])
def privacy() -> Response:
    """The site's privacy notice, or a project's (?project=<id>)."""
    from ...application.participant import notices
    from ...web.notices.privacy import privacy_page

    project = (public_pages.current_request.query_params or {}).get("project", "")
    return privacy_page(notices.directory(), project, _language())


@page_route(public_pages, "/accessibility", methods=["GET"])
def accessibility() -> Response:
    from ...application.participant import notices
    from ...web.notices.accessibility import accessibility_page

    return accessibility_page(notices.directory(), _language())


@page_route(public_pages, "/certificates/{number}", methods=["GET"])
def certificate(number: str) -> Response:
    """Whether a certificate of attendance is genuine: what its QR code and printed address open."""
    from ...application.participant.certificates import verify
    from ...web.certificates import verification_page

    return verification_page(verify(number), _language())
