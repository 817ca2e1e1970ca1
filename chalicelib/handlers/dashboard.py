"""What every dashboard page shares: its route, the reader's language, the session's CSRF token,
the organizer's event, problem pages.

Each dashboard area (events, one event's registrations, the editor, check-in, reports, data
protection, organizers) is its own blueprint; they all stand on these few functions so a form
is checked, a refusal is answered and a page is rendered the same way everywhere. Nothing of the
domain is imported at the top: a cold start loads the routes, not what they call.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalice import Response

from ..errors import DomainError, Forbidden, InvalidInput, Text
from .authorizer import current_organizer, organizer_session_auth
from .http import RETRY_AFTER, guarded_route, page_language

if TYPE_CHECKING:
    from ..store.models import EventItem

FORM = ["application/x-www-form-urlencoded"]
EXPIRED = Text("This form has expired. Please reload the page.")


def page(blueprint: Any, path: str, *, one_field: bool = False,
         **options: Any) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """`blueprint.route` for a dashboard page, behind the session cookie (unless `authorizer=None`).

    A domain refusal raised by the view becomes a problem page in the reader's language, and a
    throttled table a 503 page with Retry-After, never a 500. `one_field`: a refusal of one
    field says that field's message (its form is on another page, or the field is the page's).
    """
    options.setdefault("authorizer", organizer_session_auth)
    return guarded_route(blueprint, path, lambda error: problem(blueprint.current_request, error, one_field=one_field),
                         **options)


def language(request: Any, form: dict[str, list[str]] | None = None) -> str:
    return page_language(request, form)


def session_token(request: Any) -> str:
    from ..organizers import session

    return session.token_from_cookie_header(request.headers.get("cookie"))


def problem(request: Any, error: DomainError, *, one_field: bool = False) -> Response:
    """A refusal as a page; a 503 (the table is busy) tells the browser when to come back."""
    from ..web.page_views import problem_page

    if one_field and isinstance(error, InvalidInput) and error.fields:
        error = InvalidInput(next(iter(error.fields.values())))
    answer = problem_page(language(request), error.status, error.message, path=request.path)
    if error.status == 503:
        answer.headers.update(RETRY_AFTER)
    return answer


def event(request: Any, event_id: str, *, consistent: bool = False) -> EventItem:
    """The event, if the organizer may see it (another project's event is not found)."""
    from ..events import service as events

    return events.organizer_event(current_organizer(request), event_id, consistent=consistent)


def same_origin(request: Any) -> bool:
    """A second line against cross-site posts: the browser's Origin must be this site."""
    origin = request.headers.get("origin")
    return origin is None or origin.split("://", 1)[-1] == request.headers.get("host", "")


def checked_form(request: Any, form: dict[str, list[str]]) -> dict[str, list[str]]:
    """The form, once its origin and CSRF token are checked; raises Forbidden otherwise."""
    from ..organizers import session
    from ..web import forms

    if not same_origin(request) or not session.valid_csrf(session_token(request), forms.first(form, "csrf")):
        raise Forbidden(EXPIRED)
    return form


def posted_form(request: Any) -> dict[str, list[str]]:
    """The posted form, once its origin and CSRF token are checked; raises Forbidden otherwise."""
    from ..web import forms

    return checked_form(request, forms.parse_form(request.raw_body))


def render(request: Any, template: str, *, path: str, status: int = 200, **context: Any) -> Response:
    """A dashboard page: the layout gets the organizer (for the menu) and the session's CSRF token."""
    from ..organizers import session
    from ..web import pages

    return pages.render(template, context.pop("language", None) or language(request), path=path, status=status,
                        organizer=current_organizer(request), csrf=session.csrf_token(session_token(request)),
                        **context)


def back_to(path: str, request: Any, form: dict[str, list[str]] | None = None, fragment: str = "") -> Response:
    """After a successful post: back to a page, in the same language (303, so reload does not repost)."""
    from ..web import pages

    return pages.redirect(pages.link(path, language(request, form)) + fragment)
