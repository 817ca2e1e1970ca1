"""Outbox items: e-mails waiting to be sent, written in the transaction of the change they announce."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist, UpdateError

from ..config import settings
from ..records import Message, Registration
from . import keys
from .convert import message_item, message_key, message_record, registration_ref
from .models import OutboxMessage, RegistrationItem
from .refusals import Refused
from .transaction import Transaction, update_if


def message_ref(message: Message) -> dict[str, str]:
    """What a queue message carries: the outbox item's key, nothing personal."""
    return message_key(message)


def load(ref: dict[str, str]) -> Message | None:
    try:
        return message_record(OutboxMessage.get(ref["pk"], ref["sk"], consistent_read=True))
    except DoesNotExist:
        return None


def due_messages(now: datetime, limit: int = 100) -> Iterator[Message]:
    """Every due message across the shards (the sweep's safety net)."""
    upper = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "~"
    for shard in range(settings().outbox_shards):
        for item in OutboxMessage.query(keys.outbox_pk(shard), OutboxMessage.sk <= upper, consistent_read=True,
                                        limit=limit):
            yield message_record(item)


def _ref(message: Message) -> OutboxMessage:
    key = message_key(message)
    return OutboxMessage(key["pk"], key["sk"])


def _outbox_key(ref: Any) -> tuple[str, str] | None:
    """(pk, sk) of a queue message's ref if it names an outbox item; a malformed one names nothing."""
    if not isinstance(ref, dict):
        return None
    pk, sk = ref.get("pk"), ref.get("sk")
    return (pk, sk) if isinstance(pk, str) and isinstance(sk, str) and pk.startswith(keys.OUTBOX) else None


def claim(ref: Any, now: datetime, lease: timedelta) -> Message | None:
    """Take a lease on the outbox item `ref` (a queue message's key) so that two senders never work on
    the same message at once; the claimed message (its attempts counted), or None if another sender
    holds it, it is gone, or `ref` names no outbox item.

    The update answers with the whole item, so a sender needs no read of it before: a queue
    message's keys are claimed as they come."""
    key = _outbox_key(ref)
    if key is None:
        return None
    item = OutboxMessage(*key)
    if not update_if(item, [OutboxMessage.lease_until.set(now + lease),
                            OutboxMessage.attempts.set(OutboxMessage.attempts + 1)],
                     OutboxMessage.pk.exists() & (
                         OutboxMessage.lease_until.does_not_exist() | (OutboxMessage.lease_until < now))):
        return None
    return message_record(item)


def release(message: Message, error: str, retry_at: datetime) -> None:
    """Give the message back for a later try, keeping the error for organizers to see."""
    try:
        _ref(message).update(actions=[OutboxMessage.lease_until.set(retry_at),
                                      OutboxMessage.last_error.set(error[:500])],
                             condition=OutboxMessage.pk.exists())
    except UpdateError:
        pass


def discard(message: Message) -> None:
    try:
        _ref(message).delete()
    except DeleteError:
        pass


def mark_sent(message: Message, registration: Registration, sent_at: datetime) -> None:
    """Record the send on the registration and drop the message, in one transaction."""
    tx = Transaction()
    tx.delete("message", _ref(message))
    tx.update("registration", registration_ref(registration.event_id, registration.registration_id),
              [RegistrationItem.emails_sent[message.dedupe_key].set(sent_at.isoformat())],
              condition=RegistrationItem.pk.exists())
    try:
        tx.commit()
    except Refused:
        discard(message)  # the registration was erased meanwhile: nothing to record


def put_many(messages: Sequence[Message]) -> None:
    """Queue e-mails that need no guard (organizer messages, event changes): batched writes."""
    with OutboxMessage.batch_write() as batch:
        for message in messages:
            batch.save(message_item(message))
