"""Keep under the SES sending rate: a token bucket per process (the sender runs with low
concurrency, so a per-process rate is the account's rate divided by that concurrency)."""
from __future__ import annotations

import threading
import time

_lock = threading.Lock()
_next_slot = 0.0


def pace(rate_per_second: float) -> None:
    """Block until this process may send one more message at `rate_per_second`."""
    global _next_slot
    if rate_per_second <= 0:
        return
    interval = 1.0 / rate_per_second
    with _lock:
        now = time.monotonic()
        slot = max(now, _next_slot)
        _next_slot = slot + interval
    delay = slot - now
    if delay > 0:
        time.sleep(delay)
