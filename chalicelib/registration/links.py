"""A participant's secret link (in every e-mail) to their registration."""
from __future__ import annotations

from .. import auth
from ..errors import RegistrationNotFound
from ..records import Registration
from ..store import registrations as store


def find_by_token(token: str) -> Registration:
    """The registration behind a manage link; not found for an unknown, malformed or erased one."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise RegistrationNotFound()
    link = store.load_link(auth.token_hash(token))
    registration = link and store.load_registration(*link)
    if not registration or registration.erased_at:
        raise RegistrationNotFound()
    return registration
