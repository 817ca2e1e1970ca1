"""The organizers' dashboard: pages behind the session-cookie authorizer, forms with CSRF tokens.

Logging in: in stage `local` a development login page issues the session; in AWS the login goes
through Amazon Cognito's hosted UI (see README, "Organizer login").
"""
from __future__ import annotations

from chalice import Blueprint, Response

from .. import auth
from ..config import settings
from ..errors import DomainError, Forbidden, NotFound, Text
from ..events import service as events
from ..organizers import session
from ..web import forms, pages, views
from . import dashboard
from .authorizer import current_organizer, organizer_session_auth
from .dashboard import FORM

organizer_pages = Blueprint(__name__)
LOCAL_PROJECTS = ("re-turn", "epi")
STATUS_LABELS = {"draft": Text("Draft"), "published": Text("Published"), "cancelled": Text("Cancelled")}


def _language() -> str:
    return dashboard.language(organizer_pages.current_request)


def _problem(error: DomainError) -> Response:
    return dashboard.problem(organizer_pages.current_request, error)


@organizer_pages.route("/organizer", methods=["GET"])
def dashboard_home() -> Response:
    """The way in: to the events if the session is valid, else to the login."""
    token = session.token_from_cookie_header(organizer_pages.current_request.headers.get("cookie"))
    try:
        auth.verify_organizer_token(token)
    except auth.InvalidToken:
        return pages.redirect(pages.link("/organizer/login", _language()))
    return pages.redirect(pages.link("/organizer/events", _language()))


@organizer_pages.route("/organizer/login", methods=["GET"])
def login_page() -> Response:
    """Locally: the development login. In AWS: off to Cognito's hosted UI (PKCE)."""
    if settings().is_local:
        return pages.render("organizer/login.html", _language(), path="/organizer/login", projects=LOCAL_PROJECTS)
    if not settings().cognito_domain:
        return _problem(NotFound(Text("Log in through your organisation's login page.")))
    from ..organizers import cognito

    start = cognito.start_login()
    response = pages.redirect(start.authorize_url)
    response.headers["Set-Cookie"] = start.cookie
    return response


@organizer_pages.route("/organizer/callback", methods=["GET"])
def login_callback() -> Response:
    """Cognito sends the browser back here with a code; we exchange it and open the session."""
    from ..organizers import cognito

    request = organizer_pages.current_request
    query = request.query_params or {}
    remembered = session.cookie_value(request.headers.get("cookie"), cognito.LOGIN_COOKIE)
    try:
        token = cognito.finish_login(query.get("code", ""), query.get("state", ""), remembered)
    except cognito.LoginFailed:
        return _problem(Forbidden(Text("The login did not succeed. Please try again.")))
    response = pages.redirect(pages.link("/organizer/events", _language()))
    response.headers["Set-Cookie"] = session.session_cookie(token)
    return response


@organizer_pages.route("/organizer/login", methods=["POST"], content_types=FORM)
def dev_login() -> Response:
    """Stage `local` only: issue a session for the chosen role and projects."""
    request = organizer_pages.current_request
    if not settings().is_local:
        return _problem(NotFound())
    if not dashboard.same_origin(request):
        return _problem(Forbidden())
    try:
        form = forms.parse_form(request.raw_body)
    except DomainError as error:
        return _problem(error)
    role = forms.first(form, "role") if forms.first(form, "role") in auth.ROLES else "organizer"
    projects = tuple(p for p in form.get("project", []) if p in LOCAL_PROJECTS) or LOCAL_PROJECTS[:1]
    email = forms.first(form, "email")[:254] or "organizer@zapisy.example.org"
    token = auth.issue_organizer_token(auth.Organizer(f"local-{role}", email, role, projects))
    response = pages.redirect(pages.link("/organizer/events", _language()))
    response.headers["Set-Cookie"] = session.session_cookie(token)
    return response


@organizer_pages.route("/organizer/logout", methods=["POST"], content_types=FORM,
                       authorizer=organizer_session_auth)
def logout() -> Response:
    request = organizer_pages.current_request
    try:
        dashboard.posted_form(request)
    except Forbidden as error:
        return _problem(error)
    if settings().is_local or not settings().cognito_domain:
        response = pages.redirect(pages.link("/organizer/login" if settings().is_local else "/events", _language()))
    else:  # end Cognito's session too, or the next login would pass straight through
        from ..organizers import cognito

        response = pages.redirect(cognito.logout_url())
    response.headers["Set-Cookie"] = session.cleared_cookie()
    return response


@organizer_pages.route("/organizer/events", methods=["GET"], authorizer=organizer_session_auth)
def event_list() -> Response:
    request = organizer_pages.current_request
    organizer = current_organizer(request)
    language = _language()
    query = request.query_params or {}
    try:
        project = query.get("project") or (None if organizer.is_admin else organizer.projects[0])
        items, next_cursor = events.list_organizer_events(organizer, project, query.get("cursor"), 50)
    except DomainError as error:
        return _problem(error)
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
