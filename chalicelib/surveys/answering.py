"""A participant answers the survey once, through the link in the invitation.

The link's token is looked up by its hash (store/surveys.py), like the manage link's. The answers
are checked as the registration form's are, then written apart from the person, in the same
transaction as the registration's "answered" flag, whose condition refuses a second answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import auth
from ..errors import DomainError, RegistrationNotFound
from ..events.survey import enabled
from ..fields import FieldErrors
from ..i18n import N_
from ..records import Event, Registration
from ..registration.form import read_answers
from ..store import events as event_store
from ..store import registrations as store
from ..store import surveys as survey_store
from ..store.refusals import Refused


class AlreadyAnswered(DomainError):
    status = 409
    code = "survey_answered"
    heading = N_("You have already answered")
    msgid = N_("Each person answers this survey once, and your answers are saved. Thank you!")


class SurveyClosed(DomainError):
    status = 409
    code = "survey_closed"
    msgid = N_("This survey is closed.")


@dataclass(frozen=True)
class Invited:
    """Whoever holds the link: their registration (for the flag and language) and the event."""

    event: Event
    registration: Registration

    @property
    def questions(self) -> list[dict[str, Any]]:
        return list((self.event.survey or {}).get("questions") or [])


def find(token: str) -> Invited:
    """The registration and event behind a survey link; not found for an unknown or erased one."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise RegistrationNotFound()
    link = survey_store.load_link(auth.token_hash(token))
    registration = link and store.load_registration(*link)
    event = registration and event_store.load_event(registration.event_id)
    if not registration or registration.erased_at or not event:
        raise RegistrationNotFound()
    return Invited(event, registration)


def open_survey(token: str) -> Invited:
    """The survey to answer: refused once answered (409), or when the organizer switched it off."""
    invited = find(token)
    if invited.registration.survey_answered:
        raise AlreadyAnswered()
    if not enabled(invited.event.survey):
        raise SurveyClosed()
    return invited


def read(invited: Invited, raw_answers: Any) -> dict[str, Any]:
    """The answers, checked against the survey's questions; InvalidInput names each wrong one."""
    errors = FieldErrors()
    answers = read_answers(errors, invited.questions, raw_answers)
    errors.raise_if_any()
    return answers


def answer(token: str, raw_answers: Any) -> Invited:
    """Check and store the answers once; a second answer (even at the same moment) is refused."""
    invited = open_survey(token)
    answers = read(invited, raw_answers)
    try:
        survey_store.record_answer(invited.registration, answers)
    except Refused:
        current = find(token)
        raise AlreadyAnswered() if current.registration.survey_answered else RegistrationNotFound() from None
    return invited
