"""Outbox items: e-mails waiting to be sent, written in the transaction of the change they announce."""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist, UpdateError

from ..config import settings
from . import keys
from .models import OutboxMessage, RegistrationItem
from .transaction import Refused, Transaction, update_if


def new_message(kind: str, event_id: str, registration_id: str, *, dedupe_key: str | None = None,
                payload: dict[str, Any] | None = None, due: datetime | None = None) -> OutboxMessage:
    message_id = keys.new_id(10)
    shard = zlib.crc32(message_id.encode()) % settings().outbox_shards
    due_iso = (due or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return OutboxMessage(keys.outbox_pk(shard), keys.outbox_sk(due_iso, message_id),
                         message_id=message_id, kind=kind, event_id=event_id,
                         registration_id=registration_id, dedupe_key=dedupe_key or kind,
                         payload=payload or {})


def message_ref(message: OutboxMessage) -> dict[str, str]:
    """What a queue message carries: the outbox item's key, nothing personal."""
    return {"pk": message.pk, "sk": message.sk}


def load_many(refs: list[dict[str, str]]) -> list[OutboxMessage]:
    """The outbox items a queue message names that still exist (one BatchGetItem per 100)."""
    keys_wanted = [(ref["pk"], ref["sk"]) for ref in refs if isinstance(ref, dict) and "pk" in ref and "sk" in ref]
    found = {(m.pk, m.sk): m for m in OutboxMessage.batch_get(keys_wanted, consistent_read=True)}
    return [found[key] for key in keys_wanted if key in found]


def load(ref: dict[str, str]) -> OutboxMessage | None:
    try:
        return OutboxMessage.get(ref["pk"], ref["sk"], consistent_read=True)
    except DoesNotExist:
        return None


def due_messages(now: datetime, limit: int = 100) -> Iterator[OutboxMessage]:
    """Every due message across the shards (the sweep's safety net)."""
    upper = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "~"
    for shard in range(settings().outbox_shards):
        yield from OutboxMessage.query(keys.outbox_pk(shard), OutboxMessage.sk <= upper,
                                       consistent_read=True, limit=limit)


def claim(message: OutboxMessage, now: datetime, lease: timedelta) -> bool:
    """Take a lease so that two senders never work on the same message at once."""
    return update_if(message, [OutboxMessage.lease_until.set(now + lease),
                               OutboxMessage.attempts.set(OutboxMessage.attempts + 1)],
                     OutboxMessage.pk.exists() & (
                         OutboxMessage.lease_until.does_not_exist() | (OutboxMessage.lease_until < now)))


def release(message: OutboxMessage, error: str, retry_at: datetime) -> None:
    """Give the message back for a later try, keeping the error for organizers to see."""
    try:
        message.update(actions=[OutboxMessage.lease_until.set(retry_at),
                                OutboxMessage.last_error.set(error[:500])],
                       condition=OutboxMessage.pk.exists())
    except UpdateError:
        pass


def discard(message: OutboxMessage) -> None:
    try:
        message.delete()
    except DeleteError:
        pass


def mark_sent(message: OutboxMessage, registration: RegistrationItem, sent_at: datetime) -> None:
    """Record the send on the registration and drop the message, in one transaction."""
    tx = Transaction()
    tx.delete("message", message)
    tx.update("registration", registration,
              [RegistrationItem.emails_sent[message.dedupe_key].set(sent_at.isoformat())],
              condition=RegistrationItem.pk.exists())
    try:
        tx.commit()
    except Refused:
        discard(message)  # the registration was erased meanwhile: nothing to record


def put_many(messages: list[OutboxMessage]) -> None:
    """Queue e-mails that need no guard (organizer messages, event changes): batched writes."""
    with OutboxMessage.batch_write() as batch:
        for message in messages:
            batch.save(message)
