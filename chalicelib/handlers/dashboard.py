"""What every dashboard page shares: the reader's language, the session's CSRF token, problem pages.

Each dashboard area (events, one event's registrations, the editor, check-in, reports, data
protection, organizers) is its own blueprint; they all stand on these few functions so a form
is checked and a page is rendered the same way everywhere.
"""
from __future__ import annotations

from typing import Any

from chalice import Response

from ..auth import Organizer
from ..errors import DomainError, Forbidden, Text
from ..organizers import session
from ..web import forms, pages
from .authorizer import current_organizer
from .http import page_language

FORM = ["application/x-www-form-urlencoded"]
EXPIRED = Text("This form has expired. Please reload the page.")


def language(request: Any, form: dict[str, list[str]] | None = None) -> str:
    return page_language(request, form)


def session_token(request: Any) -> str:
    return session.token_from_cookie_header(request.headers.get("cookie"))


def problem(request: Any, error: DomainError) -> Response:
    from ..web.page_views import problem_page

    return problem_page(language(request), error.status, error.message, path=request.path)


def same_origin(request: Any) -> bool:
    """A second line against cross-site posts: the browser's Origin must be this site."""
    origin = request.headers.get("origin")
    return origin is None or origin.split("://", 1)[-1] == request.headers.get("host", "")


def posted_form(request: Any) -> dict[str, list[str]]:
    """The posted form, once its origin and CSRF token are checked; raises Forbidden otherwise."""
    form = forms.parse_form(request.raw_body)
    if not same_origin(request) or not session.valid_csrf(session_token(request), forms.first(form, "csrf")):
        raise Forbidden(EXPIRED)
    return form


def render(request: Any, template: str, *, path: str, status: int = 200, **context: Any) -> Response:
    """A dashboard page: the layout gets the organizer (for the menu) and the session's CSRF token."""
    organizer: Organizer = current_organizer(request)
    return pages.render(template, context.pop("language", None) or language(request), path=path, status=status,
                        organizer=organizer, csrf=session.csrf_token(session_token(request)), **context)


def back_to(path: str, request: Any, form: dict[str, list[str]] | None = None, fragment: str = "") -> Response:
    """After a successful post: back to a page, in the same language (303, so reload does not repost)."""
    return pages.redirect(pages.link(path, language(request, form)) + fragment)
