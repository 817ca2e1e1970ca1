"""The HTML form's field names — a documented contract, so a city's own website can host the
same form — turned into the registration the domain expects.

Fields: `name`, `email`, `consent`, `q_<question_id>` (repeated for multichoice; the survey's too), `session`
(repeated where several may be chosen), `invite_code`, `lang`; `website` is a honeypot, passed on
as the API's `website` (application/participant/limits.py).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from ..errors import DomainError
from ..i18n import N_
from ..records import Event

HONEYPOT = "website"
MAX_FORM = 64 * 1024
MAX_FIELDS = 300


class FormTooLarge(DomainError):
    status = 413
    code = "too_large"
    msgid = N_("The request is too large.")


def parse_form(raw: bytes | None, *, max_bytes: int = MAX_FORM, max_fields: int = MAX_FIELDS) -> dict[str, list[str]]:
    """The posted fields. A form past the limits, or not UTF-8, is refused (413, 400) rather than
    read as an empty one, which would answer "this field is required" or "this form has expired"."""
    if not raw:
        return {}
    if len(raw) > max_bytes:
        raise FormTooLarge()
    try:
        return parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=max_fields)
    except (UnicodeDecodeError, ValueError):
        raise DomainError() from None


def readable_form(raw: bytes | None) -> dict[str, list[str]]:
    """The fields if the form can be read, else none: for choosing the language of a refusal."""
    try:
        return parse_form(raw)
    except DomainError:
        return {}


def first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0]


def by_language(fields: dict[str, str], name: str, languages: tuple[str, ...]) -> dict[str, str]:
    """`<name>-<language>` fields as {language: text}, the empty ones left out."""
    return {lang: fields[f"{name}-{lang}"].strip() for lang in languages if fields.get(f"{name}-{lang}", "").strip()}


def texts_of(fields: dict[str, str], name: str, languages: tuple[str, ...], *,
             creating: bool) -> dict[str, str | None]:
    """The editor's texts of a field: it shows every language, so an edit replaces the whole map
    (`null` for each language left empty, and for the all-languages text the fields replaced)."""
    texts = by_language(fields, name, languages)
    if creating:
        return dict(texts)
    return {lang: None for lang in (*languages, "*")} | texts


def answers_from(questions: list[dict], form: dict[str, list[str]]) -> dict[str, Any]:
    """The API's answers object from the `q_<question id>` fields (the domain then checks them)."""
    answers: dict[str, Any] = {}
    for question in questions:
        values = [v for v in form.get(f"q_{question['id']}", []) if v != ""]
        if question["type"] == "multichoice":
            answers[question["id"]] = values
        elif question["type"] == "checkbox":
            answers[question["id"]] = bool(values)
        elif values:
            answers[question["id"]] = values[0]
    return answers


def registration_data(event: Event, form: dict[str, list[str]], language: str) -> dict[str, Any]:
    """The API's registration object from form fields (the domain then checks everything)."""
    return {
        "name": first(form, "name"), "email": first(form, "email"), "language": language,
        "consent": first(form, "consent") in ("on", "true", "yes", "1"),
        "answers": answers_from(event.questions, form), "sessions": [s for s in form.get("session", []) if s],
        "invite_code": first(form, "invite_code"), HONEYPOT: first(form, HONEYPOT),
        "waitlist": first(form, "waitlist") in ("on", "true", "yes", "1"),
    }

