"""The rules that keep sign-ups for people: limits per source address and per e-mail address,
and the honeypot. Both doors (the JSON API and the web form) sign up through here.

- A source address may send `RATE_PER_IP` sign-ups per 10 minutes, an e-mail address
  `RATE_PER_ADDRESS` per hour (stage settings, so a load test can raise them). Every well-formed
  sign-up counts, whatever comes of it (a form with errors writes nothing and is not counted).
  Past a limit the sign-up is refused with 429 and how long to wait; nothing is written and
  nothing is e-mailed, so nobody can mail-bomb a stranger through zapisy or grab seats by the
  hundred.
- Counters are kept under keyed hashes: no address, e-mail or IP is part of any key.
- `website` is a honeypot: a field people never see (the form hides it; the API documents it as
  "leave empty"). Software that fills every field gets a plausible answer and nothing else.
- An organizer adding someone on their behalf is never limited (organizer/registrations.py).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ... import auth
from ...config import settings
from ...errors import TooManyAttempts
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


def _seconds_left(window: timedelta, now: datetime) -> int:
    seconds = int(window.total_seconds())
    return seconds - int(now.timestamp()) % seconds


def check_limits(source: str, address: Any, now: datetime | None = None) -> None:
    """Count this sign-up against its source and its address; TooManyAttempts past either limit."""
    from ...store.ratelimit import allow

    cfg, now = settings(), now or datetime.now(UTC)
    if not allow("ip-" + auth.email_hash("ip:" + (source or "unknown"))[:32], cfg.rate_per_ip, PER_SOURCE, now):
        raise TooManyAttempts(_seconds_left(PER_SOURCE, now))
    if isinstance(address, str) and address.strip():
        key = "mail-" + auth.email_hash(normalise_address(address))[:32]
        if not allow(key, cfg.rate_per_address, PER_ADDRESS, now):
            raise TooManyAttempts(_seconds_left(PER_ADDRESS, now))
