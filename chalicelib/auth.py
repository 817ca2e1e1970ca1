"""Secrets and tokens: organizer JWTs (HS256, issued by zapisy), participants' manage links.

Manage links are derived, not stored: token = HMAC(secret, event, registration). The table keeps
only SHA-256 of the token (to look the registration up), yet every later e-mail (confirmation,
reminder, "already registered") can carry the same link again. Nothing here needs a crypto
library beyond hmac/hashlib, so none ships in the Lambda.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .config import settings

ISSUER = "zapisy"
AUDIENCE = "zapisy-organizer"
ROLES = ("admin", "organizer")


SECRETS_MANAGER_REFERENCE = "/aws/reference/secretsmanager/"


@lru_cache(maxsize=1)
def app_secret() -> bytes:
    """The stage's secret: from AWS (SSM Parameter Store, or Secrets Manager behind SSM's reference
    path), from the environment locally. Read on first use, so a request that derives nothing
    (a public page) never reads it.

    A reference path names a Secrets Manager secret, which is read from Secrets Manager itself:
    the same value, without building an SSM client: its model is the largest a container here
    loads (144 KB compressed, against Secrets Manager's 25), and parsing it took five times as long."""
    cfg = settings()
    name = cfg.token_secret_param
    client = secret_client()
    if name.startswith(SECRETS_MANAGER_REFERENCE):
        secret = client.get_secret_value(SecretId=name.removeprefix(SECRETS_MANAGER_REFERENCE))
        return secret["SecretString"].encode()
    if client is not None:
        value = client.get_parameter(Name=name, WithDecryption=True)
        return value["Parameter"]["Value"].encode()
    if not cfg.token_secret or len(cfg.token_secret) < 32:
        raise RuntimeError("TOKEN_SECRET (32+ characters) or TOKEN_SECRET_PARAM must be set")
    return cfg.token_secret.encode()


def secret_client() -> Any:
    """The client the stage's secret is read with: Secrets Manager's for a reference path, else SSM's;
    None where the secret comes from the environment. Building it reads nothing (the SnapStart hook
    builds it before the snapshot; the secret itself is read after the restore)."""
    name = settings().token_secret_param
    if not name:
        return None
    from . import aws

    return aws.secretsmanager() if name.startswith(SECRETS_MANAGER_REFERENCE) else aws.ssm()


def _derived_key(purpose: str) -> bytes:
    return hmac.new(app_secret(), purpose.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def manage_token(event_id: str, registration_id: str) -> str:
    """The participant's secret link token (256 bits)."""
    mac = hmac.new(_derived_key("manage"), f"{event_id}|{registration_id}".encode(), hashlib.sha256)
    return _b64(mac.digest())


def survey_token(event_id: str, registration_id: str) -> str:
    """The secret of a participant's survey link (256 bits): derived like the manage link's but with
    its own key, so it opens the survey alone, and the reminder can carry the same link again."""
    mac = hmac.new(_derived_key("survey"), f"{event_id}|{registration_id}".encode(), hashlib.sha256)
    return _b64(mac.digest())


def unsubscribe_token(event_id: str, registration_id: str) -> str:
    """The link that stops an event's organizer messages to one person: readable ids and a MAC (128 bits)
    with its own key, so it needs no stored link and opens nothing else."""
    mac = hmac.new(_derived_key("unsubscribe"), f"{event_id}|{registration_id}".encode(), hashlib.sha256)
    return f"{event_id}.{registration_id}.{_b64(mac.digest()[:16])}"


def unsubscribe_target(token: str) -> tuple[str, str] | None:
    """(event id, registration id) of a genuine unsubscribe token; None for anything else."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not all(part.isascii() and part.replace("-", "").replace("_", "").isalnum()
                                  for part in parts):
        return None
    event_id, registration_id, _ = parts
    expected = unsubscribe_token(event_id, registration_id)
    return (event_id, registration_id) if hmac.compare_digest(expected.encode(), token.encode()) else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def email_hash(normalised_email: str) -> str:
    """Keyed hash of an address: stable across events (unique participants) but not guessable."""
    return hmac.new(_derived_key("email"), normalised_email.encode(), hashlib.sha256).hexdigest()


def person_key(project: str, email_hash: str) -> str:
    """Who a person is within one project, for its funder's counts: a keyed hash of the address's
    own keyed hash, so the same person in two projects (two controllers, perhaps) cannot be linked
    by it, and nothing about the address can be read back from it."""
    return hmac.new(_derived_key("person"), f"{project}|{email_hash}".encode(), hashlib.sha256).hexdigest()[:32]


def invite_code_hash(event_id: str, code: str) -> str:
    return hmac.new(_derived_key("invite"), f"{event_id}|{code.strip().upper()}".encode(),
                    hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Organizer:
    organizer_id: str
    email: str
    role: str
    projects: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def can_manage(self, project: str) -> bool:
        return self.is_admin or project in self.projects


def issue_organizer_token(organizer: Organizer, ttl_seconds: int | None = None) -> str:
    import jwt

    now = int(time.time())
    claims = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": organizer.organizer_id, "email": organizer.email,
        "role": organizer.role, "projects": list(organizer.projects), "iat": now,
        "exp": now + (ttl_seconds or settings().token_ttl_seconds),
    }
    return jwt.encode(claims, _derived_key("organizer-jwt"), algorithm="HS256")


class InvalidToken(Exception):
    pass


def verify_organizer_token(token: str) -> Organizer:
    """Verify signature (HS256 only), issuer, audience and expiry; raise InvalidToken otherwise."""
    import jwt

    try:
        claims = jwt.decode(token, _derived_key("organizer-jwt"), algorithms=["HS256"],
                            audience=AUDIENCE, issuer=ISSUER,
                            options={"require": ["exp", "iat", "sub", "iss", "aud"]})
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error
    role = claims.get("role")
    projects = claims.get("projects") or []
    if role not in ROLES or not isinstance(projects, list):
        raise InvalidToken("bad claims")
    return Organizer(str(claims["sub"]), str(claims.get("email", "")), role,
                     tuple(str(p) for p in projects))
