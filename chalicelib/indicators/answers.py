"""Reading a person's answers: each one an offered option or none at all, and the separate consent
that an answer about disability (a special category, Article 9 GDPR) needs."""
from __future__ import annotations

from typing import Any

from ..errors import InvalidInput, Text
from ..vocabulary.indicators import PREFER_NOT, Indicator

SPECIAL_CONSENT = "special_consent"


def read_answers(questions: list[Indicator], data: Any) -> tuple[dict[str, str], bool]:
    """{indicator: option} for the questions answered, and whether the special consent was given.

    A question left out is not answered (it counts as "not stated"). An answer to a special
    question other than "prefer not to say" needs the consent, else nothing is kept."""
    if not isinstance(data, dict):
        raise InvalidInput(fields={"body": Text("Send a JSON object.")})
    answers: dict[str, str] = {}
    errors: dict[str, Text] = {}
    for question in questions:
        value = data.get(question.indicator_id)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or value not in dict(question.options):
            errors[question.indicator_id] = Text("Choose one of the answers offered.")
            continue
        answers[question.indicator_id] = value
    consent = data.get(SPECIAL_CONSENT) in (True, "on", "yes", "true")
    for question in questions:
        if question.special and answers.get(question.indicator_id, PREFER_NOT) != PREFER_NOT and not consent:
            errors[SPECIAL_CONSENT] = Text(
                "To share this answer, tick the consent below it, or choose “I prefer not to say”.")
    if errors:
        raise InvalidInput(fields=errors)
    return answers, consent and any(q.special and q.indicator_id in answers for q in questions)
