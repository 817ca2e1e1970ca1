"""Fixed-window counters for rate limits, one item per key and window, removed by TTL."""
from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import NumberAttribute, TTLAttribute

from .models import _Base
from .transaction import update_if


class RateCounter(_Base):
    hits = NumberAttribute(default=0)
    expires_at = TTLAttribute(null=True)


def allow(key: str, limit: int, window: timedelta, now: datetime) -> bool:
    """Count one hit for `key` (already a hash: no personal data in keys); False past `limit`."""
    seconds = int(window.total_seconds())
    slot = int(now.timestamp()) // seconds
    counter = RateCounter(f"RATE#{key}", str(slot))
    return update_if(counter, [RateCounter.hits.add(1), RateCounter.expires_at.set(now + 2 * window)],
                     RateCounter.hits.does_not_exist() | (RateCounter.hits < limit))
