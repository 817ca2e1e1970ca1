"""Domain errors. Messages are English gettext msgids; the HTTP layer translates them.

Each error names its HTTP status so that one place (handlers/http.py) maps every domain refusal
to a clear 4xx in the user's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .i18n import N_


@dataclass(frozen=True)
class Text:
    """A message to translate later: msgid plus %-format parameters."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)


class DomainError(Exception):
    status = 400
    code = "bad_request"
    msgid = N_("The request could not be processed.")

    def __init__(self, message: Text | None = None, fields: dict[str, Text] | None = None) -> None:
        self.message = message or Text(self.msgid)
        self.fields = fields or {}
        super().__init__(self.message.msgid)


class InvalidInput(DomainError):
    status = 400
    code = "invalid"
    msgid = N_("Some fields need your attention.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    msgid = N_("Not found.")


class EventNotFound(NotFound):
    code = "event_not_found"
    msgid = N_("This event does not exist or is no longer available.")


class RegistrationNotFound(NotFound):
    code = "registration_not_found"
    msgid = N_("This link is not valid. Please check that you copied it completely.")


class RegistrationClosed(DomainError):
    status = 409
    code = "registration_closed"
    msgid = N_("Registration for this event is closed.")


class RegistrationNotOpenYet(DomainError):
    status = 409
    code = "registration_not_open"
    msgid = N_("Registration for this event has not opened yet.")


class EventNotOpen(DomainError):
    status = 409
    code = "event_not_open"
    msgid = N_("This event is not open for registration.")


class EventFull(DomainError):
    status = 409
    code = "event_full"
    msgid = N_("Sorry, there are no seats left.")


class InvalidTransition(DomainError):
    status = 409
    code = "invalid_transition"
    msgid = N_("This action is not possible in the current state.")


class Busy(DomainError):
    status = 503
    code = "busy"
    msgid = N_("The service is busy. Please try again in a moment.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    msgid = N_("You do not have access to this.")
