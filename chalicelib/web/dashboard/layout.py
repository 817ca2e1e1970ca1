"""What every dashboard page shares: who is looking (for the menu), the session's CSRF token for
its forms, the reader's language, and the problem page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalice import Response

from ...auth import Organizer
from ...errors import DomainError, InvalidInput, Text
from .. import pages, views


@dataclass(frozen=True)
class Viewer:
    """The organizer looking at a page, the CSRF token their forms carry, and their language."""

    organizer: Organizer
    csrf: str
    language: str

    def say(self, message: Any) -> str:
        return views.say(self.language, message if isinstance(message, Text) else Text(message))


def render(viewer: Viewer, template: str, *, path: str, status: int = 200, **context: Any) -> Response:
    """A dashboard page: the layout gets the organizer (for the menu) and the session's CSRF token."""
    return pages.render(template, context.pop("language", None) or viewer.language, path=path, status=status,
                        organizer=viewer.organizer, csrf=viewer.csrf, **context)


def problem(language: str, error: DomainError, path: str, *, one_field: bool = False) -> Response:
    """A refusal as a page; `one_field`: say the one field's message (its form is on another page)."""
    from ..public import problem_page

    if one_field and isinstance(error, InvalidInput) and error.fields:
        error = InvalidInput(next(iter(error.fields.values())))
    return problem_page(language, error.status, error.message, path=path)


def back_to(path: str, language: str, fragment: str = "", **params: str) -> Response:
    """After a successful post: back to a page, in the same language (303, so reload does not repost)."""
    return pages.redirect(pages.link(path, language, **params) + fragment)
