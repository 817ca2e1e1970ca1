"""Event-driven workers: the outbox queue, and SES bounce/complaint notifications via SNS."""
from __future__ import annotations

import os
from typing import Any

from chalice import Blueprint

from ...observability import observed

workers = Blueprint(__name__)

# Resource names are fixed at packaging time (infra/ creates the queue and the topic).
OUTBOX_QUEUE = os.environ.get("ZAPISY_OUTBOX_QUEUE", "zapisy-outbox")
FEEDBACK_TOPIC = os.environ.get("ZAPISY_FEEDBACK_TOPIC", "zapisy-ses-feedback")


@workers.on_sqs_message(queue=OUTBOX_QUEUE, batch_size=1)
@observed
def send_queued(event: Any) -> None:
    """One SQS message (batch size 1, so one failure never resends others) names outbox items.

    Failures of single e-mails are kept in the outbox for retry; an exception here (e.g. the
    table unreachable) lets SQS redeliver, and after five tries the message lands in the DLQ.
    """
    from ...application.schedules.workers import send_queued as send

    send(record.body for record in event)


@workers.on_sns_message(topic=FEEDBACK_TOPIC)
@observed
def ses_feedback(event: Any) -> None:
    """Permanent bounces and complaints suppress the address for every future e-mail."""
    from ...application.schedules.workers import ses_feedback as suppress

    suppress(event.message)
