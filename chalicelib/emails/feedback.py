"""SES bounce and complaint notifications (configuration set → SNS) → suppressed addresses."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import parseaddr

from .. import auth
from ..store import suppression
from ..vocabulary.addresses import normalise_address


def suppressible(notification: dict) -> tuple[list[str], str]:
    """The addresses to suppress and why; transient bounces (mailbox full) suppress nothing."""
    kind = notification.get("notificationType") or notification.get("eventType")
    if kind == "Bounce":
        bounce = notification.get("bounce", {})
        if bounce.get("bounceType") != "Permanent":
            return [], ""
        return [r.get("emailAddress", "") for r in bounce.get("bouncedRecipients", [])], "bounce"
    if kind == "Complaint":
        complaint = notification.get("complaint", {})
        return [r.get("emailAddress", "") for r in complaint.get("complainedRecipients", [])], "complaint"
    return [], ""


def handle_notification(message: str) -> int:
    """Suppress what the notification names; returns how many addresses."""
    try:
        notification = json.loads(message)
    except ValueError:
        return 0
    if not isinstance(notification, dict):
        return 0
    addresses, reason = suppressible(notification)
    now = datetime.now(UTC)
    count = 0
    for raw in addresses:
        address = parseaddr(raw)[1] if isinstance(raw, str) else ""
        if "@" in address:
            suppression.suppress(auth.email_hash(normalise_address(address)), reason, now)
            count += 1
    return count
