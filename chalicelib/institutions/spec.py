"""What an administrator may say about an institution or a project, checked field by field.

As events/spec.py: only the keys present are read (create and change share the code), and a
refusal names each field.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..fields import SLUG, FieldErrors, flag, localized, text
from ..vocabulary.addresses import normalise_address, valid_address

STATUSES = ("full", "partial", "none")  # the accessibility act's "zgodna", "częściowo zgodna", "niezgodna"
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,25}$")
_URL = re.compile(r"^https://[^\s/$.?#].[^\s]*$")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INSTITUTION_TEXTS = {"name": 200, "controller": 500, "accessibility_exceptions": 4000, "accessibility_premises": 4000}
PROJECT_TEXTS = {"name": 200, "programme": 300, "funding": 600, "purposes": 3000, "legal_basis": 2000,
                 "recipients": 2000}
MULTILINE = {"controller", "accessibility_exceptions", "accessibility_premises", "purposes", "legal_basis",
             "recipients", "funding"}


def _address(errors: FieldErrors, data: dict, name: str) -> str:
    value = text(errors, data, name, max_length=254)
    if value and not valid_address(normalise_address(value)):
        errors.add(name, "Enter an e-mail address like name@example.com.")
    return normalise_address(value) if value else ""


def _phone(errors: FieldErrors, data: dict, name: str) -> str:
    value = text(errors, data, name, max_length=30)
    if value and not _PHONE.match(value):
        errors.add(name, "Enter a phone number with the country code, e.g. +48 600 000 000.")
    return value


def _day(errors: FieldErrors, data: dict, name: str) -> date | None:
    """A date as YYYY-MM-DD; null or "" for none."""
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str) or not _DAY.fullmatch(value):  # fromisoformat also reads 20260530
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        errors.add(name, "Enter a date like 2026-05-30.")
        return None


def _texts(errors: FieldErrors, data: dict, limits: dict[str, int], languages: tuple[str, ...],
           values: dict[str, Any], required: tuple[str, ...]) -> None:
    for name, limit in limits.items():
        if name in data:
            values[name] = localized(errors, data, name, languages, required=name in required, max_length=limit,
                                     multiline=name in MULTILINE)


def _identifier(errors: FieldErrors, data: dict, values: dict[str, Any], creating: bool) -> None:
    if creating:
        ident = data.get("id")
        if not isinstance(ident, str) or not SLUG.match(ident):
            errors.add("id", "Use lowercase letters, digits, - or _.")
        values["id"] = ident


def read_institution(data: Any, languages: tuple[str, ...], *, creating: bool) -> dict[str, Any]:
    """Clean values for the keys present; InvalidInput with a message per field."""
    errors = FieldErrors()
    if not isinstance(data, dict):
        errors.add("body", "Send a JSON object.")
        errors.raise_if_any()
    values: dict[str, Any] = {}
    _identifier(errors, data, values, creating)
    if creating and not data.get("name"):
        errors.add("name", "This field is required.")
    _texts(errors, data, INSTITUTION_TEXTS, languages, values, ("name",))
    for name, limit in (("address", 500), ("accessibility_contact", 200)):
        if name in data:
            values[name] = text(errors, data, name, max_length=limit, multiline=name == "address")
    if "website" in data:
        values["website"] = text(errors, data, "website", max_length=300)
        if values["website"] and not _URL.match(values["website"]):
            errors.add("website", "Enter an address starting with https://.")
    for name in ("email", "dpo_email", "accessibility_email"):
        if name in data:
            values[name] = _address(errors, data, name)
    for name in ("phone", "dpo_phone", "accessibility_phone"):
        if name in data:
            values[name] = _phone(errors, data, name)
    if "dpo_name" in data:
        values["dpo_name"] = text(errors, data, "dpo_name", max_length=200)
    if "accessibility_status" in data:
        if data["accessibility_status"] not in STATUSES:
            errors.add("accessibility_status", "Choose one of: %(choices)s.", choices=", ".join(STATUSES))
        values["accessibility_status"] = data["accessibility_status"]
    for name in ("statement_published", "statement_updated"):
        if name in data:
            values[name] = _day(errors, data, name)
    errors.raise_if_any()
    return values


def read_project(data: Any, languages: tuple[str, ...], *, creating: bool) -> dict[str, Any]:
    errors = FieldErrors()
    if not isinstance(data, dict):
        errors.add("body", "Send a JSON object.")
        errors.raise_if_any()
    values: dict[str, Any] = {}
    _identifier(errors, data, values, creating)
    if creating:
        for name in ("name", "institution"):
            if not data.get(name):
                errors.add(name, "This field is required.")
    if "institution" in data:
        institution = data["institution"]
        if not isinstance(institution, str) or not SLUG.match(institution):
            errors.add("institution", "Use lowercase letters, digits, - or _.")
        values["institution_id"] = institution
    _texts(errors, data, PROJECT_TEXTS, languages, values, ("name",))
    if "eu_emblem" in data:
        values["eu_emblem"] = flag(errors, data, "eu_emblem")
    if "indicators" in data:
        values["indicators"] = _indicators(errors, data["indicators"])
    errors.raise_if_any()
    return values


def _indicators(errors: FieldErrors, value: Any) -> list[str]:
    """The questions for the funder's indicators: a list of their ids, or a ready set by name."""
    from ..vocabulary.indicators import INDICATORS, PRESETS

    if isinstance(value, str) and value in PRESETS:
        return list(PRESETS[value])
    if not isinstance(value, list) or not all(isinstance(v, str) and v in INDICATORS for v in value):
        errors.add("indicators", "Choose among %(known)s, or a ready set: %(presets)s.",
                   known=", ".join(INDICATORS), presets=", ".join(PRESETS))
        return []
    return list(dict.fromkeys(value))
