"""Reading untrusted JSON fields into clean values, collecting field errors as it goes.

Shared by the event editor and the registration form so that both refuse bad input the same
way: a message per field, never an exception from deep inside.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from .errors import InvalidInput, Text
from .i18n import pick_text

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
# RFC 3339: date, "T", time with seconds, an offset ("Z" or ±hh:mm), as openapi.yaml's DateTime says
# (one without its offset is read, to be refused with a message of its own).
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?")
# Control characters, and the bidi overrides and isolates that can make text read otherwise on screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class FieldErrors:
    """Collects per-field messages; `raise_if_any` turns them into one InvalidInput."""

    def __init__(self) -> None:
        self.errors: dict[str, Text] = {}

    def add(self, name: str, msgid: str, **params: Any) -> None:
        self.errors.setdefault(name, Text(msgid, params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(fields=self.errors)


def clean_text(value: Any, *, multiline: bool = False) -> str:
    """NFC-normalised text without control characters (newlines kept only where asked)."""
    text = unicodedata.normalize("NFC", str(value))
    if not multiline:
        text = re.sub(r"[\r\n\t]+", " ", text)
    return _CONTROL.sub("", text).strip()


def text(errors: FieldErrors, data: dict, name: str, *, required: bool = False, max_length: int = 200,
         multiline: bool = False, default: str = "") -> str:
    """Text as sent (a number is not text: JSON says which it is), at most `max_length` characters as
    sent; null, or nothing but spaces and control characters, is no text (refused where required)."""
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        errors.add(name, "Enter text.")
        return default
    if len(value or "") > max_length:
        errors.add(name, "Use at most %(max)s characters.", max=max_length)
        return default
    cleaned = clean_text(value, multiline=multiline) if value else ""
    if not cleaned:
        if required:
            errors.add(name, "This field is required.")
        return default
    return cleaned


def localized(errors: FieldErrors, data: dict, name: str, languages: tuple[str, ...], *,
              required: bool = False, max_length: int = 200, multiline: bool = False) -> dict[str, str]:
    """A text given either as one string (for every language, key "*") or as {lang: text}."""
    value = data.get(name)
    if isinstance(value, dict):
        result = {}
        for lang, item in value.items():
            if lang not in languages and lang != "*":
                errors.add(name, "Unknown language: %(lang)s.", lang=str(lang)[:10])
                continue
            cleaned = text(errors, {name: item}, name, max_length=max_length, multiline=multiline)
            if cleaned:
                result[lang] = cleaned
        if required and not result:
            errors.add(name, "This field is required.")
        return result
    single = text(errors, data, name, required=required, max_length=max_length, multiline=multiline)
    return {"*": single} if single else {}


def pick_language(texts: dict[str, str], language: str, fallback: str = "en") -> str:
    """The text in the reader's language, else the all-languages text, the fallback, any."""
    return pick_text(texts, language, fallback)


def moment(errors: FieldErrors, data: dict, name: str, *, required: bool = False,
           years: tuple[int, int] | None = None) -> datetime | None:
    """An ISO 8601 time with an offset, returned in UTC; `years`: the first and last year it may
    fall in, as written (before its offset is applied)."""
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors.add(name, "This field is required.")
        return None
    if not isinstance(value, str) or not _MOMENT.fullmatch(value):  # fromisoformat would also read others
        errors.add(name, "Enter a date and time like 2026-05-30T10:00:00+02:00.")
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        errors.add(name, "Enter a date and time like 2026-05-30T10:00:00+02:00.")
        return None
    if parsed.tzinfo is None:
        errors.add(name, "Add the time zone offset, e.g. +02:00.")
        return None
    if years and not years[0] <= parsed.year <= years[1]:
        errors.add(name, "Enter a date between %(first)s and %(last)s.", first=years[0], last=years[1])
        return None
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+14:00 is before year 1 in UTC
        errors.add(name, "Enter a date and time like 2026-05-30T10:00:00+02:00.")
        return None


def integer(errors: FieldErrors, data: dict, name: str, *, minimum: int, maximum: int,
            required: bool = False, default: int | None = None, form: bool = False) -> int | None:
    """A whole number in range. JSON gives it as a number: `null`, or the number as text, is refused
    (a key left out takes the default). `form`: a web form's field, where every value is text."""
    value = data.get(name)
    if value is None:
        if required:
            errors.add(name, "This field is required.")
        elif name in data and not form:  # a form's field left empty is a key left out
            errors.add(name, "Enter a whole number.")
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        if form and isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 20:
            value = int(value.strip())  # isdecimal: exactly what int() reads ("²" is a digit, not a number)
        else:
            errors.add(name, "Enter a whole number.")
            return default
    if not minimum <= value <= maximum:
        errors.add(name, "Enter a number from %(min)s to %(max)s.", min=minimum, max=maximum)
        return default
    return value


def flag(errors: FieldErrors, data: dict, name: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        errors.add(name, "Enter true or false.")
        return default
    return value


def slug_list(errors: FieldErrors, data: dict, name: str, *, allowed: tuple[str, ...] | None = None,
              max_items: int = 20) -> list[str] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > max_items:
        errors.add(name, "Enter a list of at most %(max)s items.", max=max_items)
        return None
    result: list[str] = []
    for item in value:
        if not isinstance(item, str) or not SLUG.match(item) or (allowed and item not in allowed):
            errors.add(name, "Unknown value: %(value)s.", value=str(item)[:40])
            return None
        if item not in result:
            result.append(item)
    return result
