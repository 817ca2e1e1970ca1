"""Organizer JSON API for the door: check people in (scanned or typed code, or a registration found
by name) for the event or one of its sessions, and search confirmed people by name."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ...errors import InvalidInput
from ..authorizer import current_organizer, organizer_auth
from ..http import ANY_POST, JSON_TYPES, api_route, json_body, json_response, query_limit, request_language

checkin_api = Blueprint(__name__)


def _guarded(path: str, **options: Any):
    return api_route(checkin_api, path, authorizer=organizer_auth, **options)


@_guarded("/api/organizer/events/{event_id}/checkin", methods=["POST"], content_types=JSON_TYPES)
def check_in(event_id: str) -> Response:
    """{code} or {registration_id}, optional {session} -> the outcome (200 for every outcome)."""
    from ...application.organizer import checkin
    from ...checkin.service import message
    from ...checkin.views import result_view

    request = checkin_api.current_request
    body = json_body(request)
    if not isinstance(body, dict):
        raise InvalidInput()
    organizer = current_organizer(request)
    checkin.door(organizer, event_id, body.get("session"))  # an unknown event before a bad code
    value = checkin.read_code(body.get("code"), body.get("registration_id"))
    event, outcome = checkin.check_in(organizer, event_id, value, body.get("session"))
    return json_response(result_view(outcome, message(outcome, event, request_language(request))))


@_guarded("/api/organizer/events/{event_id}/checkin/search", methods=["GET"])
def search(event_id: str) -> Response:
    """?q=<part of a name>[&cursor=][&limit=1..20] -> confirmed people whose name matches, in the
    alphabet of the request's language."""
    from ...application.organizer import checkin
    from ...checkin.service import SEARCH_LIMIT
    from ...checkin.views import door_view

    request = checkin_api.current_request
    query = request.query_params or {}
    _, found, cursor = checkin.search(current_organizer(request), event_id, query.get("q"), query.get("cursor"),
                                      query_limit(request, default=SEARCH_LIMIT, maximum=SEARCH_LIMIT),
                                      request_language(request))
    return json_response({"items": [door_view(r) for r in found], "next": cursor})


@_guarded("/api/organizer/events/{event_id}/registrations/{registration_id}/attendance", methods=["PUT"],
          content_types=JSON_TYPES)
def mark_attendance(event_id: str, registration_id: str) -> Response:
    """{unit, present} -> the registration with its attendance: a mark from the sign-in sheet, logged."""
    from ...application.organizer import attendance
    from ...registration.views import organizer_view

    request = checkin_api.current_request
    event, registration = attendance.mark(current_organizer(request), event_id, registration_id,
                                          json_body(request))
    return json_response(organizer_view(registration, event=event))


@_guarded("/api/organizer/events/{event_id}/registrations/{registration_id}/certificate", methods=["POST"],
          content_types=ANY_POST)
def issue_certificate(event_id: str, registration_id: str) -> Response:
    """Issue the person a certificate whatever their attendance, or e-mail theirs again; any body is ignored."""
    from ...application.organizer import certificates

    registration = certificates.issue(current_organizer(checkin_api.current_request), event_id, registration_id)
    return json_response({"id": registration.registration_id, "certificate": registration.certificate_number})


@_guarded("/api/organizer/events/{event_id}/registrations/{registration_id}/certificate", methods=["DELETE"])
def revoke_certificate(event_id: str, registration_id: str) -> Response:
    """Revoke the person's certificate: its public page says "revoked" from now on."""
    from ...application.organizer import certificates

    revoked = certificates.revoke(current_organizer(checkin_api.current_request), event_id, registration_id)
    return json_response({"id": registration_id, "certificate": revoked.number,
                          "revoked_at": revoked.revoked_at.isoformat() if revoked.revoked_at else None})
