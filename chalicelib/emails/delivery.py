"""Sending what the outbox holds: at least once, and never twice for the same message.

A message is claimed with a lease (two senders never work on it at once), rendered in the
participant's language, sent through SES, then recorded on the registration and deleted in one
transaction. If SES fails, the message stays for a later try with a growing delay; after
MAX_ATTEMPTS it goes to the dead-letter queue and the registration shows the problem to
organizers. Sending is paced to the SES rate, and SES throttling is retried with backoff.
"""
from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from .. import aws, observability
from ..config import settings
from ..records import Message
from ..store import outbox, suppression
from .pacing import pace

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5
THROTTLE_RETRIES = 4
REFS_PER_QUEUE_MESSAGE = 50
T = TypeVar("T")
log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def _throttled(error: Exception) -> bool:
    response = getattr(error, "response", None) or {}
    code = response.get("Error", {}).get("Code", "")
    return code in ("Throttling", "ThrottlingException") or "Maximum sending rate exceeded" in str(error)


def _send_raw(raw: bytes) -> None:
    """One SES call, paced; throttling is retried with jittered backoff before giving up."""
    configuration_set = settings().ses_configuration_set
    options = {"ConfigurationSetName": configuration_set} if configuration_set else {}
    for attempt in range(THROTTLE_RETRIES + 1):
        pace(settings().ses_rate)
        try:
            aws.ses().send_raw_email(RawMessage={"Data": raw}, **options)
            return
        except Exception as error:
            if not _throttled(error) or attempt == THROTTLE_RETRIES:
                raise
            time.sleep(random.uniform(0, 0.2 * 2 ** attempt))


def _give_up(message: Message, registration_id: str, problem: str) -> None:
    """Keep what failed where operators and organizers see it; stop retrying."""
    cfg = settings()
    if cfg.dead_letter_url:
        try:
            aws.sqs().send_message(QueueUrl=cfg.dead_letter_url, MessageBody=json.dumps(
                {**outbox.message_ref(message), "kind": message.kind, "problem": problem}))
        except Exception:
            log.exception("dead-letter enqueue failed")
    from ..store import registrations as registration_store

    registration = registration_store.load_registration(message.event_id, registration_id)
    if registration is not None:
        suppression.note_problem(registration, f"{message.kind}: {problem}")
    outbox.discard(message)


def send_message(message: Message, events: dict | None = None) -> str:
    """Deliver one outbox message; returns "sent", "skipped" (nothing to do) or "failed"."""
    return send_ref(outbox.message_ref(message), events)


def send_ref(ref: dict[str, str], events: dict | None = None) -> str:
    """Deliver the outbox message `ref` names (a queue message's key): "sent", "skipped" (gone, or
    another sender has it) or "failed". The claim answers with the message, so nothing reads it first."""
    now = _now()
    message = outbox.claim(ref, now, LEASE)
    if message is None:
        return "skipped"
    from .compose import compose  # MIME and the mail templates: the sender's, not an enqueuing request's

    composed = compose(message, events)
    if composed is None:  # registration erased, or already sent
        outbox.discard(message)
        return "skipped"
    registration, raw = composed
    blocked = suppression.suppression_of(registration.email_hash)
    if blocked is not None:
        suppression.note_problem(registration, f"{message.kind}: address suppressed ({blocked.reason})")
        outbox.discard(message)
        return "skipped"
    try:
        _send_raw(raw)
    except Exception as error:  # noqa: BLE001 - any SES failure leaves the message for later
        problem = f"{type(error).__name__}: {error}"
        log.warning("send failed", extra={"kind": message.kind, "error": type(error).__name__})
        if message.attempts >= MAX_ATTEMPTS:  # the claim has counted this attempt
            _give_up(message, registration.registration_id, problem)
        else:
            outbox.release(message, problem, now + _retry_delay(message.attempts))
        return "failed"
    outbox.mark_sent(message, registration, _now())
    return "sent"


def drain(messages: Iterable[Message]) -> dict[str, int]:
    return _drain(messages, send_message)


def drain_refs(refs: Iterable[dict[str, str]]) -> dict[str, int]:
    """What the queue worker does with one SQS message: send the outbox items it names (one gone
    meanwhile, or held by another sender, counts as skipped)."""
    return _drain(refs, send_ref)


def _drain(batch: Iterable[T], send: Callable[[T, dict], str]) -> dict[str, int]:
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    events: dict = {}  # one read of each event per batch
    for item in batch:
        counts[send(item, events)] += 1
    observability.count_delivery(counts)
    return counts


def sweep(limit: int = 250) -> dict[str, int]:
    """Send everything due that nobody is sending now (the scheduled safety net)."""
    return drain(list(outbox.due_messages(_now(), limit)))


def queue_bodies(messages: list[Message]) -> list[str]:
    """SQS message bodies: outbox keys only, up to 50 per message."""
    refs = [outbox.message_ref(m) for m in messages]
    return [json.dumps({"refs": refs[i:i + REFS_PER_QUEUE_MESSAGE]})
            for i in range(0, len(refs), REFS_PER_QUEUE_MESSAGE)]


def after_commit(messages: Iterable[Message]) -> None:
    """Hand freshly committed messages to delivery: inline locally, through SQS in AWS.

    A failure here loses nothing: the messages are in the outbox and the sweep will send them.
    """
    messages = list(messages)
    if not messages:
        return
    observability.count(observability.PROMOTED, sum(1 for m in messages if m.kind == "promoted"))
    cfg = settings()
    if cfg.outbox_mode == "inline":
        try:
            drain(messages)
        except Exception:
            log.exception("inline delivery failed")
        return
    if cfg.outbox_mode != "queue" or not cfg.queue_url:
        return
    bodies = queue_bodies(messages)
    try:
        for start in range(0, len(bodies), 10):
            entries = [{"Id": str(i), "MessageBody": body} for i, body in enumerate(bodies[start:start + 10])]
            for _ in range(2):  # SQS reports failed entries in the answer, not as an error: retry those once
                failed = {f["Id"] for f in aws.sqs().send_message_batch(
                    QueueUrl=cfg.queue_url, Entries=entries).get("Failed", [])}
                entries = [e for e in entries if e["Id"] in failed]
                if not entries:
                    break
            if entries:
                log.warning("enqueue left to the sweep", extra={"messages": len(entries)})
    except Exception:  # the sweep sends what the queue did not get
        log.exception("enqueue failed")
