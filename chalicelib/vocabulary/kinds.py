"""Kinds of events and of questions a form can ask."""
from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    WORKSHOP = "workshop"
    TRAINING = "training"
    CONFERENCE = "conference"  # parallel sessions: several may be chosen
    STUDY_VISIT = "study_visit"
    SEMINAR = "seminar"
    MEETING = "meeting"
    CONSULTATION = "consultation"  # one-to-one slots: sessions of capacity 1


KINDS = tuple(kind.value for kind in EventKind)
QUESTION_TYPES = ("text", "textarea", "choice", "multichoice", "checkbox", "email", "phone", "country", "date")
RATING = "rating"  # 1 to 5: satisfaction surveys only
RATING_SCALE = (1, 2, 3, 4, 5)
# A survey is anonymous: it asks no question whose answer is an address, a phone number or a date.
SURVEY_QUESTION_TYPES = (RATING, "choice", "multichoice", "checkbox", "text", "textarea")


def several_sessions(kind: str) -> bool:
    """Whether a person may choose more than one session (a conference's parallel tracks)."""
    return kind == EventKind.CONFERENCE
