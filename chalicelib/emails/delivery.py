"""Sending what the outbox holds: at least once, and never twice for the same message.

A message is claimed with a lease (two senders never work on it at once), rendered in the
participant's language, sent through SES, then recorded on the registration and deleted in one
transaction. If SES fails, the message stays for the next try; if the process dies after the
commit, the sweep finds it. Already-recorded messages are dropped without sending.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from .. import aws
from ..config import settings
from ..store import outbox
from ..store.models import OutboxMessage
from .compose import compose

LEASE = timedelta(minutes=2)
RETRY_AFTER = timedelta(minutes=1)
log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


def send_message(message: OutboxMessage) -> str:
    """Deliver one outbox message; returns "sent", "skipped" (nothing to do) or "failed"."""
    now = _now()
    if not outbox.claim(message, now, LEASE):
        return "skipped"
    composed = compose(message)
    if composed is None:  # registration erased, address suppressed, or already sent
        outbox.discard(message)
        return "skipped"
    registration, raw = composed
    try:
        aws.ses().send_raw_email(RawMessage={"Data": raw})
    except Exception as error:  # noqa: BLE001 - any SES failure leaves the message for later
        log.warning("send failed", extra={"kind": message.kind, "error": type(error).__name__})
        outbox.release(message, f"{type(error).__name__}: {error}", now + RETRY_AFTER)
        return "failed"
    outbox.mark_sent(message, registration, _now())
    return "sent"


def drain(messages: Iterable[OutboxMessage]) -> dict[str, int]:
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    for message in messages:
        counts[send_message(message)] += 1
    return counts


def sweep(limit: int = 100) -> dict[str, int]:
    """Send everything due that nobody is sending now (the scheduled safety net)."""
    return drain(list(outbox.due_messages(_now(), limit)))


def after_commit(messages: Iterable[OutboxMessage]) -> None:
    """Hand freshly committed messages to delivery: inline locally, through SQS in AWS.

    A failure here loses nothing: the messages are in the outbox and the sweep will send them.
    """
    messages = list(messages)
    if not messages:
        return
    cfg = settings()
    if cfg.outbox_mode == "inline":
        try:
            drain(messages)
        except Exception:
            log.exception("inline delivery failed")
        return
    if cfg.outbox_mode != "queue" or not cfg.queue_url:
        return
    entries = [{"Id": str(i), "MessageBody": json.dumps(outbox.message_ref(m))}
               for i, m in enumerate(messages)]
    try:
        for start in range(0, len(entries), 10):
            aws.sqs().send_message_batch(QueueUrl=cfg.queue_url, Entries=entries[start:start + 10])
    except Exception:
        log.exception("enqueue failed")
