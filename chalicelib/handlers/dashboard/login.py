"""The way into the dashboard: the login (locally a development login page; in AWS Amazon
Cognito's hosted UI, see README "Organizer login"), its callback, and logging out.

A page reached without a session sends the browser here with `?next=<that page>`; the login
carries it through (a hidden field locally, the signed login cookie through Cognito) and ends
there instead of the list of events. Only a dashboard path of this site is followed
(`shared.safe_next`)."""
from __future__ import annotations

from chalice import Blueprint, Response

from ... import auth
from ...config import settings
from ...errors import Forbidden, NotFound, Text
from . import shared
from .shared import FORM

login_pages = Blueprint(__name__)
LOCAL_PROJECTS = ("re-turn", "epi")


def _link(path: str) -> str:
    """A page of ours, in the reader's language."""
    from ...web import pages

    return pages.link(path, shared.language(login_pages.current_request))


def _next_page(requested: str | None) -> str:
    """Where the login ends: the page it was asked to come back to, or the list of events."""
    return shared.safe_next(requested) or _link(shared.HOME)


def _redirect(location: str, cookie: str = "") -> Response:
    """Off to another page (303), opening or closing a session (or Cognito's login) on the way."""
    from ...web import pages

    response = pages.redirect(location)
    if cookie:
        response.headers["Set-Cookie"] = cookie
    return response


@shared.page(login_pages, "/organizer", methods=["GET"], signed_in=False)
def dashboard_home() -> Response:
    """The way in: to the events if the session is valid, else to the login."""
    try:
        auth.verify_organizer_token(shared.session_token(login_pages.current_request))
    except auth.InvalidToken:
        return _redirect(_link("/organizer/login"))
    return _redirect(_link("/organizer/events"))


@shared.page(login_pages, "/organizer/login", methods=["GET"], signed_in=False)
def login_page() -> Response:
    """Locally: the development login. In AWS: off to Cognito's hosted UI (PKCE)."""
    from ...organizers import cognito
    from ...web import pages

    request = login_pages.current_request
    next_page = shared.safe_next((request.query_params or {}).get("next"))
    if settings().is_local:
        return pages.render("organizer/login.html", shared.language(request), path="/organizer/login",
                            projects=LOCAL_PROJECTS, next_page=next_page, keep={"next": next_page})
    if not settings().cognito_domain:
        raise NotFound(Text("Log in through your organisation's login page."))
    start = cognito.start_login(next_page)
    return _redirect(start.authorize_url, start.cookie)


@shared.page(login_pages, "/organizer/callback", methods=["GET"], signed_in=False)
def login_callback() -> Response:
    """Cognito sends the browser back here with a code; we exchange it and open the session."""
    from ...organizers import cognito, session

    request = login_pages.current_request
    query = request.query_params or {}
    remembered = session.cookie_value(request.headers.get("cookie"), cognito.LOGIN_COOKIE)
    try:
        done = cognito.finish_login(query.get("code", ""), query.get("state", ""), remembered)
    except cognito.LoginFailed:
        raise Forbidden(Text("The login did not succeed. Please try again.")) from None
    return _redirect(_next_page(done.next_page), session.session_cookie(done.token))


@shared.page(login_pages, "/organizer/login", methods=["POST"], content_types=FORM, signed_in=False)
def dev_login() -> Response:
    """Stage `local` only: issue a session for the chosen role and projects."""
    from ...organizers import session
    from ...web import forms

    request = login_pages.current_request
    if not settings().is_local:
        raise NotFound()
    if not shared.same_origin(request):
        raise Forbidden()
    form = forms.parse_form(request.raw_body)
    role = forms.first(form, "role") if forms.first(form, "role") in auth.ROLES else "organizer"
    projects = tuple(p for p in form.get("project", []) if p in LOCAL_PROJECTS) or LOCAL_PROJECTS[:1]
    email = forms.first(form, "email")[:254] or "organizer@zapisy.example.org"
    token = auth.issue_organizer_token(auth.Organizer(f"local-{role}", email, role, projects))
    return _redirect(_next_page(forms.first(form, "next")), session.session_cookie(token))


@shared.page(login_pages, "/organizer/logout", methods=["POST"], content_types=FORM)
def logout() -> Response:
    """End the session; in AWS end Cognito's too, or the next login would pass straight through."""
    from ...organizers import cognito, session

    shared.posted_form(login_pages.current_request)
    if settings().is_local or not settings().cognito_domain:
        return _redirect(_link("/organizer/login" if settings().is_local else "/events"), session.cleared_cookie())
    return _redirect(cognito.logout_url(), session.cleared_cookie())
