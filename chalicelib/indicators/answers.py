"""Reading a person's answers: each one an offered option or none at all, and the separate consent
that an answer about disability (a special category, Article 9 GDPR) needs."""
from __future__ import annotations

from typing import Any

from ..errors import InvalidInput, Text
from ..vocabulary.indicators import INDICATORS, PREFER_NOT, Indicator

SPECIAL_CONSENT = "special_consent"


def read_answers(questions: list[Indicator], data: Any) -> tuple[dict[str, str], bool]:
    """{indicator: option} for the questions answered, and whether the special consent was given.

    A question left out is not answered (it counts as "not stated"). Every known question's answer
    is checked, also one this project does not ask (which is then not kept), so that one rule holds
    for every project: an offered option, and for a special question an answer other than "prefer
    not to say" only with the consent (true; null or left out is no consent); else nothing is kept.
    Other keys are not read."""
    if not isinstance(data, dict):
        raise InvalidInput(fields={"body": Text("Send a JSON object.")})
    given: dict[str, str] = {}
    errors: dict[str, Text] = {}
    for indicator_id, question in INDICATORS.items():
        value = data.get(indicator_id)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or value not in dict(question.options):
            errors[indicator_id] = Text("Choose one of the answers offered.")
            continue
        given[indicator_id] = value
    consent = data.get(SPECIAL_CONSENT)
    if consent is not None and not isinstance(consent, bool):
        errors[SPECIAL_CONSENT] = Text("Enter true or false.")
    if any(INDICATORS[i].special and value != PREFER_NOT for i, value in given.items()) and consent is not True:
        errors.setdefault(SPECIAL_CONSENT, Text(
            "To share this answer, tick the consent below it, or choose “I prefer not to say”."))
    if errors:
        raise InvalidInput(fields=errors)
    answers = {q.indicator_id: given[q.indicator_id] for q in questions if q.indicator_id in given}
    return answers, consent is True and any(q.special and q.indicator_id in answers for q in questions)
