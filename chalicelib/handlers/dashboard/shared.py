"""What every dashboard route shares: its decorator (behind the session cookie; refusals become
pages), the reader's language, the viewer (organizer, CSRF token, language) and checked forms."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Response

from ...auth import Organizer
from ...errors import DomainError, Forbidden, Text
from ..authorizer import current_organizer, organizer_session_auth
from ..http import guarded_route, page_language, retry_headers

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

    def refused(error: DomainError) -> Response:
        from ...web.dashboard.layout import problem

        request = blueprint.current_request
        answer = problem(language(request), error, request.path, one_field=one_field)
        answer.headers.update(retry_headers(error))
        return answer

    return guarded_route(blueprint, path, refused, **options)


def language(request: Any, form: dict[str, list[str]] | None = None) -> str:
    return page_language(request, form)


def organizer(request: Any) -> Organizer:
    return current_organizer(request)


def session_token(request: Any) -> str:
    from ...organizers import session

    return session.token_from_cookie_header(request.headers.get("cookie"))


def viewer(request: Any, form: dict[str, list[str]] | None = None) -> Any:
    """Who is looking, the CSRF token their forms carry, and the page's language."""
    from ...organizers import session
    from ...web.dashboard.layout import Viewer

    return Viewer(current_organizer(request), session.csrf_token(session_token(request)), language(request, form))


def same_origin(request: Any) -> bool:
    """A second line against cross-site posts: the browser's Origin must be this site."""
    origin = request.headers.get("origin")
    return origin is None or origin.split("://", 1)[-1] == request.headers.get("host", "")


def checked_form(request: Any, form: dict[str, list[str]]) -> dict[str, list[str]]:
    """The form, once its origin and CSRF token are checked; raises Forbidden otherwise."""
    from ...organizers import session
    from ...web import forms

    if not same_origin(request) or not session.valid_csrf(session_token(request), forms.first(form, "csrf")):
        raise Forbidden(EXPIRED)
    return form


def posted_form(request: Any) -> dict[str, list[str]]:
    """The posted form, once its origin and CSRF token are checked; raises Forbidden otherwise."""
    from ...web import forms

    return checked_form(request, forms.parse_form(request.raw_body))


def back_to(path: str, request: Any, form: dict[str, list[str]] | None = None, fragment: str = "",
            **params: str) -> Response:
    """After a successful post: back to a page, in the same language (303, so reload does not repost)."""
    from ...web.dashboard.layout import back_to as redirect

    return redirect(path, language(request, form), fragment, **params)
