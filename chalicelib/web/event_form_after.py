"""The event editor's part about what comes after the event: the certificate of attendance and the
satisfaction survey (its two boxes and its question rows `v<n>-<field>`), between the form's fields
and the API's objects."""
from __future__ import annotations

import json
from typing import Any

from ..errors import Text
from ..events.survey import default_questions
from ..vocabulary.kinds import RATING
from .event_form_rows import Row, free_id, question_rows, questions_from_rows
from .forms import by_language

CERTIFICATE_FLAG = "certificate_enabled"
SURVEY_FLAG = "survey_enabled"
SURVEY_ROW = "v"  # the survey's question rows: v0-label-pl, v0-type …


def certificate_fields(certificate: dict[str, Any], languages: tuple[str, ...]) -> dict[str, str]:
    """An event's certificate settings as the editor's fields."""
    fields = {"certificate_percent": _percent(certificate.get("min_attendance", 0.8)),
              "certificate_hours": _figure(certificate.get("hours")),
              "certificate_signatory": certificate.get("signatory") or ""}
    for lang in languages:
        fields[f"certificate_text-{lang}"] = (certificate.get("text") or {}).get(lang, "")
    return fields


def _percent(share: Any) -> str:
    return _figure(round(float(share) * 100, 2)) if isinstance(share, (int, float)) else "80"


def _figure(value: Any) -> str:
    """4 as "4", 1.5 as "1.5", None as ""."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _decimal(raw: str) -> float | str | None:
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        return raw


def certificate_settings(errors: dict[str, Text], editor: Any) -> dict[str, Any]:
    """The certificate's settings: the threshold typed as a percentage, the API takes a share."""
    percent = _decimal(editor.get("certificate_percent"))
    if isinstance(percent, str) or (percent is not None and not 0 < percent <= 100):
        errors["certificate_percent"] = Text("Enter a percentage above 0 and at most 100.")
        percent = None
    return {"enabled": CERTIFICATE_FLAG in editor.flags,
            "min_attendance": round(percent / 100, 4) if percent is not None else 0.8,
            "hours": _decimal(editor.get("certificate_hours")),
            "text": by_language(editor.fields, "certificate_text", editor.languages),
            "signatory": editor.get("certificate_signatory")}


def survey_rows(survey: dict[str, Any] | None, languages: tuple[str, ...], page_language: str) -> list[Row]:
    """The survey's own questions as the editor's rows (the survey has no `show_if`)."""
    return question_rows(list((survey or {}).get("questions") or []), languages, page_language)


def ready_survey_rows(languages: tuple[str, ...]) -> list[Row]:
    """The ready questions (events/survey.py) as rows, in every language, to be edited like any other."""
    return question_rows(default_questions(), languages, "en")


def show_ready_survey(editor: Any) -> None:
    """A survey switched on without questions of its own asks the ready ones: the page shows them as
    rows, so the organizer sees what will be asked and can change it."""
    if SURVEY_FLAG in editor.flags and not editor.survey_questions:
        editor.survey_questions = ready_survey_rows(editor.languages)


def add_survey_question(editor: Any) -> None:
    """One more survey question, a rating (the survey's usual question); after the ready ones if none
    are written, since a survey without questions of its own asks those."""
    if not editor.survey_questions:
        editor.survey_questions = ready_survey_rows(editor.languages)
    rows = editor.survey_questions
    rows.append({"id": free_id("q", {r.get("id", "") for r in rows}), "type": RATING, "position": str(len(rows) + 1)})


def carried_survey(raw: str, languages: tuple[str, ...]) -> list[Row]:
    """The questions of an editor page opened before the survey had rows (they came in a hidden JSON
    field), so that saving such a page keeps them."""
    try:
        return question_rows(json.loads(raw), languages, "en") if raw.strip() else []
    except (ValueError, TypeError, KeyError, AttributeError):  # not questions: nothing to keep
        return []


def survey_settings(errors: dict[str, Text], editor: Any) -> dict[str, Any] | None:
    """On or off and the reminder, from the two boxes, and the questions from their rows; none
    written: the API asks the ready ones. Switching the survey off keeps its questions."""
    questions = questions_from_rows(errors, SURVEY_ROW, editor.survey_questions, editor.languages)
    enabled = SURVEY_FLAG in editor.flags
    if not enabled and not questions:
        return None
    return {"enabled": enabled, "reminder": "survey_reminder" in editor.flags,
            **({"questions": questions} if questions else {})}
