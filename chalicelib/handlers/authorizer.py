"""The one authorizer of every organizer route, in every stage (chalice local runs it too)."""
from __future__ import annotations

from typing import Any

from chalice import AuthResponse, Blueprint

from ..auth import InvalidToken, Organizer, verify_organizer_token

authorizer_routes = Blueprint(__name__)


def _bearer(value: str | None) -> str:
    if not value:
        return ""
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _decide(token: str) -> AuthResponse:
    """The one decision for every organizer route: a valid zapisy organizer token, its claims as context."""
    try:
        organizer = verify_organizer_token(token)
    except InvalidToken:
        return AuthResponse(routes=[], principal_id="anonymous")
    return AuthResponse(routes=["*"], principal_id=organizer.organizer_id, context={
        "email": organizer.email, "role": organizer.role, "projects": ",".join(organizer.projects)})


@authorizer_routes.authorizer(ttl_seconds=0)
def organizer_auth(auth_request: Any) -> AuthResponse:
    """The JSON API: `Authorization: Bearer <token>`."""
    return _decide(_bearer(auth_request.token))


@authorizer_routes.authorizer(ttl_seconds=0, header="Cookie")
def organizer_session_auth(auth_request: Any) -> AuthResponse:
    """The dashboard: the same token and decision, from the HttpOnly session cookie.

    API Gateway gives a token authorizer one header, so the cookie needs its own registration;
    what it verifies is the same.
    """
    from ..organizers.session import token_from_cookie_header

    return _decide(token_from_cookie_header(auth_request.token))


def current_organizer(request: Any) -> Organizer:
    """The organizer the authorizer let in (its context travels with the request)."""
    context = request.context.get("authorizer") or {}
    projects = tuple(p for p in str(context.get("projects", "")).split(",") if p)
    return Organizer(str(context.get("principalId", "")), str(context.get("email", "")),
                     str(context.get("role", "organizer")), projects)
