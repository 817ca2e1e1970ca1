"""The funder's voluntary questions, through the participant's own link: asked once per project.

Only the link proves who answers, so the questions are reached through it (the manage page, the
link in the confirmation e-mail, or the API with the token), never offered on the strength of an
address typed into a sign-up form: anybody can type somebody else's address.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...records import PersonAnswers
from ...vocabulary.indicators import Indicator
from .manage import Own, own_registration


@dataclass(frozen=True)
class Questionnaire:
    """The questions for this person now (none once answered), and whether the project asks any."""

    own: Own
    questions: list[Indicator]
    asks: bool


def questionnaire(token: str) -> Questionnaire:
    from ...indicators import service

    own = own_registration(token)
    return Questionnaire(own, service.to_ask(own.event, own.registration),
                         bool(service.questions_of(own.event.project)))


def answer(token: str, data: Any) -> PersonAnswers:
    """Keep the answers (400: an answer not offered, or an Article 9 answer without its consent;
    409: answered already)."""
    from ...indicators import service
    from ...institutions.notices import consent_version

    own = own_registration(token)
    return service.answer(own.event, own.registration, data, consent_version(own.event.project))
