"""E-mail to many registrants of one event: organizer messages, cancellation, a new time or venue."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..emails import STOPPABLE
from ..errors import InvalidTransition, Text
from ..fields import FieldErrors, text
from ..records import Event, Message, new_id, new_message
from ..store import outbox
from ..store import registrations as store
from ..vocabulary.statuses import ACTIVE, PENDING, EventStatus, Status

AFFECTED = ACTIVE
AUDIENCES = {Status.CONFIRMED.value: (Status.CONFIRMED,), Status.WAITLISTED.value: (Status.WAITLISTED,),
             "pending": PENDING, "checked_in": (Status.CONFIRMED,), "all": AFFECTED}
CHANGE_FIELDS = {"starts_at": "time", "ends_at": "time", "timezone": "time", "venue": "venue"}


@dataclass(frozen=True)
class Broadcast:
    """What one organizer message set off: the e-mails queued, and how many people asked for none."""

    messages: list[Message]
    left_out: int = 0


def notify(event: Event, kind: str, statuses: tuple[str, ...], payload: dict[str, Any] | None = None,
           *, checked_in_only: bool = False) -> list[Message]:
    """Queue `kind` for every registration of the event in `statuses` (one message each)."""
    return _queue(event, kind, statuses, payload, checked_in_only=checked_in_only).messages


def _queue(event: Event, kind: str, statuses: tuple[str, ...], payload: dict[str, Any] | None,
           *, checked_in_only: bool = False, unless_stopped: bool = False) -> Broadcast:
    """`unless_stopped`: leave out (and count) whoever stopped the organizer's messages."""
    batch_id = new_id(4)
    chosen = [registration for registration in store.with_status(event.event_id, statuses)
              if registration.email and not registration.erased_at  # someone added at a desk may have none
              and (not checked_in_only or registration.checked_in_at)]
    stopped = [r for r in chosen if unless_stopped and r.messages_stopped_at]
    messages = [new_message(kind, event.event_id, registration.registration_id,
                            dedupe_key=f"{kind}:{batch_id}", payload=payload)
                for registration in chosen if not (unless_stopped and registration.messages_stopped_at)]
    outbox.put_many(messages)
    return Broadcast(messages, len(stopped))


def organizer_message(event: Event, data: Any) -> Broadcast:
    """An organizer writes to registrants chosen by status (confirmed, waitlisted, pending, checked_in, all)."""
    errors = FieldErrors()
    if not isinstance(data, dict):
        errors.add("body", "Send a JSON object.")
        errors.raise_if_any()
    subject = text(errors, data, "subject", required=True, max_length=150)
    body = text(errors, data, "body", required=True, max_length=5000, multiline=True)
    audience = data.get("to", [Status.CONFIRMED.value])
    if isinstance(audience, str):
        audience = [audience]
    if (not isinstance(audience, list) or not audience
            or not all(isinstance(a, str) and a in AUDIENCES for a in audience)):
        errors.add("to", "Choose from: %(choices)s.", choices=", ".join(AUDIENCES))
    errors.raise_if_any()
    statuses = tuple(sorted({s for a in audience for s in AUDIENCES[a]}))
    checked_in_only = audience == ["checked_in"]
    if event.status == EventStatus.CANCELLED and set(statuses) - {Status.CANCELLED}:
        raise InvalidTransition(Text("This event is cancelled."))  # well-formed; the event's state forbids it
    return _queue(event, STOPPABLE, statuses, {"subject": subject, "body": body},
                  checked_in_only=checked_in_only, unless_stopped=True)


def changes_between(before: Event, after: Event) -> list[str]:
    """Which facts a participant relies on changed: "time", "venue" (each once)."""
    changed: list[str] = []
    for name, label in CHANGE_FIELDS.items():
        if getattr(before, name) != getattr(after, name) and label not in changed:
            changed.append(label)
    return changed
