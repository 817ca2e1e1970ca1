"""Satisfaction surveys in the table: the invitations (each queued once), the survey links, and
the answers, which are kept apart from the people who gave them.

| item          | pk                      | sk          |
|---------------|-------------------------|-------------|
| survey link   | SURVEY#<sha256(token)>  | LINK        |
| survey answer | ANSWERS#<event id>      | <random id> |

An answer item holds the answers alone: no registration id, address hash, link or time, and a
random key (not time-ordered), so neither its content nor its place in the partition points back
to whoever wrote it. The registration keeps only `survey_answered`.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..records import Message, Registration, new_id
from ..vocabulary.statuses import Status
from . import keys
from .convert import event_ref, link_target, message_item, registration_ref
from .models import EventItem, ManageLink, RegistrationItem, SurveyAnswer
from .transaction import Transaction, commit_in_batches

BATCH = 30  # registrations per transaction: three items each, and the event's count


def _not_answered(key: str) -> Any:
    """Still confirmed, not erased, this e-mail not queued yet, and no answer given."""
    return ((RegistrationItem.status == Status.CONFIRMED) & RegistrationItem.emails_queued[key].does_not_exist()
            & RegistrationItem.erased_at.does_not_exist() & RegistrationItem.survey_answered.does_not_exist())


def _invite_batch(batch: list[tuple[Registration, Message, str]], key: str, now: datetime) -> None:
    tx = Transaction()
    for registration, message, token_hash in batch:
        tx.update("registration", registration_ref(registration.event_id, registration.registration_id),
                  [RegistrationItem.emails_queued[key].set(now.isoformat()),
                   RegistrationItem.survey_hash.set(token_hash)], condition=_not_answered(key))
        tx.put("link", ManageLink(keys.survey_link_pk(token_hash), keys.LINK, event_id=registration.event_id,
                                  registration_id=registration.registration_id))
        tx.put("message", message_item(message))
    tx.update("event", event_ref(batch[0][0].event_id), [EventItem.survey_invited.add(len(batch))])
    tx.commit()


def invite(invitations: Sequence[tuple[Registration, Message, str]], key: str, now: datetime) -> list[Message]:
    """Queue each invitation at most once ever (`emails_queued[key]`), with its survey link (the
    token's hash) and the event's count of people invited, in one transaction per batch: a rerun,
    or a run killed half-way and started again, invites nobody twice. All of one event."""
    written = commit_in_batches(invitations, BATCH, lambda batch: _invite_batch(batch, key, now))
    return [message for _, message, _ in written]


def _remind_batch(batch: list[tuple[Registration, Message]], key: str, now: datetime) -> None:
    tx = Transaction()
    for registration, message in batch:
        tx.update("registration", registration_ref(registration.event_id, registration.registration_id),
                  [RegistrationItem.emails_queued[key].set(now.isoformat())],
                  condition=_not_answered(key) & RegistrationItem.survey_hash.exists())
        tx.put("message", message_item(message))
    tx.commit()


def remind(pairs: Sequence[tuple[Registration, Message]], key: str, now: datetime) -> list[Message]:
    """Queue each reminder at most once, and only while the person has not answered (the condition
    holds in the commit: an answer given after the list was read stops the reminder)."""
    written = commit_in_batches(pairs, BATCH, lambda batch: _remind_batch(batch, key, now))
    return [message for _, message in written]


def load_link(token_hash: str) -> tuple[str, str] | None:
    """(event id, registration id) of a survey link."""
    return link_target(keys.survey_link_pk(token_hash))


def record_answer(registration: Registration, answers: dict[str, Any]) -> None:
    """The answers, in an item of their own under a random key, and the registration's "answered"
    flag, in one transaction; Refused ("registration") if it answered already or was erased."""
    tx = Transaction()
    tx.put("answer", SurveyAnswer(keys.answers_pk(registration.event_id), new_id(10), answers=answers),
           condition=SurveyAnswer.pk.does_not_exist())
    tx.update("registration", registration_ref(registration.event_id, registration.registration_id),
              [RegistrationItem.survey_answered.set(True)],
              condition=RegistrationItem.survey_answered.does_not_exist()
              & RegistrationItem.erased_at.does_not_exist() & RegistrationItem.survey_hash.exists())
    tx.commit()


def answers(event_id: str) -> list[dict[str, Any]]:
    """Every answer given to the event's survey (in no meaningful order)."""
    if not keys.fits(event_id):
        return []
    return [dict(item.answers or {}) for item in SurveyAnswer.query(keys.answers_pk(event_id), page_size=500)]
