"""The directory's dashboard forms, both ways: an institution or a project → the form's fields, the
posted fields → the API's JSON object, which then goes through the API's checks
(institutions/spec.py); and the logo upload's multipart/form-data, read with the standard
library's MIME parser.

Field names: the API's (`email`, `dpo_phone`, `accessibility_status` …), texts per language as
`<field>-<language>` (`name-uk`, `funding-pl`), the EU emblem as a checkbox (`on`); the upload's
file is `logo`. A refused form comes back as typed.
"""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import date
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from ..errors import DomainError, InvalidInput, Text
from ..institutions.logos import MAX_BYTES
from ..institutions.spec import INSTITUTION_TEXTS, PROJECT_TEXTS
from ..records import Institution, Project
from .forms import FormTooLarge, parse_form

INSTITUTION_FIELDS = ("address", "email", "phone", "website", "dpo_name", "dpo_email", "dpo_phone",
                      "accessibility_contact", "accessibility_email", "accessibility_phone", "accessibility_status",
                      "statement_published", "statement_updated")
INSTITUTION_LOCALIZED = tuple(INSTITUTION_TEXTS)
PROJECT_LOCALIZED = tuple(PROJECT_TEXTS)
# Three languages of the longest texts, percent-encoded (a Cyrillic letter is 12 bytes): above the 64 KB of other forms.
MAX_DIRECTORY_FORM = 512 * 1024
MAX_UPLOAD = MAX_BYTES + 16 * 1024  # the image, the CSRF token and the language, with the parts' headers
MAX_PARTS = 10
TOO_LARGE = Text("The image may be at most %(max)s KB.", {"max": MAX_BYTES // 1024})


def parse_directory_form(raw: bytes | None) -> dict[str, list[str]]:
    """The posted form (textareas' CRLF as LF, as the API would get them)."""
    form = parse_form(raw, max_bytes=MAX_DIRECTORY_FORM)
    return {name: [v.replace("\r\n", "\n") for v in values] for name, values in form.items()}


def _per_language(values: dict[str, str], name: str, texts: dict[str, str], languages: tuple[str, ...]) -> None:
    for lang in languages:
        values[f"{name}-{lang}"] = texts.get(lang) or texts.get("*") or ""


def _texts(form: dict[str, list[str]], name: str, languages: tuple[str, ...]) -> dict[str, str]:
    return {lang: (form.get(f"{name}-{lang}") or [""])[0] for lang in languages}


def _first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0]


def posted_values(form: dict[str, list[str]]) -> dict[str, str]:
    """What was typed, to show a refused form again."""
    return {name: values[0] for name, values in form.items() if values and name != "csrf"}


def institution_values(institution: Institution, languages: tuple[str, ...]) -> dict[str, str]:
    """An institution as its form shows it."""
    values: dict[str, str] = {}
    for name in INSTITUTION_LOCALIZED:
        _per_language(values, name, getattr(institution, name), languages)
    for name in INSTITUTION_FIELDS:
        value = getattr(institution, name)
        values[name] = value.isoformat() if isinstance(value, date) else (value or "")
    return values


def institution_data(form: dict[str, list[str]], languages: tuple[str, ...], *, creating: bool) -> dict[str, Any]:
    """The API's object for the posted form: a new institution's id and name, or every field."""
    if creating:
        return {"id": _first(form, "id").strip(), "name": _texts(form, "name", languages)}
    data: dict[str, Any] = {name: _texts(form, name, languages) for name in INSTITUTION_LOCALIZED}
    data.update({name: _first(form, name) for name in INSTITUTION_FIELDS})
    return data


def project_values(project: Project, languages: tuple[str, ...]) -> dict[str, str]:
    values = {"institution": project.institution_id, "eu_emblem": "on" if project.eu_emblem else "",
              "indicators": ",".join(project.indicators)}
    for name in PROJECT_LOCALIZED:
        _per_language(values, name, getattr(project, name), languages)
    return values


def project_data(form: dict[str, list[str]], languages: tuple[str, ...], *, creating: bool) -> dict[str, Any]:
    """The API's object for the posted form: a new project's id, institution and name, or every field."""
    data: dict[str, Any] = {"institution": _first(form, "institution").strip(), "name": _texts(form, "name", languages)}
    if creating:
        return {"id": _first(form, "id").strip(), **data}
    data.update({name: _texts(form, name, languages) for name in PROJECT_LOCALIZED})
    data["eu_emblem"] = _first(form, "eu_emblem") == "on"
    data["indicators"] = [value for value in form.get("indicators", []) if value]
    return data


@dataclass(frozen=True)
class Upload:
    """A posted logo form: its plain fields (csrf, lang) and the file as sent."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    data: bytes = b""
    content_type: str = ""


def _file_type(part: EmailMessage) -> str:
    """The file's declared type; a browser that does not know it says application/octet-stream,
    and then the file name's extension tells (the content is checked either way)."""
    declared = part.get_content_type()
    if declared != "application/octet-stream":
        return declared
    return mimetypes.guess_type(part.get_filename() or "")[0] or ""


def read_upload(raw: bytes | None, content_type: str) -> Upload:
    """The multipart/form-data body of a logo form. A body past MAX_UPLOAD is refused unread with
    the image's size limit (InvalidInput, field `logo`); one that is not multipart is a bad request."""
    raw = raw or b""
    if len(raw) > MAX_UPLOAD:
        raise InvalidInput(fields={"logo": TOO_LARGE})
    one_line = " ".join(content_type.splitlines())  # the request's header, never a second header of the message
    header = f"Content-Type: {one_line}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=policy.HTTP).parsebytes(header + raw)
    if not message.is_multipart() or message.get_content_type() != "multipart/form-data":
        raise DomainError()
    fields: dict[str, list[str]] = {}
    upload = Upload()
    for count, part in enumerate(message.iter_parts()):
        if count >= MAX_PARTS:
            raise FormTooLarge()
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if name == "logo" and part.get_filename() is not None:
            upload = Upload(data=payload, content_type=_file_type(part) if payload else "")
        elif isinstance(name, str):
            fields.setdefault(name, []).append(payload.decode("utf-8", "replace"))
    return Upload(fields, upload.data, upload.content_type)
