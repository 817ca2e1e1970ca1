"""The event editor's form, both ways: an event → the form's fields, the posted fields → the API's
JSON object, which then goes through the same validation as the API (events/spec.py).

Field names: `title-<lang>`, `description-<lang>`, one per event field of the API (`kind`,
`starts_at` …), `languages` (repeated), the flags (`on`); question rows `q<n>-<field>` (labels,
help and options per language: `q<n>-label-<lang>`; options one per line), the survey's question
rows `v<n>-<field>` (the same, without `show_if`; event_form_rows.py reads both) and session rows
`s<n>-<field>`; the slot generator `slots_<field>`. Times are `datetime-local` values in the event's
time zone. The form keeps what was typed, as typed, so a refused form comes back intact.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import Text
from ..events.spec import MAX_QUESTIONS, MAX_SESSIONS, valid_timezone
from .event_form_after import (
    CERTIFICATE_FLAG,
    SURVEY_ROW,
    add_survey_question,
    carried_survey,
    certificate_fields,
    certificate_settings,
    survey_rows,
    survey_settings,
)
from .event_form_rows import (
    Row,
    filled,
    free_id,
    in_order,
    number,
    per_language,
    posted_rows,
    question_rows,
    questions_from_rows,
    whole,
)
from .forms import by_language, parse_form, texts_of

TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
FLAGS = ("requires_approval", "invite_only", "double_opt_in", "waitlist_enabled", "sessions_exclusive")
SURVEY_FLAGS = ("survey_enabled", "survey_reminder")  # the survey's "enabled" and "reminder"
SCALARS = ("kind", "project", "timezone", "venue", "capacity", "audiences", "invite_codes", "reminders",
           "reconfirm_days", "reconfirm_hours", "retention_days", "certificate_percent",
           "certificate_hours", "certificate_signatory") + TIMES
SESSION_FIELDS = ("id", "starts_at", "ends_at", "capacity")
SLOT_FIELDS = ("slots_count", "slots_minutes", "slots_from", "slots_date", "slots_capacity", "slots_break")
MAX_EDITOR_FORM = 768 * 1024
_LIST_SPLIT = re.compile(r"[,;\n]+")


def parse_editor_form(raw: bytes | None) -> dict[str, list[str]]:
    """The posted editor: larger than other forms (200 sessions × their fields), still bounded."""
    form = parse_form(raw, max_bytes=MAX_EDITOR_FORM, max_fields=6000)
    return {name: [v.replace("\r\n", "\n") for v in values] for name, values in form.items()}  # textareas send CRLF


def to_local_input(value: str | datetime | None, zone_name: str) -> str:
    """An aware time as a `datetime-local` value in the event's zone ("2027-03-01T10:00")."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    zone = ZoneInfo(zone_name) if valid_timezone(zone_name) else ZoneInfo("UTC")
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def from_local_input(value: str, zone_name: str) -> str:
    """A `datetime-local` value read in the event's zone, as ISO 8601 with its offset; ValueError if not a time."""
    local = datetime.fromisoformat(value.strip())
    if local.tzinfo is not None:
        return local.isoformat()
    zone = ZoneInfo(zone_name) if valid_timezone(zone_name) else ZoneInfo("UTC")
    return local.replace(tzinfo=zone).isoformat()


@dataclass
class EditorForm:
    """What the editor shows: every value as text, rows of questions (the form's and the survey's) and
    sessions in order."""

    languages: tuple[str, ...]
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    offered: list[str] = field(default_factory=list)
    questions: list[Row] = field(default_factory=list)
    sessions: list[Row] = field(default_factory=list)
    slots: dict[str, str] = field(default_factory=dict)
    survey_questions: list[Row] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def zone(self) -> str:
        return self.get("timezone").strip()

    def add_question(self) -> None:
        taken = {q.get("id", "") for q in self.questions}
        self.questions.append({"id": free_id("q", taken), "type": "text", "position": str(len(self.questions) + 1)})

    def add_session(self) -> None:
        taken = {s.get("id", "") for s in self.sessions}
        self.sessions.append({"id": free_id("s", taken)})

    def append_slots(self, slots: list[Any]) -> None:
        for slot in slots:
            row = {"id": slot.id, "starts_at": slot.starts_at.strftime("%Y-%m-%dT%H:%M"),
                   "ends_at": slot.ends_at.strftime("%Y-%m-%dT%H:%M"), "capacity": self.slots.get("slots_capacity", "")}
            row.update({f"title-{lang}": slot.title for lang in self.languages})
            self.sessions.append(row)
        if slots:  # pressing the button again should not add the same slots twice
            self.slots["slots_count"] = ""

    def prepare_for_save(self) -> None:
        """Rows added but never filled in are not part of the event; a row without an id gets one."""
        self.questions = filled(self.questions, self.languages)
        self.survey_questions = filled(self.survey_questions, self.languages)
        self.sessions = [s for s in self.sessions if any(s.get(name, "").strip() for name in SESSION_FIELDS[1:]) or any(
            s.get(f"title-{lang}", "").strip() for lang in self.languages)]
        number(self.questions)
        number(self.survey_questions)
        for rows, prefix in ((self.questions, "q"), (self.survey_questions, "q"), (self.sessions, "s")):
            for row in rows:
                if not row.get("id", "").strip():
                    row["id"] = free_id(prefix, {r.get("id", "") for r in rows})


def blank_form(languages: tuple[str, ...], *, project: str, retention_days: int) -> EditorForm:
    """A new event's editor, with the API's defaults filled in."""
    return EditorForm(languages, fields={
        "kind": "workshop", "timezone": "Europe/Warsaw", "project": project, "reminders": "7d, 1d",
        "reconfirm_hours": "48", "retention_days": str(retention_days), "certificate_percent": "80"},
        flags={"waitlist_enabled", "survey_reminder"}, offered=list(languages),
        slots={"slots_minutes": "30", "slots_capacity": "1", "slots_break": "0"})


def form_from_event(view: dict[str, Any], languages: tuple[str, ...], page_language: str) -> EditorForm:
    """An existing event (`events.organizer_view`) as the editor shows it."""
    zone = view["timezone"]
    fields = {name: to_local_input(view.get(name), zone) for name in TIMES}
    fields.update({"kind": view["kind"], "project": view["project"], "timezone": zone, "venue": view["venue"] or "",
                   "capacity": str(view["capacity"]), "audiences": ", ".join(view["audiences"]),
                   "reminders": ", ".join(view["reminders"]), "reconfirm_days": str(view["reconfirm_days"] or ""),
                   "reconfirm_hours": str(view["reconfirm_hours"]), "retention_days": str(view["retention_days"])})
    for lang in languages:
        fields[f"title-{lang}"] = per_language(view["title"], lang)
        fields[f"description-{lang}"] = per_language(view["description"], lang)
    certificate = view.get("certificate") or {}
    fields.update(certificate_fields(certificate, languages))
    survey = view.get("survey") or {}
    sessions = []
    for s in view["sessions"]:
        row = {"id": s["id"], "capacity": str(s["capacity"]), "starts_at": to_local_input(s.get("starts_at"), zone),
               "ends_at": to_local_input(s.get("ends_at"), zone)}
        row.update({f"title-{lang}": per_language(s["title"], lang) for lang in languages})
        sessions.append(row)
    starts = fields["starts_at"]
    flags = {name for name in FLAGS if view.get(name)} | {name for name in SURVEY_FLAGS
                                                          if survey.get(name.removeprefix("survey_"))}
    if certificate.get("enabled"):
        flags.add(CERTIFICATE_FLAG)
    return EditorForm(languages, fields=fields, flags=flags, offered=list(view["languages"]),
                      questions=question_rows(view["questions"], languages, page_language), sessions=sessions,
                      slots={"slots_minutes": "30", "slots_capacity": "1", "slots_break": "0",
                             "slots_date": starts[:10], "slots_from": starts[11:16]},
                      survey_questions=survey_rows(survey, languages, page_language))


def _first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0]


def form_from_post(form: dict[str, list[str]], languages: tuple[str, ...]) -> EditorForm:
    """The posted editor as typed: removed rows left out, questions in the order of their numbers."""
    fields = {name: _first(form, name) for name in SCALARS}
    for lang in languages:
        fields[f"title-{lang}"] = _first(form, f"title-{lang}")
        fields[f"description-{lang}"] = _first(form, f"description-{lang}")
        fields[f"certificate_text-{lang}"] = _first(form, f"certificate_text-{lang}")
    rows = posted_rows(form)
    survey = in_order(rows[SURVEY_ROW]) or carried_survey(_first(form, "survey_questions"), languages)
    flags = {name for name in (*FLAGS, *SURVEY_FLAGS, CERTIFICATE_FLAG) if _first(form, name) == "on"}
    return EditorForm(languages, fields=fields, flags=flags,
                      offered=[v for v in form.get("languages", []) if v],
                      questions=in_order(rows["q"])[:MAX_QUESTIONS + 1], sessions=rows["s"][:MAX_SESSIONS + 1],
                      slots={name: _first(form, name) for name in SLOT_FIELDS},
                      survey_questions=survey[:MAX_QUESTIONS + 1])


def _time(errors: dict[str, Text], key: str, raw: str, zone: str) -> str | None:
    if not raw.strip():
        return None
    try:
        return from_local_input(raw, zone)
    except ValueError:
        errors[key] = Text("Enter a date and time.")
        return None


def event_data(editor: EditorForm, *, creating: bool) -> tuple[dict[str, Any], dict[str, Text]]:
    """The API's JSON object for the form, and what the form itself could not read (keyed like its fields)."""
    errors: dict[str, Text] = {}
    languages, zone = editor.languages, editor.zone
    data: dict[str, Any] = {
        "title": texts_of(editor.fields, "title", languages, creating=creating),
        "description": texts_of(editor.fields, "description", languages, creating=creating),
        "kind": editor.get("kind"), "project": editor.get("project").strip(), "timezone": zone,
        "venue": editor.get("venue"), "capacity": whole(editor.get("capacity")),
        "languages": editor.offered, "audiences": [a.strip().lower().replace(" ", "-")
                                                   for a in _LIST_SPLIT.split(editor.get("audiences")) if a.strip()],
        "reminders": [r.strip() for r in _LIST_SPLIT.split(editor.get("reminders")) if r.strip()],
        "reconfirm_days": whole(editor.get("reconfirm_days")),
        **{name: name in editor.flags for name in FLAGS},
    }
    for name in TIMES:
        data[name] = _time(errors, name, editor.get(name), zone)
    for name in ("reconfirm_hours", "retention_days"):
        if editor.get(name).strip():
            data[name] = whole(editor.get(name))
    codes = [c.strip() for c in _LIST_SPLIT.split(editor.get("invite_codes")) if c.strip()]
    if codes:
        data["invite_codes"] = codes
    if not data["project"] and creating:
        data.pop("project")
    data["questions"] = questions_from_rows(errors, "q", editor.questions, languages)
    data["survey"] = survey_settings(errors, editor)
    data["certificate"] = certificate_settings(errors, editor)
    data["sessions"] = []
    for index, row in enumerate(editor.sessions):
        data["sessions"].append({
            "id": row.get("id", "").strip(), "title": by_language(row, "title", languages),
            "starts_at": _time(errors, f"s{index}-starts_at", row.get("starts_at", ""), zone),
            "ends_at": _time(errors, f"s{index}-ends_at", row.get("ends_at", ""), zone),
            "capacity": whole(row.get("capacity", ""))})
    return data, errors


def add_rows(editor: EditorForm, action: str) -> dict[str, Text]:
    """One more empty question (of the form or of the survey) or session, or the generated slots:
    shown, not saved. The errors of a slot plan that cannot be made, by field."""
    from ..errors import InvalidInput
    from ..events import slots

    if action == "add_question" and len(editor.questions) < MAX_QUESTIONS:
        editor.add_question()
    elif action == "add_survey_question" and len(editor.survey_questions) < MAX_QUESTIONS:
        add_survey_question(editor)
    elif action == "add_session" and len(editor.sessions) < MAX_SESSIONS:
        editor.add_session()
    elif action == "add_slots":
        try:
            plan = slots.read_slot_plan(editor.slots, room=MAX_SESSIONS - len(editor.sessions))
            if not valid_timezone(editor.zone):
                raise InvalidInput(fields={"timezone": Text("Enter a time zone like Europe/Warsaw.")})
            editor.append_slots(slots.make_slots(plan, editor.zone, {s.get("id", "") for s in editor.sessions}))
        except InvalidInput as error:
            return dict(error.fields)
    return {}
