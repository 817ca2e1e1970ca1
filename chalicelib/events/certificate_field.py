"""An event's certificate of attendance settings, as organizers give them (the `certificate` field).

    {"enabled": true, "min_attendance": 0.8, "hours": 4, "text": {"pl": "…", "en": "…", "uk": "…"},
     "signatory": "…"}

Defaults where omitted: off, 80 % attendance, no hours printed, no text, no signatory. `text` says
what the event covered, printed under its title.
"""
from __future__ import annotations

from typing import Any

from ..fields import FieldErrors, clean_text

DEFAULT_MIN_ATTENDANCE = 0.8
FIELD = "certificate"


def default_certificate() -> dict[str, Any]:
    return {"enabled": False, "min_attendance": DEFAULT_MIN_ATTENDANCE, "hours": None, "text": {}, "signatory": ""}


def _number_in(value: Any, above: float, most: float) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and above < value <= most


def read_certificate(errors: FieldErrors, value: Any, languages: tuple[str, ...]) -> dict[str, Any] | None:
    """The settings with their defaults; None (and a field error) for anything else."""
    if not isinstance(value, dict) or set(value) - set(default_certificate()):
        errors.add(FIELD, "Send an object with enabled, min_attendance, hours, text and signatory.")
        return None
    settings = default_certificate()
    enabled = value.get("enabled", False)
    share = value.get("min_attendance", DEFAULT_MIN_ATTENDANCE)
    hours = value.get("hours")
    text = {} if value.get("text") is None else value["text"]  # null: none, as when left out
    signatory = "" if value.get("signatory") is None else value["signatory"]
    if not isinstance(enabled, bool):
        errors.add(FIELD, "Say true or false for enabled.")
    elif not _number_in(share, 0, 1):
        errors.add(FIELD, "Give the attendance needed as a share above 0 and at most 1, e.g. 0.8.")
    elif hours is not None and not _number_in(hours, 0, 1000):
        errors.add(FIELD, "Give the hours as a number above 0 and at most 1000.")
    elif (not isinstance(text, dict) or set(text) - set(languages)
          or not all(isinstance(t, str) and len(t) <= 1500 for t in text.values())):
        errors.add(FIELD, "Give the text per language, at most 1500 characters each.")
    elif not isinstance(signatory, str) or len(signatory) > 300:
        errors.add(FIELD, "Give the signatory in at most 300 characters.")
    else:
        settings.update(enabled=enabled, min_attendance=float(share), hours=hours,
                        text={k: clean_text(v, multiline=True) for k, v in text.items() if v.strip()},
                        signatory=clean_text(signatory))
        return settings
    return None
