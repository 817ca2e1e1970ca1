"""The one decision on an organizer's token, in every stage (chalice local runs it too).

The JSON API asks API Gateway's token authorizer (`organizer_auth`, the `Authorization` header),
which refuses with 401/403 before the service runs. The dashboard asks the same decision inside
the service (`session_context`, from the session cookie; see dashboard/shared.py `page`): a
page reached without a valid session must send the browser to the login and back, and API
Gateway answers a token authorizer's missing header (no cookie at all: after logout or expiry)
with a 401 of its own, which cannot redirect.
"""
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


def _claims(token: str) -> tuple[str, dict[str, str]] | None:
    """The one decision: a valid zapisy organizer token, its organizer id and claims; None otherwise."""
    try:
        organizer = verify_organizer_token(token)
    except InvalidToken:
        return None
    return organizer.organizer_id, {"email": organizer.email, "role": organizer.role,
                                    "projects": ",".join(organizer.projects)}


@authorizer_routes.authorizer(ttl_seconds=0)
def organizer_auth(auth_request: Any) -> AuthResponse:
    """The JSON API: `Authorization: Bearer <token>`; its claims travel as the request's context."""
    decided = _claims(_bearer(auth_request.token))
    if decided is None:
        return AuthResponse(routes=[], principal_id="anonymous")
    return AuthResponse(routes=["*"], principal_id=decided[0], context=decided[1])


def session_context(cookie_header: str | None) -> dict[str, str] | None:
    """The dashboard: the same decision on the session cookie's token, as the context the API's
    authorizer gives (so `current_organizer` reads both alike); None without a valid session."""
    from ..organizers.session import token_from_cookie_header

    decided = _claims(token_from_cookie_header(cookie_header))
    return None if decided is None else {**decided[1], "principalId": decided[0]}


def current_organizer(request: Any) -> Organizer:
    """The organizer the authorizer (or the dashboard's session check) let in."""
    context = request.context.get("authorizer") or {}
    projects = tuple(p for p in str(context.get("projects", "")).split(",") if p)
    return Organizer(str(context.get("principalId", "")), str(context.get("email", "")),
                     str(context.get("role", "organizer")), projects)
