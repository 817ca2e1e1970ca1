"""Participant e-mails: rendering (render.py) and raw MIME building for SES (mime.py)."""

from chalicelib.emails.mime import (
    ICS_CONTENT_TYPE,
    Attachment,
    build_message,
    single_line,
)
from chalicelib.emails.render import (
    EMAIL_KINDS,
    EmailContent,
    EmailContext,
    SessionInfo,
    event_kind_label,
    render_email,
    sample_context,
)

__all__ = [
    "EMAIL_KINDS",
    "ICS_CONTENT_TYPE",
    "Attachment",
    "EmailContent",
    "EmailContext",
    "SessionInfo",
    "build_message",
    "event_kind_label",
    "render_email",
    "sample_context",
    "single_line",
]
