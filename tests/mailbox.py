"""Reading back what moto's SES received (in-process tests)."""
from __future__ import annotations

import email
import email.policy
from collections import Counter

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends


def sent() -> list[email.message.EmailMessage]:
    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"]
    return [email.message_from_string(m.raw_data, policy=email.policy.default) for m in backend.sent_messages]


def kinds_by_recipient(kind: str | None = None) -> Counter:
    return Counter((str(m["To"]), str(m["X-Zapisy-Kind"])) for m in sent()
                   if kind is None or m["X-Zapisy-Kind"] == kind)


def text_of(message: email.message.EmailMessage) -> str:
    return next(p.get_content() for p in message.walk() if p.get_content_type() == "text/plain")
