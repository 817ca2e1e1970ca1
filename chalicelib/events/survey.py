"""The satisfaction survey an event may send after it: on or off, one reminder or none, and the
questions. An organizer who switches it on without writing questions gets the ready set below,
written out in every language, so it reads well to participants and can be edited like any other.
"""
from __future__ import annotations

from typing import Any

from ..i18n import N_, gettext
from ..vocabulary.kinds import RATING

LANGUAGES = ("pl", "en", "uk")
RATING_HELP = N_("1 means very poor, 5 means excellent.")
DEFAULT_QUESTIONS = (
    ("overall", RATING, N_("Overall, how would you rate the event?"), True),
    ("useful", RATING, N_("How useful was it for you?"), True),
    ("organisation", RATING, N_("How well was it organised?"), True),
    ("change", "textarea", N_("What should we change?"), False),
)


def _in_every_language(msgid: str) -> dict[str, str]:
    return {language: gettext(language, msgid) for language in LANGUAGES}


def default_questions() -> list[dict[str, Any]]:
    """The ready questions: overall rating, usefulness, organisation (1 to 5) and what to change."""
    questions = []
    for question_id, kind, label, required in DEFAULT_QUESTIONS:
        question: dict[str, Any] = {"id": question_id, "type": kind, "label": _in_every_language(label),
                                    "required": required,
                                    "help": _in_every_language(RATING_HELP) if kind == RATING else {}}
        if kind == "textarea":
            question["max_length"] = 2000
        questions.append(question)
    return questions


def enabled(survey: dict[str, Any] | None) -> bool:
    """Whether the event sends its survey (an event written before surveys existed has none)."""
    return bool(survey and survey.get("enabled"))


def reminds(survey: dict[str, Any] | None) -> bool:
    """Whether those who have not answered get one reminder."""
    return enabled(survey) and bool(survey and survey.get("reminder"))
