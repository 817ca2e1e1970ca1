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


@authorizer_routes.authorizer(ttl_seconds=0)
def organizer_auth(auth_request: Any) -> AuthResponse:
    """Accept a valid zapisy organizer token; carry its claims to the route as context."""
    try:
        organizer = verify_organizer_token(_bearer(auth_request.token))
    except InvalidToken:
        return AuthResponse(routes=[], principal_id="anonymous")
    return AuthResponse(routes=["*"], principal_id=organizer.organizer_id, context={
        "email": organizer.email, "role": organizer.role, "projects": ",".join(organizer.projects)})


def current_organizer(request: Any) -> Organizer:
    """The organizer the authorizer let in (its context travels with the request)."""
    context = request.context.get("authorizer") or {}
    projects = tuple(p for p in str(context.get("projects", "")).split(",") if p)
    return Organizer(str(context.get("principalId", "")), str(context.get("email", "")),
                     str(context.get("role", "organizer")), projects)
