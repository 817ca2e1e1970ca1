"""store/outbox.py in memory."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.config import settings
from chalicelib.records import Message, Registration
from chalicelib.store.convert import message_key

from .state import state


def _key(message: Message) -> tuple[int, str, str]:
    return message.shard, message.due, message.message_id


def message_ref(message: Message) -> dict[str, str]:
    return message_key(message)


def _by_ref(ref: Any) -> Message | None:
    for message in state().outbox.values():
        if message_key(message) == ref:
            return message
    return None


def load(ref: dict[str, str]) -> Message | None:
    return _by_ref(ref)


def due_messages(now: datetime, limit: int = 100) -> Iterator[Message]:
    upper = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "~"
    for shard in range(settings().outbox_shards):
        due = sorted((k, m) for k, m in state().outbox.items() if k[0] == shard and f"{k[1]}#{k[2]}" <= upper)
        yield from [m for _, m in due][:limit]


def claim(ref: Any, now: datetime, lease: timedelta) -> Message | None:
    with state().lock:
        stored = _by_ref(ref)
        if stored is None or (stored.lease_until is not None and not stored.lease_until < now):
            return None
        claimed = replace(stored, lease_until=now + lease, attempts=stored.attempts + 1)
        state().outbox[_key(stored)] = claimed
        return claimed


def release(message: Message, error: str, retry_at: datetime) -> None:
    with state().lock:
        stored = state().outbox.get(_key(message))
        if stored is not None:
            state().outbox[_key(message)] = replace(stored, lease_until=retry_at, last_error=error[:500])


def discard(message: Message) -> None:
    state().outbox.pop(_key(message), None)


def mark_sent(message: Message, registration: Registration, sent_at: datetime) -> None:
    with state().lock:
        key = (registration.event_id, registration.registration_id)
        stored = state().registrations.get(key)
        state().outbox.pop(_key(message), None)
        if stored is not None:
            state().registrations[key] = replace(
                stored, emails_sent={**stored.emails_sent, message.dedupe_key: sent_at.isoformat()})


def put_many(messages: Sequence[Message]) -> None:
    with state().lock:
        for message in messages:
            state().outbox[_key(message)] = message
