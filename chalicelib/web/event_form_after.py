"""The event editor's part about what comes after the event: the certificate of attendance and the
satisfaction survey, between the form's fields and the API's objects."""
from __future__ import annotations

import json
from typing import Any

from ..errors import Text
from .forms import by_language

CERTIFICATE_FLAG = "certificate_enabled"


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


def survey_settings(editor: Any) -> dict[str, Any] | None:
    """On or off and the reminder, from the two boxes; the questions as they were (the ready set for
    a new survey), carried in a hidden field so that switching the survey off and on keeps them."""
    try:
        questions = json.loads(editor.get("survey_questions")) if editor.get("survey_questions").strip() else None
    except ValueError:
        questions = None
    enabled = "survey_enabled" in editor.flags
    if not enabled and not questions:
        return None
    return {"enabled": enabled, "reminder": "survey_reminder" in editor.flags,
            **({"questions": questions} if questions else {})}
