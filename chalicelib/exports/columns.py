"""One attendee as a row of text cells: the columns shared by the CSV and XLSX lists."""
from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..fields import pick_language
from ..i18n import SUPPORTED_LANGUAGES, gettext, language_name
from ..records import Event, Registration
from ..registration import attendance
from ..vocabulary.labels import STATUS_LABELS, status_label
from .cells import neutralise

LIST_SEPARATOR = "; "


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


class AttendeeColumns:
    """The header and the rows of an attendee list, every cell already neutralised.

    Labels, option labels and session titles are looked up once per export, so a row costs a
    few dictionary reads and two time conversions.
    """

    def __init__(self, event: Event, language: str) -> None:
        self._zone = _zone(event.timezone)
        self._questions = [(q["id"], q) for q in event.questions]
        self._options = {q["id"]: {o["id"]: pick_language(o["label"], language) for o in q.get("options", [])}
                         for q in event.questions}
        self._sessions = {s["id"]: pick_language(s["title"], language) for s in event.sessions}
        self._yes = gettext(language, "yes")
        # Statuses and languages in the export's words ("Potwierdzone", "ukraiński"), not the stored codes.
        self._statuses = {status.value: status_label(status, language) for status in STATUS_LABELS}
        self._languages = {code: language_name(code, language) for code in SUPPORTED_LANGUAGES}
        self._event = event
        self.header = [neutralise(text) for text in (
            gettext(language, "Name"), gettext(language, "E-mail"), gettext(language, "Status"),
            gettext(language, "Language"), gettext(language, "Registered at"), gettext(language, "Sessions"),
            gettext(language, "Checked in at"), gettext(language, "Attended"), gettext(language, "Attendance"),
            *(pick_language(q["label"], language) for _, q in self._questions))]

    def local_time(self, value: datetime | None) -> str:
        """A stored UTC time as the event's local wall-clock time, sortable as text."""
        if value is None:
            return ""
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")

    def _answer(self, question_id: str, question: dict[str, Any], value: Any) -> str:
        if value is None or value == "" or value is False:
            return ""
        kind = question.get("type")
        if kind == "checkbox":
            return self._yes
        options = self._options[question_id]
        if kind == "multichoice" and isinstance(value, list):
            return LIST_SEPARATOR.join(options.get(v, str(v)) for v in value)
        if kind == "choice":
            return options.get(value, str(value))
        return str(value)

    def _attendance(self, registration: Registration) -> tuple[str, str]:
        """"2/3" (sessions or days attended of those due) and the share, "67%"; empty without a seat."""
        found = attendance.of(self._event, registration)
        if found is None:
            return "", ""
        return f"{len(found.attended)}/{len(found.due)}", f"{found.percent}%"

    def row(self, registration: Registration) -> list[str]:
        answers = registration.answers or {}
        cells = [
            registration.name or "", registration.email or "",
            self._statuses.get(registration.status, registration.status),
            self._languages.get(registration.language, registration.language),
            self.local_time(registration.created_at),
            LIST_SEPARATOR.join(self._sessions.get(s, s) for s in registration.sessions),
            self.local_time(registration.checked_in_at),
            *self._attendance(registration),
            *(self._answer(qid, q, answers.get(qid)) for qid, q in self._questions),
        ]
        return [neutralise(cell) for cell in cells]
