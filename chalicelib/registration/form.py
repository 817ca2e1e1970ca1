"""The participant's form: checked against the event's questions, sessions and rules.

The same checks serve the JSON API and the HTML form; every refusal names its field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import auth
from ..fields import FieldErrors, flag, pick_language, text
from ..i18n import normalise_language
from ..records import Event
from ..vocabulary.addresses import MAX_ADDRESS as MAX_EMAIL
from ..vocabulary.addresses import normalise_address, valid_address
from ..vocabulary.kinds import RATING, RATING_SCALE

MAX_NAME = 120
_DIGITS = frozenset("0123456789")  # str.isdigit() would also take "²" and other scripts' digits


@dataclass(frozen=True)
class RegistrationForm:
    name: str
    email: str  # normalised
    language: str
    answers: dict[str, Any] = field(default_factory=dict)
    sessions: list[str] = field(default_factory=list)
    consent: bool = False
    invite_code: str = ""
    waitlist: bool = False  # if a chosen session is full, wait for it (never chosen for the person)


def _visible(question: dict, answers: dict[str, Any]) -> bool:
    condition = question.get("show_if")
    if not condition:
        return True
    given = answers.get(condition["question"])
    expected = condition["equals"]
    if isinstance(given, list):
        return expected in given
    return given == expected


def _answer(errors: FieldErrors, question: dict, raw: Any, *, enforce_required: bool = True) -> Any:
    """Clean one answer, or add an error under `answers.<id>`."""
    name = f"answers.{question['id']}"
    qtype = question["type"]
    empty = raw is None or raw == "" or raw == [] or raw is False
    if empty:
        if question.get("required") and enforce_required:
            errors.add(name, "This field is required.")
        return None
    if qtype == RATING:
        value = raw if isinstance(raw, int) and not isinstance(raw, bool) else \
            (int(raw) if isinstance(raw, str) and raw.strip() in ("1", "2", "3", "4", "5") else None)
        if value not in RATING_SCALE:
            errors.add(name, "Choose a number from 1 to 5.")
        return value
    if qtype == "checkbox":
        if raw not in (True, "true", "on", "1", "yes"):
            errors.add(name, "Tick the box or leave it empty.")
        return True
    if qtype == "choice":
        options = {o["id"] for o in question.get("options", [])}
        if not isinstance(raw, str) or raw not in options:
            errors.add(name, "Choose one of the options.")
        return raw
    if qtype == "multichoice":
        values = raw if isinstance(raw, list) else [raw]
        options = {o["id"] for o in question.get("options", [])}
        if not all(isinstance(v, str) and v in options for v in values) or len(values) > len(options):
            errors.add(name, "Choose from the options.")
        return sorted({v for v in values if isinstance(v, str)})
    limit = {"text": question.get("max_length") or 200, "textarea": question.get("max_length") or 2000,
             "email": MAX_EMAIL, "phone": 30, "country": 2, "date": 10}[qtype]
    value = text(errors, {name: raw}, name, max_length=limit, multiline=qtype == "textarea")
    if name in errors.errors:
        return None
    if qtype == "email" and not valid_address(value):
        errors.add(name, "Enter an e-mail address like name@example.com.")
    elif qtype == "phone" and not (7 <= sum(c in _DIGITS for c in value) <= 15
                                   and all(c in _DIGITS or c in "+ -()" for c in value)):
        errors.add(name, "Enter a phone number with the country code, e.g. +48 600 000 000.")
    elif qtype == "country":
        value = value.upper()
        if not (len(value) == 2 and value.isascii() and value.isalpha()):
            errors.add(name, "Choose a country.")
    elif qtype == "date":
        try:
            value = date.fromisoformat(value).isoformat()
        except ValueError:
            errors.add(name, "Enter a date like 2026-05-30.")
    return value


def read_answers(errors: FieldErrors, questions: list[dict], raw_answers: Any, *,
                 enforce_required: bool = True) -> dict[str, Any]:
    """The answers to `questions` (shown ones only), each checked by its type; errors per answer."""
    answers: dict[str, Any] = {}
    if not isinstance(raw_answers, dict):
        errors.add("answers", "Send the answers as an object.")
        raw_answers = {}
    known = {q["id"] for q in questions}
    for unknown in sorted(set(raw_answers) - known)[:5]:
        errors.add(f"answers.{str(unknown)[:40]}", "This question does not exist.")
    for question in questions:
        if not _visible(question, answers):
            continue
        value = _answer(errors, question, raw_answers.get(question["id"]), enforce_required=enforce_required)
        if value is not None:
            answers[question["id"]] = value
    return answers


def read_form(event: Event, data: Any, default_language: str, *, check_invite: bool = True,
              email_optional: bool = False, on_behalf: bool = False) -> RegistrationForm:
    """Check the form against the event; raise InvalidInput with a message per field.

    `on_behalf`: an organizer fills it in for someone at a desk, so the address and every question
    are optional, and their action stands for the consent and any invitation.
    """
    errors = FieldErrors()
    if not isinstance(data, dict):
        errors.add("body", "Send a JSON object.")
        errors.raise_if_any()
    check_invite = check_invite and not on_behalf
    name = text(errors, data, "name", required=True, max_length=MAX_NAME)
    raw_email = data.get("email")
    email = normalise_address(raw_email) if isinstance(raw_email, str) else ""
    if not email:
        if not (email_optional or on_behalf):
            errors.add("email", "This field is required.")
    elif not valid_address(email):
        errors.add("email", "Enter an e-mail address like name@example.com.")
    raw_language = data.get("language")
    if raw_language is not None and not isinstance(raw_language, str):
        errors.add("language", "Enter a language code such as pl, en or uk.")
    language = normalise_language(raw_language if isinstance(raw_language, str) else None, default_language)
    if data.get("consent") is not True and not on_behalf:
        errors.add("consent", "Please agree to the processing of your data to register.")
    answers = read_answers(errors, event.questions, _or_none(data, "answers", {}), enforce_required=not on_behalf)
    sessions = _or_none(data, "sessions", [])  # null, as a key left out: none chosen
    if isinstance(sessions, str):
        sessions = [sessions] if sessions else []
    session_ids = {s["id"] for s in event.sessions}
    if not isinstance(sessions, list) or not all(isinstance(s, str) and s in session_ids for s in sessions):
        errors.add("sessions", "Choose from the sessions of this event.")
        sessions = []
    elif event.sessions and not sessions:
        errors.add("sessions", "Choose a session.")
    sessions = sorted(set(sessions))
    if event.sessions_exclusive and "sessions" not in errors.errors:
        _refuse_clashes(errors, event, sessions, language)
    waitlist = flag(errors, data, "waitlist")
    invite_code = _or_none(data, "invite_code", "")
    if not isinstance(invite_code, str) or len(invite_code) > 64:
        errors.add("invite_code", "This invitation code is not valid.")
        invite_code = ""
    if check_invite and event.invite_only and (
            not invite_code or auth.invite_code_hash(event.event_id, invite_code) not in event.invite_code_hashes):
        errors.add("invite_code", "This invitation code is not valid.")
    errors.raise_if_any()
    return RegistrationForm(name=name, email=email, language=language, answers=answers,
                            sessions=sessions, consent=True, invite_code=invite_code.strip(),
                            waitlist=waitlist)


def _or_none(data: dict, name: str, empty: Any) -> Any:
    """The value sent, or `empty` for null or a key left out (JSON's two ways of saying "none")."""
    value = data.get(name)
    return empty if value is None else value


def _refuse_clashes(errors: FieldErrors, event: Event, chosen: list[str], language: str) -> None:
    """On an event whose sessions exclude each other, two chosen ones may not overlap in time."""
    from ..events.days import overlapping

    clash = overlapping([s for s in event.sessions if s["id"] in chosen])
    if clash:
        names = " / ".join(pick_language(s["title"], language) for s in clash)
        errors.add("sessions", "These sessions are at the same time: %(names)s. Choose one of them.", names=names)
