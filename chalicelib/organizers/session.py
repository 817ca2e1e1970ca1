"""The dashboard session: the organizer token in an HttpOnly cookie, and CSRF tokens bound to it."""
from __future__ import annotations

import hashlib
import hmac
from http.cookies import CookieError, SimpleCookie

from .. import auth
from ..config import settings

COOKIE = "zapisy_session"


def cookie_value(header: str | None, name: str) -> str:
    """One cookie's value from a Cookie header, or "" (a malformed header counts as none)."""
    if not header:
        return ""
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


def token_from_cookie_header(header: str | None) -> str:
    """The session token in a Cookie header, or ""."""
    return cookie_value(header, COOKIE)


def session_cookie(token: str) -> str:
    return (f"{COOKIE}={token}; Path=/; Max-Age={settings().token_ttl_seconds}; HttpOnly; Secure; "
            "SameSite=Lax")


def cleared_cookie() -> str:
    return f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"


def csrf_token(session_token: str) -> str:
    """Bound to this session: a form from another site cannot know it, a new login changes it."""
    digest = hashlib.sha256(session_token.encode()).hexdigest()
    return hmac.new(auth.app_secret(), f"dashboard-csrf|{digest}".encode(), hashlib.sha256).hexdigest()


def valid_csrf(session_token: str, submitted: str) -> bool:
    return bool(session_token and submitted) and hmac.compare_digest(csrf_token(session_token), submitted)
