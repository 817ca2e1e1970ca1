"""What the page templates show: events, availability, sessions and questions, in the reader's words."""
from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from ..errors import DomainError
from ..i18n import N_, babel_locale, format_datetime, format_datetime_range, gettext, ngettext
from ..records import Event, Registration
from ..vocabulary.statuses import RegistrationWindow


class FormValues:
    """Submitted values for re-rendering a form (one or many per name)."""

    def __init__(self, fields: dict[str, list[str]] | None = None) -> None:
        self._fields = fields or {}

    def get(self, name: str, default: str = "") -> str:
        values = self._fields.get(name)
        return values[0] if values else default

    def getlist(self, name: str) -> list[str]:
        return list(self._fields.get(name, []))


def registration_values(registration: Registration, event: Event) -> FormValues:
    fields: dict[str, list[str]] = {"session": list(registration.sessions)}
    for question in event.questions:
        answer = registration.answers.get(question["id"])
        if answer is True:
            fields[f"q_{question['id']}"] = ["on"]
        elif isinstance(answer, list):
            fields[f"q_{question['id']}"] = answer
        elif answer is not None:
            fields[f"q_{question['id']}"] = [str(answer)]
    return FormValues(fields)


def pick(texts: dict[str, str], language: str) -> str:
    from ..fields import pick_language

    return pick_language(texts, language)


def say(language: str, message: Any) -> str:
    return gettext(language, message.msgid, **message.params)


def field_errors(error: DomainError, language: str) -> dict[str, str]:
    return {name: say(language, text) for name, text in error.fields.items()} or {"form": say(language, error.message)}


def anchors(questions: list[dict]) -> dict[str, str]:
    """Where each error in the summary links to."""
    links = {"sessions": "f-session", "form": "main"}
    links.update({f"answers.{q['id']}": f"f-q-{q['id']}" for q in questions})
    return links


def when(starts_at: str | None, ends_at: str | None, zone: str, language: str) -> str:
    if not starts_at or not ends_at:
        return ""
    return format_datetime_range(datetime.fromisoformat(starts_at), datetime.fromisoformat(ends_at), zone, language)


def availability(view: dict[str, Any], language: str) -> str:
    state = view["registration"]
    if state == RegistrationWindow.CANCELLED:
        return gettext(language, "This event is cancelled.")
    if state == RegistrationWindow.CLOSED:
        return gettext(language, "Registration is closed.")
    if state == RegistrationWindow.NOT_OPEN_YET:
        return gettext(language, "Registration has not opened yet.")
    if view["seats_left"] > 0:
        return ngettext(language, "%(n)d seat left", "%(n)d seats left", view["seats_left"])
    if view["waitlist_open"]:
        return gettext(language, "Full – you can join the waiting list")
    return gettext(language, "Full")


def session_views(view: dict[str, Any], language: str, *, hide_full: bool,
                  taken: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The sessions to choose from, grouped by day ({"heading", "sessions"}), each named once: a slot
    by its short time under its day's heading. `taken`: chosen ones that were full, shown again and
    marked so, whatever `hide_full` says."""
    from ..events.days import by_day

    shown = []
    for session in view["sessions"]:
        left, was_taken = session["seats_left"], session["id"] in taken
        if hide_full and left <= 0 and not was_taken:
            continue
        if was_taken:
            note = gettext(language, "taken – choose another one, or wait for it")
        elif left:
            note = ngettext(language, "%(n)d seat left", "%(n)d seats left", left)
        else:
            note = gettext(language, "full – waiting list")
        shown.append({**session, "availability": note, "taken": was_taken})
    return [{"heading": day.heading, "sessions": [
        {**s, "label": s["time"] if s["named_by_time"] or not s["title"] else
         f"{s['title']} – {s['time']}" if s["time"] else s["title"]} for s in day.sessions]}
        for day in by_day(shown, view["timezone"], language)]


def session_legend(kind: str, language: str) -> str:
    if kind == "consultation":
        return gettext(language, "Choose a time")
    return gettext(language, "Choose a session")


@cache
def countries(language: str) -> tuple[tuple[str, str], ...]:
    """ISO 3166 countries, named (Babel's CLDR data) and sorted alphabetically in the reader's language."""
    from babel import Locale

    from ..vocabulary.collation import sort_for

    names = Locale.parse(babel_locale(language)).territories
    return tuple(sort_for(language, ((code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()
                                     and code not in ("ZZ", "XA", "XB", "EU", "EZ", "UN", "QO")),
                          key=lambda item: item[1]))


def countries_asked(questions: list[dict], language: str) -> tuple[tuple[str, str], ...]:
    """The countries a form's country questions offer; none for a form that asks no country.
    Sorting them reads the collation table (a few hundred milliseconds, once per container),
    which the page of an event without such a question would otherwise pay for nothing."""
    return countries(language) if any(q.get("type") == "country" for q in questions) else ()


FIELD_LABELS = {"name": N_("Your full name"), "email": N_("Your e-mail address"), "consent": N_("Consent"),
                "invite_code": N_("Invitation code"), "sessions": N_("Choose a session")}


class QuestionLabels:
    """The words of fields and questions: for error summaries and "answer only if …" notes."""

    def __init__(self, questions: list[dict], language: str, fields: dict[str, str] | None = None) -> None:
        self._questions = {q["id"]: q for q in questions}
        self._language = language
        self._fields = {**FIELD_LABELS, **(fields or {})}

    def field(self, key: str) -> str:
        if key.startswith("answers."):
            return self.question(key.split(".", 1)[1])
        return gettext(self._language, self._fields[key]) if key in self._fields else ""

    def question(self, question_id: str) -> str:
        return self._questions.get(question_id, {}).get("label", "")

    def answer(self, show_if: dict) -> str:
        if show_if["equals"] is True:
            return gettext(self._language, "yes")
        if show_if["equals"] is False:
            return gettext(self._language, "no")
        for option in self._questions.get(show_if["question"], {}).get("options", []):
            if option["id"] == show_if["equals"]:
                return option["label"]
        return str(show_if["equals"])


def answer_text(question: dict, value: Any, language: str) -> str:
    """An answer as the reader understands it: option labels, yes/no, a country's name."""
    if value is True:
        return gettext(language, "yes")
    if value is False or value is None or value == "" or value == []:
        return ""
    options = {o["id"]: pick(o["label"], language) for o in question.get("options", [])}
    if isinstance(value, list):
        return ", ".join(options.get(v, str(v)) for v in value)
    if question.get("type") == "country":
        return dict(countries(language)).get(str(value), str(value))
    return options.get(value, str(value))


def qr_drawing(code: str) -> dict[str, Any]:
    """The check-in QR code as an SVG path (printable from the page, no image request)."""
    from ..checkin.qr import BORDER, qr_matrix

    matrix = qr_matrix(code)
    path = "".join(f"M{x + BORDER} {y + BORDER}h1v1h-1z" for y, row in enumerate(matrix)
                   for x, dark in enumerate(row) if dark)
    return {"size": len(matrix) + 2 * BORDER, "path": path}


def short_datetime(value: datetime, zone: str, language: str) -> str:
    """A compact date and time in the event's zone, for tables: "22 lis 2026, 09:30"."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime as babel_format_datetime

    try:
        local = value.astimezone(ZoneInfo(zone))
    except (ValueError, KeyError):  # an unknown zone (KeyError) reads as the long form, which names UTC
        return format_datetime(value, zone, language)
    return babel_format_datetime(local.replace(tzinfo=None), "d MMM y, HH:mm", locale=babel_locale(language))


def project_label(project_id: str, project: Any, language: str) -> str:
    """A project as a list names it: "Name (id)", or the id alone while it has no record or name."""
    name = pick(project.name, language) if project is not None else ""
    return f"{name} ({project_id})" if name and name != project_id else project_id


def project_options(choices: list[tuple[str, Any]], language: str) -> list[tuple[str, str]]:
    """(id, label) for a project list, from the application's (id, record or None) choices."""
    return [(project_id, project_label(project_id, project, language)) for project_id, project in choices]
