"""The mail moto's SES received, read back as MIME, for people and for tests."""
from __future__ import annotations

import base64
import email
import email.policy
import json
import os
import re
import urllib.request
from pathlib import Path
from typing import Any

from ..templating import TemplateFolder

TEMPLATES = TemplateFolder(Path(__file__).resolve().parent / "templates")

# Links in a message open in the whole tab: inside the frame the service's own pages refuse to be
# framed (frame-ancestors 'none').
_OPEN_IN_TAB = '<base target="_top">'


def _raw_messages() -> list[dict[str, Any]]:
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "").rstrip("/")
    if not endpoint:
        return []
    with urllib.request.urlopen(f"{endpoint}/_zapisy/sent-mail.json", timeout=30) as response:  # devstack
        data = json.load(response)
    return data.get("ses", {}).get("RawMessage", [])


def parse_raw(raw: str | bytes) -> dict[str, Any]:
    message = email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode(),
                                       policy=email.policy.default)
    text = html = ""
    attachments = []
    inline: dict[str, str] = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        content_id = str(part["Content-ID"] or "").strip("<> ")
        if content_id:  # a browser cannot open cid: links: the picture goes into the page itself
            data = base64.b64encode(part.get_payload(decode=True) or b"").decode()
            inline[content_id] = f"data:{part.get_content_type()};base64,{data}"
        if filename:
            attachments.append(filename)
        elif part.get_content_type() == "text/plain" and not text:
            text = part.get_content()
        elif part.get_content_type() == "text/html" and not html:
            html = part.get_content()
    return {"to": str(message["To"] or ""), "subject": str(message["Subject"] or ""), "text": text,
            "html": viewable(html, inline), "kind": str(message["X-Zapisy-Kind"] or ""),
            "attachments": attachments, "language": str(message["Content-Language"] or ""),
            "headers": [[name, str(value)] for name, value in message.items()]}


def viewable(html: str, inline: dict[str, str]) -> str:
    """The HTML part as a browser can show it: inline pictures in place, links opening in the tab."""
    html = re.sub(r"cid:([^\"'\s>]+)", lambda found: inline.get(found.group(1), found.group(0)), html)
    if not html:
        return html
    head = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    return html[:head.end()] + _OPEN_IN_TAB + html[head.end():] if head else _OPEN_IN_TAB + html


def sent_mail() -> list[dict[str, Any]]:
    """Every e-mail SES accepted, oldest first."""
    return [parse_raw(m["raw_data"]) for m in _raw_messages()]


def outbox_html(*, preview: bool = False) -> str:
    if preview:
        from ..emails.render import EMAIL_KINDS, render_email, sample_context
        from ..i18n import SUPPORTED_LANGUAGES

        mails = []
        for kind in EMAIL_KINDS:
            for language in SUPPORTED_LANGUAGES:
                content = render_email(kind, language, sample_context(language))
                mails.append({"to": "preview", "subject": content.subject, "text": content.text,
                              "html": viewable(content.html, {}), "kind": kind, "language": language,
                              "attachments": [], "headers": []})
    else:
        mails = list(reversed(sent_mail()))
    return TEMPLATES.render("outbox.html", "en", mails=mails, preview=preview)  # the page is in English
