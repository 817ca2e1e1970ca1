"""The organizers' dashboard: pages behind the session-cookie authorizer, forms with CSRF tokens.

Logging in: in stage `local` a development login page issues the session; in AWS the login goes
through Amazon Cognito's hosted UI (see README, "Organizer login").
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from .. import auth
from ..config import settings
from ..errors import DomainError, Forbidden, NotFound, Text
from ..events import service as events
from ..organizers import session
from ..web import forms, pages, views
from .authorizer import current_organizer, organizer_session_auth
from .http import page_language

organizer_pages = Blueprint(__name__)
FORM = ["application/x-www-form-urlencoded"]
LOCAL_PROJECTS = ("re-turn", "epi")
STATUS_LABELS = {"draft": Text("Draft"), "published": Text("Published"), "cancelled": Text("Cancelled")}


def _language() -> str:
    return page_language(organizer_pages.current_request)


def _problem(error: DomainError) -> Response:
    from ..web.page_views import problem_page

    return problem_page(_language(), error.status, error.message, path=organizer_pages.current_request.path)


def _same_origin(request: Any) -> bool:
    """A second line against cross-site posts: the browser's Origin must be this site."""
    origin = request.headers.get("origin")
    return origin is None or origin.split("://", 1)[-1] == request.headers.get("host", "")


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
    if not _same_origin(request):
        return _problem(Forbidden())
    form = forms.parse_form(request.raw_body)
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
    token = session.token_from_cookie_header(request.headers.get("cookie"))
    if not session.valid_csrf(token, forms.first(forms.parse_form(request.raw_body), "csrf")):
        return _problem(Forbidden(Text("This form has expired. Please reload the page.")))
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
            "confirmed": view["confirmed"], "capacity": view["capacity"], "waitlisted": view["waitlisted"]})
    token = session.token_from_cookie_header(request.headers.get("cookie"))
    return pages.render("organizer/events.html", language, path="/organizer/events", events=rows,
                        next=next_cursor, organizer=organizer, csrf=session.csrf_token(token))


ACTIONS = {"pending_approval": ("approve", "reject"), "waitlisted": ("approve_waitlisted", "reject"),
           "confirmed": ("cancel",), "pending_email": ("cancel",)}
ACTION_LABELS = {"approve": Text("Approve"), "reject": Text("Reject"), "cancel": Text("Cancel registration")}


def _session_token() -> str:
    return session.token_from_cookie_header(organizer_pages.current_request.headers.get("cookie"))


@organizer_pages.route("/organizer/events/{event_id}", methods=["GET"], authorizer=organizer_session_auth)
def event_page(event_id: str) -> Response:
    """One event: counts, downloads, and its registrations with the actions each allows."""
    request = organizer_pages.current_request
    language, query = _language(), request.query_params or {}
    try:
        item = events.organizer_event(current_organizer(request), event_id)
        return _event_page(item, language, query.get("status", ""), query.get("q", "")[:100], query.get("cursor"))
    except DomainError as error:
        return _problem(error)


def _event_page(item: Any, language: str, status: str, q: str, cursor: str | None, notice: str = "") -> Response:
    from ..i18n import format_datetime
    from ..store import registrations as registration_store

    view = events.organizer_view(item)
    found, next_cursor = registration_store.list_registrations(item.event_id, cursor=cursor, limit=100)
    needle = q.strip().lower()
    rows = []
    for registration in found:
        if (status and registration.status != status) or (needle and needle not in (
                f"{registration.name or ''} {registration.email or ''}").lower()):
            continue
        label = views.STATUS_LABELS.get(registration.status, registration.status)
        rows.append({
            "id": registration.registration_id, "name": registration.name or "–", "email": registration.email or "–",
            "status_label": views.say(language, Text(label)),
            "created": format_datetime(registration.created_at, item.timezone, language),
            "problem": registration.delivery_problem or "",
            "actions": [(a, views.say(language, ACTION_LABELS[a.replace("_waitlisted", "")]))
                        for a in ACTIONS.get(registration.status, ())]})
    return pages.render(
        "organizer/event.html", language, path=f"/organizer/events/{item.event_id}", event={
            **view, "title": views.pick(view["title"], language)}, when=views.when(
            view["starts_at"], view["ends_at"], view["timezone"], language), rows=rows, next=next_cursor,
        status_filter=status, q=q, notice=notice, csrf=session.csrf_token(_session_token()),
        statuses=[(k, views.say(language, Text(v))) for k, v in views.STATUS_LABELS.items()],
        keep={"status": status, "q": q})


@organizer_pages.route("/organizer/events/{event_id}/registrations/{registration_id}", methods=["POST"],
                       content_types=FORM, authorizer=organizer_session_auth)
def registration_action(event_id: str, registration_id: str) -> Response:
    """Approve, reject or cancel from the table; the same domain functions as the API."""
    from ..emails.delivery import after_commit
    from ..registration import service as registrations
    from ..store import registrations as registration_store

    request = organizer_pages.current_request
    form = forms.parse_form(request.raw_body)
    language = _language()
    if not _same_origin(request) or not session.valid_csrf(_session_token(), forms.first(form, "csrf")):
        return _problem(Forbidden(Text("This form has expired. Please reload the page.")))
    try:
        item = events.organizer_event(current_organizer(request), event_id)
        registration = registration_store.load_registration(event_id, registration_id)
        if registration is None:
            raise NotFound()
        action = forms.first(form, "action")
        if action in ("approve", "approve_waitlisted") and registration.status == "pending_approval":
            outcome = registrations.approve(registration)
        elif action == "approve_waitlisted" and registration.status == "waitlisted":
            outcome = registrations.Outcome(registration_id, registration.status,
                                            tuple(registrations.promote_waitlisted(event_id)))
        elif action == "reject":
            outcome = registrations.reject(registration)
        elif action == "cancel":
            outcome = registrations.cancel(registration, by_organizer=True)
        else:
            raise NotFound()
    except DomainError as error:
        return _problem(error)
    after_commit(outcome.messages)
    return pages.redirect(pages.link(f"/organizer/events/{item.event_id}", language) + "#registrations")


def _download(event_id: str, name: str) -> Response:
    from .exports_api import export_response

    try:
        return export_response(organizer_pages.current_request, event_id, name)
    except DomainError as error:
        return _problem(error)


@organizer_pages.route("/organizer/events/{event_id}/attendees.csv", methods=["GET"],
                       authorizer=organizer_session_auth)
def download_csv(event_id: str) -> Response:
    return _download(event_id, "csv")


@organizer_pages.route("/organizer/events/{event_id}/attendees.xlsx", methods=["GET"],
                       authorizer=organizer_session_auth)
def download_xlsx(event_id: str) -> Response:
    return _download(event_id, "xlsx")


@organizer_pages.route("/organizer/events/{event_id}/signin-sheet.pdf", methods=["GET"],
                       authorizer=organizer_session_auth)
def download_pdf(event_id: str) -> Response:
    return _download(event_id, "pdf")
