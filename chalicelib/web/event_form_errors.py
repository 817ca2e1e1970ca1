"""Where the editor shows each refusal: spec.py's field names (`questions[2].label`,
`survey.questions[0].options`) turned into the form's rows (`q2-label`, `v0-options`), the input the
error summary links to, and the field's name in words."""
from __future__ import annotations

import re

from ..errors import Text
from ..i18n import N_, gettext

FIELD_LABELS = {  # in the order of the form
    "title": N_("Title"), "description": N_("Description"), "kind": N_("Type of event"), "project": N_("Project"),
    "venue": N_("Venue"), "capacity": N_("Seats"), "timezone": N_("Time zone"), "starts_at": N_("Starts"),
    "ends_at": N_("Ends"), "registration_opens_at": N_("Registration opens"),
    "registration_closes_at": N_("Registration closes"), "languages": N_("Languages offered"),
    "audiences": N_("Audiences"), "requires_approval": N_("Organizers approve each registration"),
    "double_opt_in": N_("Participants confirm their e-mail address first"),
    "waitlist_enabled": N_("Waiting list when the event is full"),
    "sessions_exclusive": N_("Sessions at overlapping times exclude each other"),
    "invite_only": N_("By invitation only"), "invite_codes": N_("Invitation codes"), "reminders": N_("Reminders"),
    "reconfirm_days": N_("Ask “still coming?” this many days before"), "reconfirm_hours": N_("Hours to answer"),
    "retention_days": N_("Keep personal data for this many days after the event"),
    "certificate": N_("Certificate of attendance"), "certificate_percent": N_("Attendance needed, in per cent"),
    "survey": N_("Satisfaction survey"), "survey_questions": N_("Survey questions"), "questions": N_("Questions"),
    "sessions": N_("Sessions"),
    "slots_count": N_("Number of slots"), "slots_minutes": N_("Minutes each"),
    "slots_from": N_("First slot starts at"), "slots_date": N_("Date of the slots"),
    "slots_capacity": N_("Seats in each slot"), "slots_break": N_("Break between slots (minutes)"),
}
QUESTION_LABELS = {"id": N_("Id"), "type": N_("Type of answer"), "required": N_("Required"),
                   "label": N_("Question"), "help": N_("Help text"), "options": N_("Options"),
                   "show_if": N_("Show only if"), "max_length": N_("Maximum length")}
SESSION_LABELS = {"id": N_("Id"), "title": N_("Title"), "starts_at": N_("Starts"), "ends_at": N_("Ends"),
                  "capacity": N_("Seats")}
PER_LANGUAGE = {"title", "description", "languages", "label", "help", "options"}
ROW_LISTS = {"questions": "q", "sessions": "s", "survey.questions": "v"}  # spec.py's lists → the form's row prefixes
ROW_SECTIONS = {"q": "questions", "s": "sessions", "v": "survey_questions"}
_SPEC_ROW = re.compile(r"^(questions|sessions|survey\.questions)\[(\d+)\](?:\.(\w+))?$")
_FORM_ROW = re.compile(r"^([qsv])(\d+)(?:-(\w+))?$")


def form_key(spec_key: str) -> str:
    """`questions[2].label` → `q2-label`; `survey.questions[0]` → `v0`; `sessions[0]` → `s0`; the
    survey's list as a whole → `survey_questions`, its other settings → its box; any other name stays."""
    match = _SPEC_ROW.match(spec_key)
    if match:
        prefix = ROW_LISTS[match.group(1)]
        return f"{prefix}{match.group(2)}" + (f"-{match.group(3)}" if match.group(3) else "")
    if spec_key == "survey.questions":
        return "survey_questions"
    return "survey" if spec_key.startswith("survey") else spec_key


def anchor(key: str, languages: tuple[str, ...]) -> str:
    """The id of the input an error is about (the first language's, for text in every language)."""
    match = _FORM_ROW.match(key)
    if match:
        name = match.group(3) or "id"
        suffix = f"-{languages[0]}" if name in PER_LANGUAGE else ""
        return f"f-{match.group(1)}{match.group(2)}-{name}{suffix}"
    if key in ("questions", "sessions"):
        return key
    if key == "survey_questions":
        return "survey-questions"
    if key in ("body", "form"):
        return "main"
    if key == "survey":
        return "f-survey_enabled"
    if key == "certificate":
        return "f-certificate_enabled"
    return f"f-{key}-{languages[0]}" if key in PER_LANGUAGE else f"f-{key}"


def label(key: str, language: str) -> str:
    match = _FORM_ROW.match(key)
    if match:
        row, name = int(match.group(2)) + 1, match.group(3) or "id"
        if match.group(1) == "q":
            return gettext(language, "Question %(n)s: %(field)s", n=row,
                           field=gettext(language, QUESTION_LABELS.get(name, name)))
        if match.group(1) == "v":
            return gettext(language, "Survey question %(n)s: %(field)s", n=row,
                           field=gettext(language, QUESTION_LABELS.get(name, name)))
        return gettext(language, "Session %(n)s: %(field)s", n=row,
                       field=gettext(language, SESSION_LABELS.get(name, name)))
    return gettext(language, FIELD_LABELS[key]) if key in FIELD_LABELS else ""


def merge(form_errors: dict[str, Text], spec_errors: dict[str, Text]) -> dict[str, Text]:
    """The form's own refusals first (they say what was typed wrong), then the spec's, by form key."""
    merged = dict(form_errors)
    for key, message in spec_errors.items():
        merged.setdefault(form_key(key), message)
    return merged


def _form_order(key: str) -> tuple[int, int, int]:
    order = list(FIELD_LABELS)
    match = _FORM_ROW.match(key)
    if match:
        fields = list(SESSION_LABELS if match.group(1) == "s" else QUESTION_LABELS)
        name = match.group(3) or "id"
        return (order.index(ROW_SECTIONS[match.group(1)]), int(match.group(2)),
                fields.index(name) if name in fields else len(fields))
    return (order.index(key) if key in order else len(order), 0, 0)


def summary(errors: dict[str, Text], languages: tuple[str, ...], language: str) -> list[dict[str, str]]:
    """The error summary's entries in the order of the form: the input to go to, the field's name, the message."""
    return [{"anchor": anchor(key, languages), "label": label(key, language),
             "message": gettext(language, errors[key].msgid, **errors[key].params)}
            for key in sorted(errors, key=_form_order)]
