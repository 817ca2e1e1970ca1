"""The rules that keep sign-ups for people: limits per source address and per e-mail address,
and the honeypot. Both doors (the JSON API and the web form) sign up through here.

- A source address may send `RATE_PER_IP` well-formed sign-ups per 10 minutes (each counts,
  whatever comes of it), and an e-mail address may be signed up `RATE_PER_ADDRESS` times per hour
  (counted in the sign-up's own commit, so only sign-ups that are written count, and a refused one
  leaves no count behind). Both are stage settings, so a load test can raise them. Past a limit
  the sign-up is refused with 429 and how long to wait; nothing is written and nothing is
  e-mailed, so nobody can mail-bomb a stranger through zapisy or grab seats by the hundred. A form
  with errors is refused before anything is counted. A repeat for an event the address is already
  in writes nothing either: its answer and its e-mail are limited by registration/signup.py.
- Counters are kept under keyed hashes: no address, e-mail or IP is part of any key.
- `website` is a honeypot: a field people never see. The form hides it, so software that fills
  every field gets a plausible answer and nothing else; the API documents it as empty
  (openapi.yaml), so a value there is refused (400) like any other field that breaks its rule.
- An organizer adding someone on their behalf is never limited (organizer/registrations.py).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ... import auth
from ...config import settings
from ...errors import InvalidInput, Text, TooManyAttempts
from ...records import Quota
from ...vocabulary.addresses import normalise_address

HONEYPOT = "website"
PER_SOURCE = timedelta(minutes=10)
PER_ADDRESS = timedelta(hours=1)


def is_bot(data: dict[str, Any]) -> bool:
    """People never see the honeypot field; software that fills every field does."""
    value = data.get(HONEYPOT)
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, False)


def decoy_for(data: dict[str, Any], *, form: bool) -> bool:
    """Whether the sign-up gets a decoy: through the form, when the hidden field is filled; through
    the API a filled one is refused instead (InvalidInput), as its schema says it is empty."""
    if form:
        return is_bot(data)
    if data.get(HONEYPOT) not in (None, ""):
        raise InvalidInput(fields={HONEYPOT: Text("Leave this field empty.")})
    return False


def check_source(source: str, now: datetime | None = None) -> None:
    """Count this sign-up against its source address; TooManyAttempts past the limit."""
    from ...store.ratelimit import allow

    quota = Quota("ip-" + auth.email_hash("ip:" + (source or "unknown"))[:32], settings().rate_per_ip, PER_SOURCE,
                  now or datetime.now(UTC))
    if not allow(quota.key, quota.limit, quota.window, quota.now):
        raise TooManyAttempts(quota.retry_after())


def address_quota(address: str, now: datetime | None = None) -> Quota:
    """The allowance of sign-ups for this address, for the sign-up's commit to use up."""
    return Quota("mail-" + auth.email_hash(normalise_address(address))[:32], settings().rate_per_address,
                 PER_ADDRESS, now or datetime.now(UTC))
