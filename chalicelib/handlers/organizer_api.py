"""Organizer JSON API: events and their registrations. Every route sits behind the authorizer.

The domain is imported inside each route, so loading the app (a Lambda cold start) loads none of it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from ..errors import RegistrationNotFound
from .authorizer import current_organizer, organizer_auth
from .http import JSON_TYPES, after_commit, api_route, json_body, json_response, query_limit

if TYPE_CHECKING:
    from ..auth import Organizer
    from ..store.models import RegistrationItem

organizer_api = Blueprint(__name__)


def _guarded(path: str, **options: Any):
    return api_route(organizer_api, path, authorizer=organizer_auth, **options)


def _organizer() -> Organizer:
    return current_organizer(organizer_api.current_request)


@_guarded("/api/organizer/events", methods=["POST"], content_types=JSON_TYPES)
def create_event() -> Response:
    from ..events import service as events

    item = events.create_event(_organizer(), json_body(organizer_api.current_request))
    return json_response(events.organizer_view(item), 201)


@_guarded("/api/organizer/events", methods=["GET"])
def list_events() -> Response:
    from ..events import service as events

    request = organizer_api.current_request
    query = request.query_params or {}
    items, cursor = events.list_organizer_events(_organizer(), query.get("project"), query.get("cursor"),
                                                 query_limit(request))
    return json_response({"items": [events.organizer_view(i) for i in items], "next": cursor})


@_guarded("/api/organizer/events/{event_id}", methods=["GET"])
def get_event(event_id: str) -> Response:
    from ..events import service as events

    return json_response(events.organizer_view(events.organizer_event(_organizer(), event_id)))


@_guarded("/api/organizer/events/{event_id}", methods=["PATCH"], content_types=JSON_TYPES)
def update_event(event_id: str) -> Response:
    from ..events import editing
    from ..events import service as events

    changed = editing.edit_event(_organizer(), event_id, json_body(organizer_api.current_request))
    after_commit(changed.messages)
    return json_response(events.organizer_view(changed.event))


@_guarded("/api/organizer/events/{event_id}/publish", methods=["POST"])
def publish_event(event_id: str) -> Response:
    from ..events import service as events

    return json_response(events.organizer_view(events.publish_event(_organizer(), event_id)))


@_guarded("/api/organizer/events/{event_id}/cancel", methods=["POST"])
def cancel_event(event_id: str) -> Response:
    from ..events import editing
    from ..events import service as events

    changed = editing.cancel_event(_organizer(), event_id)
    after_commit(changed.messages)
    return json_response(events.organizer_view(changed.event))


@_guarded("/api/organizer/events/{event_id}/messages", methods=["POST"], content_types=JSON_TYPES)
def message_registrants(event_id: str) -> Response:
    """E-mail registrants filtered by status: {subject, body, to: [confirmed|waitlisted|pending|checked_in|all]}."""
    from ..events import service as events
    from ..notifications import broadcast

    body = json_body(organizer_api.current_request)
    event = events.organizer_event(_organizer(), event_id)
    messages = broadcast.organizer_message(event, body)
    after_commit(messages)
    return json_response({"queued": len(messages)}, 202)


@_guarded("/api/organizer/events/{event_id}/registrations", methods=["GET"])
def list_registrations(event_id: str) -> Response:
    """The event's registrations, filtered like the dashboard's table: ?status=&session=&checked_in=&q=."""
    from ..events import service as events
    from ..registration import listing
    from ..registration.views import organizer_view as registration_view
    from ..store import suppression

    request = organizer_api.current_request
    query = request.query_params or {}
    event = events.organizer_event(_organizer(), event_id)
    found = listing.find(event, listing.read_filters(event, query), query.get("cursor"), query_limit(request))
    items, cursor = found.items, found.next
    suppressed = suppression.suppressed_among({i.email_hash for i in items if i.email_hash})
    return json_response({"items": [registration_view(i, suppressed.get(i.email_hash or "")) for i in items],
                          "next": cursor})


def _registration(event_id: str, registration_id: str) -> RegistrationItem:
    """The registration, if the organizer may see its event (another project's is not found)."""
    from ..events import service as events
    from ..store import registrations as registration_store

    events.organizer_event(_organizer(), event_id)
    registration = registration_store.load_registration(event_id, registration_id)
    if registration is None:
        raise RegistrationNotFound()
    return registration


@_guarded("/api/organizer/events/{event_id}/registrations/{registration_id}/approve", methods=["POST"])
def approve_registration(event_id: str, registration_id: str) -> Response:
    from ..registration import service as registrations

    outcome = registrations.approve(_registration(event_id, registration_id))
    after_commit(outcome.messages)
    return json_response({"id": registration_id, "status": outcome.status})


@_guarded("/api/organizer/events/{event_id}/registrations/{registration_id}/reject", methods=["POST"])
def reject_registration(event_id: str, registration_id: str) -> Response:
    from ..registration import service as registrations

    outcome = registrations.reject(_registration(event_id, registration_id))
    after_commit(outcome.messages)
    return json_response({"id": registration_id, "status": outcome.status})
