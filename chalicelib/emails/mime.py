"""Raw MIME messages for SES ``send_raw_email``.

Raw messages let us attach the .ics file and send text + HTML together.
Everything that lands in a header is forced onto one line first, because
names and titles are typed by participants and organisers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid

from .headers import ADDRESS_HEADERS, MAIL_POLICY


@dataclass(frozen=True)
class EmailContent:
    """A rendered e-mail, ready for mime.build_message()."""

    subject: str
    text: str
    html: str
    language: str = ""  # the language it is written in: its Content-Language header


# C0/C1 controls, DEL and Unicode line/paragraph separators become spaces;
# bidirectional overrides (used to disguise text) are dropped.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s{2,}")

# Headers the MIME structure owns; callers may not override them.
_RESERVED = {"content-type", "content-transfer-encoding", "mime-version", "content-disposition"}

DISPLAY_NAME_LENGTH = 120  # one encoded word in the header (see headers.fold_addresses)
ICS_CONTENT_TYPE = "text/calendar; method=PUBLISH; charset=UTF-8"


@dataclass(frozen=True)
class Attachment:
    """A file attached to the message; for calendars use ICS_CONTENT_TYPE and a ``.ics`` name.

    With a ``content_id`` it is an inline part next to the HTML instead (multipart/related),
    which the HTML shows as ``<img src="cid:<content_id>">``.
    """

    filename: str
    content_type: str
    data: bytes
    content_id: str | None = None


def single_line(value: object, max_length: int | None = None) -> str:
    """Collapse any text to one clean line so it can never start a new header."""
    text = _BIDI.sub("", _CONTROL.sub(" ", str(value)))
    text = _SPACES.sub(" ", text).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "\u2026"
    return text


def header_text(value: object, max_length: int | None = None) -> str:
    """One line for a header, with any RFC 2047 encoded word defused.

    The header parser decodes ``=?utf-8?q?...?=`` in the value it is given, and a decoded line
    break is written out as a real one by Python versions without the fix for CVE-2024-6923:
    a word joiner after ``=`` keeps such text as typed.
    """
    return single_line(value, max_length).replace("=?", "=\u2060?")


def _address(value: str, field: str) -> Address:
    """Parse exactly one mailbox; a comma-separated list would let input add recipients."""
    parsed = getaddresses([single_line(value)])
    if len(parsed) != 1 or "@" not in parsed[0][1]:
        raise ValueError(f"{field} must be exactly one e-mail address")
    name, addr = parsed[0]
    local, _, domain = addr.rpartition("@")
    return Address(display_name=header_text(name, DISPLAY_NAME_LENGTH), username=local, domain=domain)


def _split_content_type(content_type: str) -> tuple[str, str, dict[str, str]]:
    """Split a content type such as ``text/calendar; method=PUBLISH`` for add_attachment()."""
    main, *raw_params = [p.strip() for p in single_line(content_type).split(";")]
    maintype, _, subtype = main.lower().partition("/")
    if not maintype or not subtype:
        maintype, subtype = "application", "octet-stream"
    params = {}
    for raw in raw_params:
        key, sep, val = raw.partition("=")
        if sep and key.strip():
            params[key.strip().lower()] = val.strip().strip('"')
    return maintype, subtype, params


def build_message(
    sender: str,
    recipient: str,
    content: EmailContent,
    attachments: Sequence[Attachment] = (),
    headers: Mapping[str, str] | None = None,
) -> bytes:
    """Build an RFC 5322 message: multipart/mixed > alternative(text, html) + attachments.

    Inline attachments (with a ``content_id``) turn the HTML part into
    multipart/related(html, inline parts).
    """
    from_addr = _address(sender, "sender")
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["From"] = from_addr
    msg["To"] = _address(recipient, "recipient")
    msg["Subject"] = header_text(content.subject, 250)
    msg["Date"] = format_datetime(datetime.now(UTC))
    # An explicit domain: make_msgid() would otherwise do a slow FQDN lookup.
    msg["Message-ID"] = make_msgid(domain=from_addr.domain or "localhost")
    msg["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        clean_name = re.sub(r"[^!-9;-~]", "", str(name))  # RFC 5322 field-name characters
        if not clean_name or clean_name.lower() in _RESERVED:
            raise ValueError(f"header {name!r} cannot be set")
        del msg[clean_name]
        if clean_name.lower() in ADDRESS_HEADERS:  # Reply-To: one mailbox, its name encoded like From's
            msg[clean_name] = _address(value, clean_name)
        else:
            msg[clean_name] = header_text(value, 900)

    msg.set_content(content.text, subtype="plain", charset="utf-8")
    msg.add_alternative(content.html, subtype="html", charset="utf-8")
    inline = [a for a in attachments if a.content_id]
    if inline:
        html_part = msg.get_payload()[1]
        for attachment in inline:
            maintype, subtype, params = _split_content_type(attachment.content_type)
            content_id = re.sub(r"[^!-;=?-~]", "", single_line(attachment.content_id))  # no <, > or spaces
            html_part.add_related(
                attachment.data,
                maintype=maintype,
                subtype=subtype,
                cid=f"<{content_id}>",
                disposition="inline",
                filename=single_line(attachment.filename, 100) or "image",
                params=params,
            )
    for attachment in (a for a in attachments if not a.content_id):
        maintype, subtype, params = _split_content_type(attachment.content_type)
        msg.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=single_line(attachment.filename, 100) or "attachment",
            params=params,
        )
    if content.language:  # after the parts: setting content drops every Content-* header
        msg["Content-Language"] = re.sub(r"[^A-Za-z0-9-]", "", content.language)
    return msg.as_bytes()
