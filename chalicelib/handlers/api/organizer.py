"""Organizer JSON API: events, their registrations and messages. Every route sits behind the
bearer-token authorizer; an organizer reaches only their projects' events."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ...auth import Organizer
from ..authorizer import current_organizer, organizer_auth
from ..http import JSON_TYPES, api_route, json_body, json_response, query_limit, request_language

organizer_api = Blueprint(__name__)
EVENT = "/api/organizer/events/{event_id}"


def _guarded(path: str, **options: Any):
    return api_route(organizer_api, path, authorizer=organizer_auth, **options)


def _organizer() -> Organizer:
    return current_organizer(organizer_api.current_request)


def _event(event: Any) -> Response:
    from ...events.views import organizer_view

    return json_response(organizer_view(event))


@_guarded("/api/organizer/events", methods=["POST"], content_types=JSON_TYPES)
def create_event() -> Response:
    from ...application.organizer import events
    from ...events.views import organizer_view

    return json_response(organizer_view(events.create(_organizer(), json_body(organizer_api.current_request))), 201)


@_guarded("/api/organizer/events", methods=["GET"])
def list_events() -> Response:
    from ...application.organizer import events
    from ...events.views import organizer_view

    request = organizer_api.current_request
    query = request.query_params or {}
    page = events.list_events(_organizer(), query.get("project"), query.get("cursor"), query_limit(request))
    return json_response({"items": [organizer_view(e) for e in page.items], "next": page.next})


@_guarded(EVENT, methods=["GET"])
def get_event(event_id: str) -> Response:
    from ...application.organizer import events

    return _event(events.get(_organizer(), event_id))


@_guarded(EVENT, methods=["PATCH"], content_types=JSON_TYPES)
def update_event(event_id: str) -> Response:
    from ...application.organizer import events

    return _event(events.edit(_organizer(), event_id, json_body(organizer_api.current_request)).event)


@_guarded(EVENT + "/publish", methods=["POST"])
def publish_event(event_id: str) -> Response:
    from ...application.organizer import events

    return _event(events.publish(_organizer(), event_id))


@_guarded(EVENT + "/cancel", methods=["POST"])
def cancel_event(event_id: str) -> Response:
    from ...application.organizer import events

    return _event(events.cancel(_organizer(), event_id).event)


@_guarded(EVENT + "/messages", methods=["POST"], content_types=JSON_TYPES)
def message_registrants(event_id: str) -> Response:
    """E-mail registrants filtered by status: {subject, body, to: [confirmed|waitlisted|pending|checked_in|all]};
    `left_out`: those who stopped the event's organizer messages."""
    from ...application.organizer.messages import message_registrants as send

    sent = send(_organizer(), event_id, json_body(organizer_api.current_request))
    return json_response({"queued": len(sent.messages), "left_out": sent.left_out}, 202)


@_guarded(EVENT + "/registrations", methods=["GET"])
def list_registrations(event_id: str) -> Response:
    """The event's registrations, filtered like the dashboard's table: ?status=&session=&checked_in=&q=;
    ?order=name lists them in the alphabet of the request's language (by sign-up time without it)."""
    from ...application.organizer import registrations
    from ...registration.views import organizer_view as registration_view

    request = organizer_api.current_request
    listing = registrations.list_registrations(_organizer(), event_id, request.query_params or {},
                                               limit=query_limit(request), language=request_language(request))
    return json_response({"items": [registration_view(r, listing.suppressed.get(r.email_hash or ""),
                                                       event=listing.event)
                                    for r in listing.found.items], "next": listing.found.next})


@_guarded(EVENT + "/registrations/{registration_id}/approve", methods=["POST"])
def approve_registration(event_id: str, registration_id: str) -> Response:
    """Accept an applicant, or give the chosen person on the waiting list the free seat."""
    from ...application.organizer import registrations

    outcome = registrations.approve(_organizer(), event_id, registration_id)
    return json_response({"id": registration_id, "status": outcome.status})


@_guarded(EVENT + "/registrations/{registration_id}/reject", methods=["POST"])
def reject_registration(event_id: str, registration_id: str) -> Response:
    from ...application.organizer import registrations

    outcome = registrations.reject(_organizer(), event_id, registration_id)
    return json_response({"id": registration_id, "status": outcome.status})


@_guarded("/api/organizer/reports", methods=["GET"])
def project_report() -> Response:
    """?project=&from=&to= -> the project's funder report for the period, exact, with its events."""
    from ...application.organizer import reports
    from ...reports.views import report_view

    query = organizer_api.current_request.query_params or {}
    report = reports.report(_organizer(), query.get("project"), reports.period(query.get("from"), query.get("to")))
    return json_response(report_view(report))


@_guarded(EVENT + "/survey", methods=["GET"])
def survey_results(event_id: str) -> Response:
    """The survey's results: answered and invited, and the figures from the fifth answer on."""
    from ...application.organizer import surveys
    from ...surveys.results import json_view

    event, results = surveys.event_results(_organizer(), event_id)
    return json_response({"id": event.event_id, **json_view(results)})
