"""CSRF tokens for the manage page's forms: bound to the registration's link, checked in constant time."""
from __future__ import annotations

import hashlib
import hmac

from .. import auth


def csrf_token(manage_token: str) -> str:
    return hmac.new(auth.app_secret(), f"csrf|{auth.token_hash(manage_token)}".encode(), hashlib.sha256).hexdigest()


def valid(manage_token: str, submitted: str) -> bool:
    return bool(submitted) and hmac.compare_digest(csrf_token(manage_token), submitted)
