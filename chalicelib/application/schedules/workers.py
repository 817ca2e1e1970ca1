"""The event-driven workers: the outbox queue, and SES bounce and complaint notifications."""
from __future__ import annotations

import json
from collections.abc import Iterable


def send_queued(bodies: Iterable[str]) -> None:
    """Each SQS message names outbox items (keys only): send them. Single e-mails that fail stay
    in the outbox for a retry; an exception here lets SQS redeliver the message."""
    from ...emails.delivery import drain_refs

    for body in bodies:
        drain_refs(json.loads(body).get("refs", []))


def ses_feedback(message: str) -> int:
    """Permanent bounces and complaints suppress the address for every future e-mail."""
    from ...emails.feedback import handle_notification

    return handle_notification(message)
