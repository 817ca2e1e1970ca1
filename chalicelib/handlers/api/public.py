"""Public JSON API: the event board, signing up, and seeing, confirming or cancelling one's own
registration through its secret link."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..http import (
    ANY_POST,
    JSON_TYPES,
    api_route,
    json_body,
    json_response,
    query_limit,
    request_language,
    source_address,
)

public_api = Blueprint(__name__)


@api_route(public_api, "/api/events", methods=["GET"])
def list_events() -> Response:
    from ...application.participant import events
    from ...events.views import public_view

    request = public_api.current_request
    language = request_language(request)
    page = events.board((request.query_params or {}).get("cursor"), query_limit(request))
    return json_response({"items": [public_view(e, language) for e in page.items], "next": page.next})


@api_route(public_api, "/api/events/{event_id}", methods=["GET"])
def get_event(event_id: str) -> Response:
    from ...application.participant import events
    from ...events.views import public_view

    return json_response(public_view(events.event(event_id), request_language(public_api.current_request)))


@api_route(public_api, "/api/events/{event_id}/registrations", methods=["POST"], content_types=JSON_TYPES)
def register(event_id: str) -> Response:
    from ...application.participant.sign_up import sign_up
    from ...vocabulary.statuses import Status

    request = public_api.current_request
    outcome = sign_up(event_id, json_body(request), source=source_address(request))
    return json_response({"id": outcome.registration_id, "status": outcome.status},
                         202 if outcome.status == Status.PENDING_EMAIL else 201)


@api_route(public_api, "/api/manage/{token}", methods=["GET"])
def get_own_registration(token: str) -> Response:
    from ...application.participant import manage
    from ...registration.views import participant_view

    request = public_api.current_request
    own = manage.own_registration(token)
    language = request_language(request) if (request.query_params or {}).get("lang") else own.registration.language
    return json_response(participant_view(own.event, own.registration, language),
                         headers={"Content-Language": language})


def _status(outcome: Any) -> Response:
    return json_response({"id": outcome.registration_id, "status": outcome.status})


@api_route(public_api, "/api/manage/{token}", methods=["DELETE"])
def cancel_own_registration(token: str) -> Response:
    from ...application.participant import manage

    return _status(manage.cancel(token))


@api_route(public_api, "/api/manage/{token}/confirm", methods=["POST"], content_types=ANY_POST)
def confirm_own_registration(token: str) -> Response:
    """Double opt-in: the participant confirms the address; only now a seat is sought. `pending_choice`:
    `sessions_full` had no seat, and the person did not ask to wait: they choose again."""
    from ...application.participant import manage

    outcome = manage.confirm_address(token)
    full = getattr(outcome, "full", ())
    return json_response({"id": outcome.registration_id, "status": outcome.status,
                          **({"sessions_full": list(full)} if full else {})})


@api_route(public_api, "/api/manage/{token}/still-coming", methods=["POST"], content_types=ANY_POST)
def still_coming(token: str) -> Response:
    """The answer to "still coming?": keep my seat."""
    from ...application.participant import manage

    own = manage.keep_seat(token)
    return json_response({"id": own.registration.registration_id, "status": own.registration.status,
                          "still_coming": True})


def _questions_view(asked: Any, language: str) -> dict[str, Any]:
    from ...i18n import gettext

    return {"asks": asked.asks, "answered": asked.asks and not asked.questions, "questions": [
        {"id": q.indicator_id, "label": gettext(language, q.label), "special": q.special,
         "options": [{"id": o, "label": gettext(language, label)} for o, label in q.options]}
        for q in asked.questions]}


@api_route(public_api, "/api/manage/{token}/characteristics", methods=["GET"])
def characteristics_questions(token: str) -> Response:
    """The funder's voluntary questions for this person, none once answered (asked once per project)."""
    from ...application.participant.indicators import questionnaire

    return json_response(_questions_view(questionnaire(token), request_language(public_api.current_request)))


@api_route(public_api, "/api/manage/{token}/characteristics", methods=["PUT"], content_types=JSON_TYPES)
def characteristics_answers(token: str) -> Response:
    """{<question id>: <option id>, …, special_consent: true|false} -> kept once; 409 when answered already."""
    from ...application.participant.indicators import answer

    answer(token, json_body(public_api.current_request))
    return json_response({"answered": True})
