"""After a commit: hand the e-mails it queued to delivery (inline locally, SQS in AWS).

Every application action that commits mail calls `deliver` with what the domain returned, so no
handler ever has to remember it. A failure here loses nothing: the messages are in the outbox and
the scheduled sweep sends them.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from ..records import Message

T = TypeVar("T")


def deliver(messages: Iterable[Message]) -> None:
    messages = tuple(messages)
    if messages:
        from ..emails.delivery import after_commit  # SES and templates load with the first mail

        after_commit(messages)


def delivered(outcome: T) -> T:
    """The outcome of a committed change, once the e-mails it carries (`outcome.messages`) are handed over."""
    deliver(getattr(outcome, "messages", ()))
    return outcome
