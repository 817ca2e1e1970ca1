"""What an organizer may say about an event, checked field by field.

`read_event_fields` turns an untrusted JSON object into clean values (only the keys present,
so the same code serves create and PATCH) and refuses with a message per field.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ..fields import SLUG, FieldErrors, clean_text, flag, integer, localized, moment, slug_list, text
from ..vocabulary.kinds import KINDS, QUESTION_TYPES, SURVEY_QUESTION_TYPES
from .certificate_field import read_certificate

REQUIRED_ON_CREATE = ("title", "kind", "starts_at", "ends_at", "timezone", "capacity")
DEFAULT_REMINDERS = (7 * 24 * 60, 24 * 60)  # minutes before start
MAX_QUESTIONS = 50
MAX_SESSIONS = 200
FIRST_YEAR, LAST_YEAR = 2000, 2100
_OFFSET = re.compile(r"^([1-9][0-9]{0,3}) *([dhm])$")  # ASCII digits and spaces only, as openapi.yaml says
_UNIT_MINUTES = {"d": 1440, "h": 60, "m": 1}


def valid_timezone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name or len(name) > 64 or ".." in name or name.startswith("/"):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones, such as "Europe"
        return False
    return True


def _moment(errors: FieldErrors, data: dict, name: str, *, required: bool = False) -> datetime | None:
    """A time with its offset, within years 2000–2100 as written (a date far outside is a typo)."""
    return moment(errors, data, name, required=required, years=(FIRST_YEAR, LAST_YEAR))


def reminder_offset_label(minutes: int) -> str:
    for unit, size in _UNIT_MINUTES.items():
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{minutes}m"  # pragma: no cover - "m" always divides


def _reminders(errors: FieldErrors, value: Any) -> list[int] | None:
    if not isinstance(value, list) or len(value) > 5:
        errors.add("reminders", "Enter up to 5 reminder times like \"7d\", \"24h\" or \"90m\".")
        return None
    minutes: set[int] = set()
    for item in value:
        match = _OFFSET.match(item.strip(" ").lower()) if isinstance(item, str) else None
        if isinstance(item, int) and not isinstance(item, bool) and 0 < item <= 60 * 24 * 365:
            minutes.add(item)
        elif match and 0 < int(match.group(1)) * _UNIT_MINUTES[match.group(2)] <= 60 * 24 * 365:
            minutes.add(int(match.group(1)) * _UNIT_MINUTES[match.group(2)])
        else:
            errors.add("reminders", "Enter up to 5 reminder times like \"7d\", \"24h\" or \"90m\".")
            return None
    return sorted(minutes, reverse=True)


def _question(errors: FieldErrors, index: int, raw: Any, languages: tuple[str, ...],
              known_ids: set[str], *, types: tuple[str, ...] = QUESTION_TYPES,
              prefix: str = "questions") -> dict | None:
    name = f"{prefix}[{index}]"
    if not isinstance(raw, dict):
        errors.add(name, "Each question must be an object.")
        return None
    local = FieldErrors()
    qid = raw.get("id")
    if not isinstance(qid, str) or not SLUG.match(qid) or qid in known_ids:
        local.add("id", "Use a unique id of lowercase letters, digits, - or _.")
    qtype = raw.get("type")
    if qtype not in types:
        local.add("type", "Unknown question type.")
    label = localized(local, raw, "label", languages, required=True, max_length=300)
    help_text = localized(local, raw, "help", languages, max_length=500)
    question: dict[str, Any] = {
        "id": qid, "type": qtype, "label": label, "required": flag(local, raw, "required"),
        "help": help_text,
    }
    if qtype in ("choice", "multichoice") or "options" in raw:  # well-formed wherever given; kept for choices
        options = raw.get("options")
        if not isinstance(options, list) or not 1 <= len(options) <= 50:
            local.add("options", "Give between 1 and 50 options.")
        else:
            cleaned = []
            for position, option in enumerate(options):
                if isinstance(option, str):
                    option = {"id": f"o{position + 1}", "label": option}
                option_id = option.get("id") if isinstance(option, dict) else None
                if not isinstance(option_id, str) or not SLUG.match(option_id):
                    local.add("options", "Each option needs an id and a label.")
                    break
                cleaned.append({"id": option["id"],
                                "label": localized(local, option, "label", languages,
                                                   required=True, max_length=200)})
            if qtype in ("choice", "multichoice"):
                question["options"] = cleaned
    max_length = integer(local, raw, "max_length", minimum=1, maximum=5000,
                         default=200 if qtype == "text" else 2000)
    if qtype in ("text", "textarea"):
        question["max_length"] = max_length
    show_if = raw.get("show_if")
    if show_if is not None:
        if (not isinstance(show_if, dict) or not isinstance(show_if.get("question"), str)
                or show_if["question"] not in known_ids
                or not isinstance(show_if.get("equals"), (str, bool))):
            local.add("show_if", "Refer to an earlier question and the answer that shows this one.")
        else:
            question["show_if"] = {"question": show_if["question"], "equals": show_if["equals"]}
    for field_name, message in local.errors.items():
        errors.errors.setdefault(f"{name}.{field_name}", message)
    return None if local.errors else question


def _session(errors: FieldErrors, index: int, raw: Any, languages: tuple[str, ...],
             known_ids: set[str]) -> dict | None:
    name = f"sessions[{index}]"
    if not isinstance(raw, dict):
        errors.add(name, "Each session must be an object.")
        return None
    local = FieldErrors()
    sid = raw.get("id")
    if not isinstance(sid, str) or not SLUG.match(sid) or sid in known_ids:
        local.add("id", "Use a unique id of lowercase letters, digits, - or _.")
    title = localized(local, raw, "title", languages, required=True, max_length=200)
    starts = _moment(local, raw, "starts_at")
    ends = _moment(local, raw, "ends_at")
    if starts and ends and ends <= starts:
        local.add("ends_at", "The end must be after the start.")
    capacity = integer(local, raw, "capacity", minimum=1, maximum=100000, required=True)
    for field_name, message in local.errors.items():
        errors.errors.setdefault(f"{name}.{field_name}", message)
    if local.errors:
        return None
    return {"id": sid, "title": title, "capacity": capacity,
            "starts_at": starts.isoformat() if starts else None,
            "ends_at": ends.isoformat() if ends else None}


def _questions(errors: FieldErrors, raw_list: Any, languages: tuple[str, ...], *, name: str = "questions",
               types: tuple[str, ...] = QUESTION_TYPES) -> list[dict] | None:
    """A list of questions, each checked as the registration form's are (ids unique within the list)."""
    if not isinstance(raw_list, list) or len(raw_list) > MAX_QUESTIONS:
        errors.add(name, "Enter a list of at most %(max)s items.", max=MAX_QUESTIONS)
        return None
    known: set[str] = set()
    cleaned = []
    for index, raw in enumerate(raw_list):
        item = _question(errors, index, raw, languages, known, types=types, prefix=name)
        if item:
            known.add(item["id"])
            cleaned.append(item)
    return cleaned


def _survey(errors: FieldErrors, raw: Any, languages: tuple[str, ...]) -> dict | None:
    """`{"enabled": bool, "questions": [...], "reminder": bool}`; null switches the survey off.

    Without `questions` the ready set is used (events/survey.py). Its questions take the form's
    types without the personal ones (e-mail, phone, date, country), plus `rating` (1 to 5).
    """
    from .survey import default_questions

    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - {"enabled", "questions", "reminder"}:
        errors.add("survey", "Send the survey as an object with enabled, questions and reminder.")
        return None
    local = FieldErrors()
    survey = {"enabled": flag(local, raw, "enabled", default=True), "reminder": flag(local, raw, "reminder", True)}
    for field_name, message in local.errors.items():
        errors.errors.setdefault(f"survey.{field_name}", message)
    if raw.get("questions") is None:
        survey["questions"] = default_questions()
    else:
        survey["questions"] = _questions(errors, raw["questions"], languages, name="survey.questions",
                                         types=SURVEY_QUESTION_TYPES)
        if survey["questions"] == [] and survey["enabled"]:
            errors.add("survey.questions", "Ask at least one question.")
    return survey


TRANSLATED = ("title", "description")


def patched_texts(current: dict[str, dict[str, str]], data: Any, languages: tuple[str, ...]) -> Any:
    """A change's translation maps laid over the stored ones, so that one language can be edited alone.

    A language given replaces that language, `null` removes it, and a single string still replaces
    every language; what is left is checked as a whole (a required text keeps at least one language).
    """
    if not isinstance(data, dict):
        return data
    merged = dict(data)
    for name in TRANSLATED:
        given = data.get(name)
        if isinstance(given, dict):
            texts: dict[str, Any] = dict(current.get(name) or {})
            for lang, text in given.items():
                if text is None and (lang in languages or lang == "*"):
                    texts.pop(lang, None)
                else:
                    texts[lang] = text
            merged[name] = texts
    return merged


def read_event_fields(data: Any, languages: tuple[str, ...], *, creating: bool) -> dict[str, Any]:
    """Clean values for the keys present in `data`; raises InvalidInput with per-field messages."""
    errors = FieldErrors()
    if not isinstance(data, dict):
        errors.add("body", "Send a JSON object.")
        errors.raise_if_any()
    if creating:
        for name in REQUIRED_ON_CREATE:
            if data.get(name) in (None, "", {}):
                errors.add(name, "This field is required.")
    values: dict[str, Any] = {}
    if "title" in data:
        values["title"] = localized(errors, data, "title", languages, required=True, max_length=200)
    if "description" in data:
        values["description"] = localized(errors, data, "description", languages,
                                          max_length=10000, multiline=True)
    if "kind" in data:
        if data["kind"] not in KINDS:
            errors.add("kind", "Choose one of: %(choices)s.", choices=", ".join(KINDS))
        values["kind"] = data["kind"]
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        if name in data:
            values[name] = _moment(errors, data, name, required=name in REQUIRED_ON_CREATE)
    if "timezone" in data:
        zone = data["timezone"]
        if not isinstance(zone, str) or not valid_timezone(zone):
            errors.add("timezone", "Enter a time zone like Europe/Warsaw.")
        values["timezone"] = zone
    if "venue" in data:
        values["venue"] = text(errors, data, "venue", max_length=300)
    if "capacity" in data:
        values["capacity"] = integer(errors, data, "capacity", minimum=1, maximum=100000, required=True)
    if "retention_days" in data:
        values["retention_days"] = integer(errors, data, "retention_days", minimum=1, maximum=3650)
    if "reconfirm_days" in data:  # null switches "still coming?" off
        values["reconfirm_days"] = (None if data["reconfirm_days"] is None else
                                    integer(errors, data, "reconfirm_days", minimum=1, maximum=60))
    if "reconfirm_hours" in data:
        values["reconfirm_hours"] = integer(errors, data, "reconfirm_hours", minimum=1, maximum=240)
    if "project" in data:
        project = data["project"]
        if not isinstance(project, str) or not SLUG.match(project):
            errors.add("project", "Use lowercase letters, digits, - or _.")
        values["project"] = project
    for name in ("requires_approval", "invite_only", "double_opt_in", "waitlist_enabled", "sessions_exclusive"):
        if name in data:
            values[name] = flag(errors, data, name)
    if "languages" in data:
        values["languages"] = slug_list(errors, data, "languages", allowed=languages)
    if "audiences" in data:
        values["audiences"] = slug_list(errors, data, "audiences")
    if "reminders" in data:
        values["reminders"] = _reminders(errors, data["reminders"])
    if "invite_codes" in data:
        codes = data["invite_codes"]
        if (not isinstance(codes, list) or len(codes) > 500
                or not all(isinstance(c, str) and 4 <= len(c) <= 64 and clean_text(c) for c in codes)):
            errors.add("invite_codes", "Enter a list of codes of 4 to 64 characters.")
        else:
            values["invite_codes"] = [c.strip() for c in codes]
    if "certificate" in data:
        values["certificate"] = read_certificate(errors, data["certificate"], languages)
    if "questions" in data:
        values["questions"] = _questions(errors, data["questions"], languages)
    if "survey" in data:
        values["survey"] = _survey(errors, data["survey"], languages)
    if "sessions" in data:
        raw_sessions = data["sessions"]
        if not isinstance(raw_sessions, list) or len(raw_sessions) > MAX_SESSIONS:
            errors.add("sessions", "Enter a list of at most %(max)s items.", max=MAX_SESSIONS)
        else:
            known: set[str] = set()
            values["sessions"] = []
            for index, raw in enumerate(raw_sessions):
                item = _session(errors, index, raw, languages, known)
                if item:
                    known.add(item["id"])
                    values["sessions"].append(item)
    errors.raise_if_any()
    return values


def check_times(values: dict[str, Any]) -> None:
    """Cross-field checks on the merged event (after PATCH merges the new values in)."""
    errors = FieldErrors()
    starts: datetime = values["starts_at"]
    ends: datetime = values["ends_at"]
    if ends <= starts:
        errors.add("ends_at", "The end must be after the start.")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes <= opens:
        errors.add("registration_closes_at", "Registration must close after it opens.")
    errors.raise_if_any()
