"""Asking a person the project's indicator questions, once per project, and keeping the answers.

People are told apart within a project as the funder report tells them (auth.person_key), so an
answer given at one event counts for the person's later events of the project too. Someone
registered without an address is never asked: there is nobody to recognise next time. The answers
stay as long as the funder's facts do (FACT_YEARS after the year of the event they were given at).
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..auth import person_key
from ..errors import InvalidTransition, Text
from ..records import Event, PersonAnswers, Registration
from ..store import persons as store
from ..vocabulary.indicators import Indicator, asked
from .answers import read_answers

FACT_YEARS = 5  # funders' audits look back five years after the year of the expense (README)


def records_until(event: Event) -> datetime:
    """When what the funder counts of this event goes: the end of the FACT_YEARS-th year after its year."""
    return datetime(event.ends_at.year + FACT_YEARS + 1, 1, 1, tzinfo=UTC)


def person_of(event: Event, registration: Registration) -> str:
    """The person within the event's project; someone added without an address stays on their own."""
    if registration.email_hash:
        return person_key(event.project, registration.email_hash)
    return f"r-{registration.registration_id}"


def questions_of(project_id: str) -> list[Indicator]:
    """The project's questions; none when it asks none (or is not a record)."""
    from ..institutions.recent import directory

    project = directory().project(project_id)
    return asked(project.indicators) if project is not None else []


def to_ask(event: Event, registration: Registration) -> list[Indicator]:
    """The questions this person should still be asked: none once answered, or without an address."""
    questions = questions_of(event.project)
    if not questions or not registration.email_hash or registration.erased_at:
        return []
    return [] if store.load_answers(event.project, person_of(event, registration)) else questions


def answer(event: Event, registration: Registration, data: Any, consent_version: str,
           now: datetime | None = None) -> PersonAnswers:
    """Keep the person's answers; 409 if they answered already, 400 for an answer not offered or an
    Article 9 answer without its consent (nothing is kept then)."""
    questions = questions_of(event.project)
    if not questions or not registration.email_hash:
        raise InvalidTransition(Text("This project asks no such questions."))
    answers, consent = read_answers(questions, data)
    moment = now or datetime.now(UTC)
    record = PersonAnswers(event.project, person_of(event, registration), answers, moment,
                           moment if consent else None, consent_version if consent else None)
    if not store.save_answers(record, records_until(event)):
        raise InvalidTransition(Text("You have answered these questions already. Thank you!"))
    return record
