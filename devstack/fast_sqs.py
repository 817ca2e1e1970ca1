"""A SendMessage for the embedded moto whose cost does not grow with the queue, as in SQS.

To learn whether a queue deduplicates by content, moto 5.2's `send_message` reads
`queue.attributes`, which builds every attribute of the queue, among them the three approximate
message counts, each a walk over every message held. With nobody consuming (the local stack
with `OUTBOX_MODE=queue`, as the registration benchmark runs it) every send gets slower as the
queue fills: ≈9 ms per send while it holds 0–200 messages, ≈43 ms at 400–600, more than the
registration's own transaction. Here the counts read as 0 while a send is under way, so the
one attribute moto asks for costs nothing; every other read of the counts (GetQueueAttributes,
the tests' queue depths) walks the messages as before. Nothing a send answers or decides depends
on the counts (moto reads only `ContentBasedDeduplication` there): `tests/unit/test_fast_sqs.py`
sends, refuses, delays, deduplicates and receives with and without this patch and compares every
answer and every queue attribute byte for byte.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

COUNTS = ("approximate_number_of_messages", "approximate_number_of_messages_delayed",
          "approximate_number_of_messages_not_visible")
_sending = threading.local()
_originals: dict[str, Any] = {}


def _while_sending(method: Callable[..., Any]) -> Callable[..., Any]:
    def send(*args: Any, **kwargs: Any) -> Any:
        outer = getattr(_sending, "active", False)
        _sending.active = True
        try:
            return method(*args, **kwargs)
        finally:
            _sending.active = outer

    return send


def _count(original: property) -> property:
    return property(lambda queue: 0 if getattr(_sending, "active", False) else original.fget(queue))


def install() -> None:
    """Patch moto's SQS backend (idempotent)."""
    if _originals:
        return
    from moto.sqs.models import Queue, SQSBackend

    for name in COUNTS:
        _originals[name] = getattr(Queue, name)
        setattr(Queue, name, _count(_originals[name]))
    for name in ("send_message", "send_message_batch"):
        _originals[name] = getattr(SQSBackend, name)
        setattr(SQSBackend, name, _while_sending(_originals[name]))


def uninstall() -> None:
    """Put moto's own methods back (the test that compares both uses it)."""
    from moto.sqs.models import Queue, SQSBackend

    for name, original in _originals.items():
        setattr(Queue if name in COUNTS else SQSBackend, name, original)
    _originals.clear()
