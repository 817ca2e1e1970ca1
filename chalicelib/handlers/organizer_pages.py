"""The organizers' dashboard: pages behind the session-cookie authorizer, forms with CSRF tokens.

Logging in: in stage `local` a development login page issues the session; in AWS the login goes
through Amazon Cognito's hosted UI (see README, "Organizer login").
"""
from __future__ import annotations

from chalice import Blueprint, Response

from .. import auth
from ..config import settings
from ..errors import Forbidden, NotFound, Text
from . import dashboard
from .authorizer import current_organizer
from .dashboard import FORM

organizer_pages = Blueprint(__name__)
LOCAL_PROJECTS = ("re-turn", "epi")
STATUS_LABELS = {"draft": Text("Draft"), "published": Text("Published"), "cancelled": Text("Cancelled")}


def _language() -> str:
    return dashboard.language(organizer_pages.current_request)


def _link(path: str) -> str:
    """A page of ours, in the reader's language."""
    from ..web import pages

    return pages.link(path, _language())


def _redirect(location: str, cookie: str = "") -> Response:
    """Off to another page (303), opening or closing a session (or Cognito's login) on the way."""
    from ..web import pages

    response = pages.redirect(location)
    if cookie:
        response.headers["Set-Cookie"] = cookie
    return response


@dashboard.page(organizer_pages, "/organizer", methods=["GET"], authorizer=None)
def dashboard_home() -> Response:
    """The way in: to the events if the session is valid, else to the login."""
    try:
        auth.verify_organizer_token(dashboard.session_token(organizer_pages.current_request))
    except auth.InvalidToken:
        return _redirect(_link("/organizer/login"))
    return _redirect(_link("/organizer/events"))


@dashboard.page(organizer_pages, "/organizer/login", methods=["GET"], authorizer=None)
def login_page() -> Response:
    """Locally: the development login. In AWS: off to Cognito's hosted UI (PKCE)."""
    from ..organizers import cognito
    from ..web import pages

    if settings().is_local:
        return pages.render("organizer/login.html", _language(), path="/organizer/login", projects=LOCAL_PROJECTS)
    if not settings().cognito_domain:
        raise NotFound(Text("Log in through your organisation's login page."))
    start = cognito.start_login()
    return _redirect(start.authorize_url, start.cookie)


@dashboard.page(organizer_pages, "/organizer/callback", methods=["GET"], authorizer=None)
def login_callback() -> Response:
    """Cognito sends the browser back here with a code; we exchange it and open the session."""
    from ..organizers import cognito, session

    request = organizer_pages.current_request
    query = request.query_params or {}
    remembered = session.cookie_value(request.headers.get("cookie"), cognito.LOGIN_COOKIE)
    try:
        token = cognito.finish_login(query.get("code", ""), query.get("state", ""), remembered)
    except cognito.LoginFailed:
        raise Forbidden(Text("The login did not succeed. Please try again.")) from None
    return _redirect(_link("/organizer/events"), session.session_cookie(token))


@dashboard.page(organizer_pages, "/organizer/login", methods=["POST"], content_types=FORM, authorizer=None)
def dev_login() -> Response:
    """Stage `local` only: issue a session for the chosen role and projects."""
    from ..organizers import session
    from ..web import forms

    request = organizer_pages.current_request
    if not settings().is_local:
        raise NotFound()
    if not dashboard.same_origin(request):
        raise Forbidden()
    form = forms.parse_form(request.raw_body)
    role = forms.first(form, "role") if forms.first(form, "role") in auth.ROLES else "organizer"
    projects = tuple(p for p in form.get("project", []) if p in LOCAL_PROJECTS) or LOCAL_PROJECTS[:1]
    email = forms.first(form, "email")[:254] or "organizer@zapisy.example.org"
    token = auth.issue_organizer_token(auth.Organizer(f"local-{role}", email, role, projects))
    return _redirect(_link("/organizer/events"), session.session_cookie(token))


@dashboard.page(organizer_pages, "/organizer/logout", methods=["POST"], content_types=FORM)
def logout() -> Response:
    """End the session; in AWS end Cognito's too, or the next login would pass straight through."""
    from ..organizers import cognito, session

    dashboard.posted_form(organizer_pages.current_request)
    if settings().is_local or not settings().cognito_domain:
        return _redirect(_link("/organizer/login" if settings().is_local else "/events"), session.cleared_cookie())
    return _redirect(cognito.logout_url(), session.cleared_cookie())


@dashboard.page(organizer_pages, "/organizer/events", methods=["GET"])
def event_list() -> Response:
    from ..events import service as events
    from ..web import views

    request = organizer_pages.current_request
    organizer = current_organizer(request)
    language = _language()
    query = request.query_params or {}
    project = query.get("project") or (None if organizer.is_admin else organizer.projects[0])
    items, next_cursor = events.list_organizer_events(organizer, project, query.get("cursor"), 50)
    rows = []
    for item in items:
        view = events.organizer_view(item)
        rows.append({"id": item.event_id, "title": views.pick(view["title"], language), "status_label": views.say(
            language, STATUS_LABELS.get(item.status, Text(item.status))),
            "when": views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
            "confirmed": view["confirmed"], "capacity": view["capacity"], "waitlisted": view["waitlisted"],
            "pending": view.get("pending", 0), "checked_in": view.get("checked_in", 0)})
    return dashboard.render(request, "organizer/events.html", language=language, path="/organizer/events",
                            events=rows, next=next_cursor)
