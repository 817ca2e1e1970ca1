"""Organizer login through Amazon Cognito's hosted UI: authorization code with PKCE.

zapisy sends the browser to Cognito with a PKCE challenge, receives the code on its callback,
exchanges it at Cognito's token endpoint (directly, over TLS, so the ID token it gets back is
trusted without a signature check, as OpenID Connect allows for this flow) and then issues its
own organizer token. Roles and projects come from Cognito groups: `admin`, and `project-<id>`.
A city that uses Microsoft Entra ID (or any SAML/OIDC provider) federates it into the user pool;
zapisy sees the same groups.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .. import auth
from ..config import settings

LOGIN_COOKIE = "zapisy_login"
LOGIN_TTL = 600
PROJECT_GROUP = "project-"


class LoginFailed(Exception):
    pass


@dataclass(frozen=True)
class LoginStart:
    authorize_url: str
    cookie: str


@dataclass(frozen=True)
class LoginDone:
    token: str  # zapisy's organizer token, for the session cookie
    next_page: str  # where the login started from (as given to `start_login`), or ""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> str:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise LoginFailed("unreadable login cookie") from None


def _sign(value: str) -> str:
    return hmac.new(auth.app_secret(), f"login|{value}".encode(), hashlib.sha256).hexdigest()


def redirect_uri() -> str:
    return f"{settings().base_url}/organizer/callback"


def start_login(next_page: str = "") -> LoginStart:
    """Where to send the browser, and the short-lived cookie that remembers state, verifier and
    the page to come back to (`next_page`, checked by the caller; signed with the rest)."""
    cfg = settings()
    state, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    challenge = _b64(hashlib.sha256(verifier.encode()).digest())
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": cfg.cognito_client_id, "redirect_uri": redirect_uri(),
        "scope": "openid email profile", "state": state, "code_challenge": challenge,
        "code_challenge_method": "S256"})
    value = f"{state}.{verifier}.{int(time.time())}.{_b64(next_page.encode())}"
    cookie = (f"{LOGIN_COOKIE}={value}.{_sign(value)}; Path=/organizer; Max-Age={LOGIN_TTL}; HttpOnly; Secure; "
              "SameSite=Lax")
    return LoginStart(f"{cfg.cognito_domain}/oauth2/authorize?{query}", cookie)


def _remembered(cookie_value: str, state: str) -> tuple[str, str]:
    """The PKCE verifier and the page to come back to, if the cookie is ours, fresh, and for this state."""
    try:
        saved_state, verifier, issued, next_page, signature = cookie_value.split(".")
    except ValueError:
        raise LoginFailed("no login in progress") from None
    value = f"{saved_state}.{verifier}.{issued}.{next_page}"
    if not hmac.compare_digest(_sign(value), signature) or not hmac.compare_digest(saved_state, state):
        raise LoginFailed("state mismatch")
    if not issued.isdigit() or time.time() - int(issued) > LOGIN_TTL:
        raise LoginFailed("login took too long")
    return verifier, _unb64(next_page)


def finish_login(code: str, state: str, cookie_value: str) -> LoginDone:
    """Exchange the code for Cognito's ID token: a zapisy organizer token, and where to go next."""
    import jwt

    cfg = settings()
    verifier, next_page = _remembered(cookie_value, state)
    body = urllib.parse.urlencode({"grant_type": "authorization_code", "client_id": cfg.cognito_client_id,
                                   "code": code, "redirect_uri": redirect_uri(),
                                   "code_verifier": verifier}).encode()
    request = urllib.request.Request(f"{cfg.cognito_domain}/oauth2/token", data=body,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # https in AWS
            tokens = json.load(response)
        claims = jwt.decode(tokens["id_token"], options={"verify_signature": False, "require": ["exp", "aud"]},
                            audience=cfg.cognito_client_id)
    except (OSError, ValueError, KeyError, jwt.PyJWTError) as error:
        raise LoginFailed(f"token exchange failed: {type(error).__name__}") from None
    groups = claims.get("cognito:groups") or []
    role = "admin" if "admin" in groups else "organizer"
    projects = tuple(g[len(PROJECT_GROUP):] for g in groups if isinstance(g, str) and g.startswith(PROJECT_GROUP))
    if role != "admin" and not projects:
        raise LoginFailed("no project assigned")
    return LoginDone(auth.issue_organizer_token(auth.Organizer(str(claims["sub"]), str(claims.get("email", "")),
                                                               role, projects)), next_page)


def logout_url() -> str:
    cfg = settings()
    query = urllib.parse.urlencode({"client_id": cfg.cognito_client_id, "logout_uri": f"{cfg.base_url}/events"})
    return f"{cfg.cognito_domain}/logout?{query}"


def cleared_login_cookie() -> str:
    return f"{LOGIN_COOKIE}=; Path=/organizer; Max-Age=0; HttpOnly; Secure; SameSite=Lax"
