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
    heading: str | None = None  # a page's heading, when the message is a sentence
    retry_after: int | None = None  # seconds a client waits before trying again (429, 503)

    def __init__(self, message: Text | None = None, fields: dict[str, Text] | None = None) -> None:
        self.message = message or Text(self.msgid)
        self.fields = fields or {}
        self.details: dict[str, Any] = {}  # machine-readable facts the error body carries besides its code
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


TAKEN = N_("Already taken: %(names)s. Choose a free one, or tick “If it is full, put me on its waiting list”.")


class SessionFull(DomainError):
    """A chosen session or slot has no seat for a newcomer, and the person did not ask to wait for it.

    Nobody is put on a waiting list they did not choose: the form comes back with the others offered.
    `names` are the sessions' titles, in every language (an i18n.InLanguages), so each door names them
    in its reader's; `field` is what the sessions field says (None: the message alone says it).
    """

    status = 409
    code = "session_full"
    msgid = N_("A session or time you chose is full.")

    def __init__(self, session_ids: list[str], names: Any, message: Text | None = None,
                 field: str | None = TAKEN) -> None:
        super().__init__(message, fields={"sessions": Text(field, {"names": names})} if field else None)
        self.session_ids = list(session_ids)
        self.names = names
        self.details = {"sessions": self.session_ids}

    def reworded(self, message: str | None, field: str | None = None) -> SessionFull:
        """The same refusal in someone else's words (an organizer's, who acts for the person)."""
        return SessionFull(self.session_ids, self.names, Text(message, {"names": self.names}) if message else None,
                           field)


class InvalidTransition(DomainError):
    status = 409
    code = "invalid_transition"
    msgid = N_("This action is not possible in the current state.")


class Conflict(DomainError):
    """Well-formed, but it clashes with what is stored (an id already taken, no room for one more):
    409, with the field it concerns."""

    status = 409
    code = "conflict"
    msgid = N_("This clashes with what is already stored.")


class Busy(DomainError):
    status = 503
    code = "busy"
    msgid = N_("The service is busy. Please try again in a moment.")
    retry_after = 2


class TooManyAttempts(DomainError):
    """A source address or an e-mail address sent more sign-ups than its stage allows."""

    status = 429
    code = "rate_limited"
    msgid = N_("You have sent this form many times in a short while. Please wait a few minutes and try again.")
    heading = N_("Too many attempts")

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    msgid = N_("You do not have access to this.")


class NotAcceptable(DomainError):
    """A binary file asked for without naming its type in Accept: API Gateway sends a binary body
    only when the request's Accept names its type (or */*), and would mangle it otherwise."""

    status = 406
    code = "not_acceptable"

    def __init__(self, content_type: str) -> None:
        super().__init__(Text("Ask for this file with the header Accept: %(type)s.", {"type": content_type}))


def require_accept(accept: str | None, content_type: str) -> None:
    """Refuse (406) unless `accept` (the request's Accept header) names the binary type or */*."""
    wanted = {part.split(";")[0].strip().lower() for part in (accept or "").split(",")}
    if not wanted & {content_type.split(";")[0].strip().lower(), "*/*"}:
        raise NotAcceptable(content_type)
