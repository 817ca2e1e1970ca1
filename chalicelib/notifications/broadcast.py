"""E-mail to many registrants of one event: organizer messages, cancellation, a new time or venue."""
from __future__ import annotations

from typing import Any

from ..errors import InvalidInput, Text
from ..fields import FieldErrors, text
from ..store import outbox
from ..store import registrations as store
from ..store.keys import new_id
from ..store.models import EventItem, OutboxMessage

AFFECTED = ("pending_email", "pending_approval", "confirmed", "waitlisted")
AUDIENCES = {"confirmed": ("confirmed",), "waitlisted": ("waitlisted",), "pending": ("pending_approval",
             "pending_email"), "checked_in": ("confirmed",), "all": AFFECTED}
CHANGE_FIELDS = {"starts_at": "time", "ends_at": "time", "timezone": "time", "venue": "venue"}


def notify(event: EventItem, kind: str, statuses: tuple[str, ...], payload: dict[str, Any] | None = None,
           *, checked_in_only: bool = False) -> list[OutboxMessage]:
    """Queue `kind` for every registration of the event in `statuses` (one message each)."""
    batch_id = new_id(4)
    messages = [outbox.new_message(kind, event.event_id, registration.registration_id,
                                   dedupe_key=f"{kind}:{batch_id}", payload=payload)
                for registration in store.with_status(event.event_id, statuses)
                if not registration.erased_at and (not checked_in_only or registration.checked_in_at)]
    outbox.put_many(messages)
    return messages


def organizer_message(event: EventItem, data: Any) -> list[OutboxMessage]:
    """An organizer writes to registrants chosen by status (confirmed, waitlisted, pending, checked_in, all)."""
    errors = FieldErrors()
    if not isinstance(data, dict):
        errors.add("body", "Send a JSON object.")
        errors.raise_if_any()
    subject = text(errors, data, "subject", required=True, max_length=150)
    body = text(errors, data, "body", required=True, max_length=5000, multiline=True)
    audience = data.get("to", ["confirmed"])
    if isinstance(audience, str):
        audience = [audience]
    if (not isinstance(audience, list) or not audience
            or not all(isinstance(a, str) and a in AUDIENCES for a in audience)):
        errors.add("to", "Choose from: %(choices)s.", choices=", ".join(AUDIENCES))
    errors.raise_if_any()
    statuses = tuple(sorted({s for a in audience for s in AUDIENCES[a]}))
    checked_in_only = audience == ["checked_in"]
    if event.status == "cancelled" and set(statuses) - {"cancelled"}:
        raise InvalidInput(Text("This event is cancelled."))
    return notify(event, "organizer_message", statuses, {"subject": subject, "body": body},
                  checked_in_only=checked_in_only)


def changes_between(before: EventItem, after: EventItem) -> list[str]:
    """Which facts a participant relies on changed: "time", "venue" (each once)."""
    changed: list[str] = []
    for name, label in CHANGE_FIELDS.items():
        if getattr(before, name) != getattr(after, name) and label not in changed:
            changed.append(label)
    return changed
