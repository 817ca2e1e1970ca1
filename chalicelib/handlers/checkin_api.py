"""Organizer JSON API for the door: check people in (scanned or typed code, or a registration
found by name) for the event or one of its sessions, and search confirmed people by name.

Every route sits behind the organizer authorizer and answers only for the organizer's projects.
The domain is imported inside each route, so loading the app loads none of it.
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..errors import InvalidInput, Text
from .authorizer import current_organizer, organizer_auth
from .http import JSON_TYPES, api_route, json_body, json_response, query_limit, request_language

checkin_api = Blueprint(__name__)


def _guarded(path: str, **options: Any):
    return api_route(checkin_api, path, authorizer=organizer_auth, **options)


def _string(body: dict, name: str) -> str | None:
    from ..checkin.service import MAX_INPUT

    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_INPUT:
        raise InvalidInput(fields={name: Text("Use at most %(max)s characters.", {"max": MAX_INPUT})})
    return value


@_guarded("/api/organizer/events/{event_id}/checkin", methods=["POST"], content_types=JSON_TYPES)
def check_in(event_id: str) -> Response:
    """{code} or {registration_id}, optional {session} -> the outcome (200 for every outcome)."""
    from ..checkin import service as checkin
    from ..checkin.views import result_view
    from ..events import service as events

    request = checkin_api.current_request
    body = json_body(request)
    organizer = current_organizer(request)
    event = events.organizer_event(organizer, event_id)
    if not isinstance(body, dict):
        raise InvalidInput()
    code, registration_id = _string(body, "code"), _string(body, "registration_id")
    if (code is None) == (registration_id is None):
        raise InvalidInput(fields={"code": Text("Send a check-in code or a registration id.")})
    outcome = checkin.check_in(event, code or registration_id or "", body.get("session"),
                               by=organizer.organizer_id)
    return json_response(result_view(outcome, checkin.message(outcome, event, request_language(request))))


@_guarded("/api/organizer/events/{event_id}/checkin/search", methods=["GET"])
def search(event_id: str) -> Response:
    """?q=<part of a name>[&cursor=][&limit=1..20] -> confirmed people whose name matches."""
    from ..checkin import service as checkin
    from ..checkin.views import door_view
    from ..events import service as events

    request = checkin_api.current_request
    event = events.organizer_event(current_organizer(request), event_id)
    query = request.query_params or {}
    items, cursor = checkin.search(event, query.get("q"), query.get("cursor"),
                                   query_limit(request, default=checkin.SEARCH_LIMIT, maximum=checkin.SEARCH_LIMIT))
    return json_response({"items": [door_view(i) for i in items], "next": cursor})
