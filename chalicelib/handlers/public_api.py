"""Public JSON API: the event board and registering, seeing and cancelling one's own sign-up.

The domain is imported inside each route, so loading the app (a Lambda cold start) loads none of it.
"""
from __future__ import annotations

from datetime import UTC
from typing import Any

from chalice import Blueprint, Response

from ..errors import InvalidTransition, Text
from ..observability import count_registration
from .http import JSON_TYPES, after_commit, api_route, json_body, json_response, query_limit, request_language

public_api = Blueprint(__name__)


@api_route(public_api, "/api/events", methods=["GET"])
def list_events() -> Response:
    from ..events import service as events

    request = public_api.current_request
    language = request_language(request)
    items, cursor = events.public_events((request.query_params or {}).get("cursor"), query_limit(request))
    return json_response({"items": [events.public_view(i, language) for i in items], "next": cursor})


@api_route(public_api, "/api/events/{event_id}", methods=["GET"])
def get_event(event_id: str) -> Response:
    from ..events import service as events

    request = public_api.current_request
    return json_response(events.public_view(events.public_event(event_id), request_language(request)))


@api_route(public_api, "/api/events/{event_id}/registrations", methods=["POST"], content_types=JSON_TYPES)
def register(event_id: str) -> Response:
    from ..events import service as events
    from ..registration import service as registrations

    body = json_body(public_api.current_request)
    event = events.event_to_register_for(event_id)
    outcome = registrations.register(event, body)
    after_commit(outcome.messages)
    count_registration(outcome.status)
    status_code = 202 if outcome.status == "pending_email" else 201
    return json_response({"id": outcome.registration_id, "status": outcome.status}, status_code)


@api_route(public_api, "/api/manage/{token}", methods=["GET"])
def get_own_registration(token: str) -> Response:
    from ..events import service as events
    from ..registration import service as registrations
    from ..registration.views import participant_view

    registration = registrations.find_by_token(token)
    event = events.public_event(registration.event_id)
    return json_response(participant_view(event, registration, request_language(public_api.current_request)))


def _changed(registration_id: str, outcome: Any) -> Response:
    """After a participant's own change: its e-mails go out, and the answer is the new status."""
    after_commit(outcome.messages)
    return json_response({"id": registration_id, "status": outcome.status})


@api_route(public_api, "/api/manage/{token}", methods=["DELETE"])
def cancel_own_registration(token: str) -> Response:
    from ..registration import service as registrations

    registration = registrations.find_by_token(token)
    return _changed(registration.registration_id, registrations.cancel(registration))


@api_route(public_api, "/api/manage/{token}/confirm", methods=["POST"], content_types=JSON_TYPES + [
    "application/x-www-form-urlencoded", "text/plain"])
def confirm_own_registration(token: str) -> Response:
    """Double opt-in: the participant confirms the address; only now a seat is sought."""
    from ..registration import service as registrations

    registration = registrations.find_by_token(token)
    return _changed(registration.registration_id, registrations.confirm_email(registration))


@api_route(public_api, "/api/manage/{token}/still-coming", methods=["POST"], content_types=JSON_TYPES + [
    "application/x-www-form-urlencoded", "text/plain"])
def still_coming(token: str) -> Response:
    """The answer to "still coming?": keep my seat."""
    from datetime import datetime

    from ..notifications.reconfirm import still_coming as keep_seat
    from ..registration import service as registrations

    registration = registrations.find_by_token(token)
    if not keep_seat(registration, datetime.now(UTC)):
        raise InvalidTransition(Text("Only a confirmed seat can be kept."))
    return json_response({"id": registration.registration_id, "status": "confirmed", "still_coming": True})
