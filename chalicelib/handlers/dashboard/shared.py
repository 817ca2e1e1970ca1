"""What every dashboard route shares: its decorator (a valid session or off to the login and back;
refusals become pages), the reader's language, the viewer (organizer, CSRF token, language) and
checked forms."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

from chalice import Response

from ...auth import Organizer
from ...errors import DomainError, Forbidden, InvalidInput, Text
from ..authorizer import current_organizer, session_context
from ..http import guarded_route, page_language, requested_path, retry_headers

FORM = ["application/x-www-form-urlencoded"]
EXPIRED = Text("This form has expired. Please reload the page.")
LOGIN = "/organizer/login"
WAY_IN = (LOGIN, "/organizer/callback", "/organizer/logout")  # never a place to come back to
HOME = "/organizer/events"
MAX_NEXT = 1000  # it travels in a query and, to Cognito and back, in a cookie of 4 KB at most


def page(blueprint: Any, path: str, *, one_field: bool = False, signed_in: bool = True,
         **options: Any) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """`blueprint.route` for a dashboard page, for signed-in organizers only (unless `signed_in=False`:
    the way in). Without a valid session the view does not run: the browser goes to the login,
    which brings it back here (a GET) or to the page the form was on (a POST is never replayed).

    A domain refusal raised by the view becomes a problem page in the reader's language, and a
    throttled table a 503 page with Retry-After, never a 500. `one_field`: a refusal of one
    field says that field's message (its form is on another page, or the field is the page's).
    """

    def refused(error: DomainError) -> Response:
        from ...web.dashboard.layout import problem

        request = blueprint.current_request
        answer = problem(language(request), error, request.path, one_field=one_field)
        answer.headers.update(retry_headers(error))
        return answer

    def decorator(view: Callable[..., Response]) -> Callable[..., Response]:
        guarded_route(blueprint, path, refused, **options)(_behind_session(blueprint, view) if signed_in else view)
        return view

    return decorator


def _behind_session(blueprint: Any, view: Callable[..., Response]) -> Callable[..., Response]:
    @wraps(view)
    def signed_in_only(*args: Any, **kwargs: Any) -> Response:
        request = blueprint.current_request
        context = session_context(request.headers.get("cookie"))
        if context is None:
            return to_login(request)
        request.context["authorizer"] = context  # what `current_organizer` reads, as for the API
        return view(*args, **kwargs)

    return signed_in_only


def safe_next(value: str | None) -> str:
    """A dashboard page of this site to come back to after login, or "" (never another site,
    never the way in itself, nothing that could split a header)."""
    if not value or len(value) > MAX_NEXT or any(not " " < c < "\x7f" or c == "\\" for c in value):
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.fragment or not parts.path.startswith("/organizer/"):
        return ""
    path = unquote(parts.path)
    if path.rstrip("/") in WAY_IN or "/." in path or "//" in path or "\\" in path:
        return ""
    return value


def requested_page(request: Any) -> str:
    """This request's path and query, as the browser asked for it."""
    path = requested_path(request)
    query = request.to_original_event().get("multiValueQueryStringParameters") or {}
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def _page_it_was_sent_from(request: Any) -> str:
    """Where a form was posted from: the Referer, if it is a page of this site (else "")."""
    referer = urlsplit(request.headers.get("referer") or "")
    if not referer.netloc or referer.netloc != request.headers.get("host"):
        return ""
    return f"{referer.path}?{referer.query}" if referer.query else referer.path


def to_login(request: Any) -> Response:
    """Off to the login, which brings the browser back: to this page, or for a posted form
    (its session gone, so what it sent is not saved) to the page it was sent from."""
    from ...web import pages

    here = requested_page(request) if request.method == "GET" else _page_it_was_sent_from(request)
    back = safe_next(here) or safe_next(here.split("?", 1)[0]) or HOME
    return pages.redirect(pages.link(LOGIN, language(request), next=back))


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


def project_and_period(request: Any, viewer: Any, build: Callable[[str, Any], Any]) -> tuple[Any, dict, dict]:
    """A page for one project and period (`?project=&from=&to=`; default: the organizer's first
    project, this calendar year): what `build(project, period)` made (None without a project or
    with a wrong date), the field errors, and the form's values to show again."""
    from ...application.organizer import reports
    from ...web import views

    query = request.query_params or {}
    project, raw_from, raw_to = (query.get(name, "")[:size].strip() for name, size in
                                 (("project", 64), ("from", 20), ("to", 20)))
    project = project or next((p for p in viewer.organizer.projects if p != "*"), "")
    built, errors, period = None, {}, reports.this_year()
    try:
        period = reports.period(raw_from, raw_to)
        if project:
            built = build(project, period)
    except InvalidInput as error:
        errors = views.field_errors(error, viewer.language)
    form = {"project": project, "from": raw_from or period.start.isoformat(), "to": raw_to or period.end.isoformat()}
    return built, errors, form
