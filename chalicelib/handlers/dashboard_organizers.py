"""Dashboard: administrators manage the organizers (Cognito users and their groups).

One page lists everyone with their role, projects and state, and carries the forms: invite,
change access, disable or enable. Every form is a CSRF-checked POST answered with a redirect.
Without COGNITO_USER_POOL_ID the page says so and offers nothing.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from ..errors import InvalidInput, Text
from . import dashboard
from .authorizer import current_organizer
from .dashboard import FORM

if TYPE_CHECKING:
    from ..auth import Organizer
    from ..organizers.directory import Account

dashboard_organizers = Blueprint(__name__)
PATH = "/organizer/organizers"
LOG_ZONE = "UTC"
STATUS_LABELS = {"FORCE_CHANGE_PASSWORD": Text("Invited, not logged in yet"), "CONFIRMED": Text("Active"),
                 "EXTERNAL_PROVIDER": Text("Active"), "RESET_REQUIRED": Text("Password reset required")}
DONE = {"invite": Text("Invitation sent. Cognito e-mails them a temporary password."),
        "access": Text("Access changed. It applies from their next login."),
        "disable": Text("Account disabled. They can no longer log in."),
        "enable": Text("Account enabled.")}
ACTION_LABELS = {"invite": Text("Invited"), "access": Text("Access changed"), "disable": Text("Disabled"),
                 "enable": Text("Enabled")}
ROLE_LABELS = {"admin": Text("Administrator"), "organizer": Text("Organizer")}


def _request() -> Any:
    return dashboard_organizers.current_request


@dashboard.page(dashboard_organizers, PATH, methods=["GET"])
def organizers_page() -> Response:
    from ..web import views

    request = _request()
    language = dashboard.language(request)
    done = DONE.get((request.query_params or {}).get("done", ""))
    return _page(language, notice=views.say(language, done) if done else "")


@dashboard.page(dashboard_organizers, PATH, methods=["POST"], content_types=FORM)
def change() -> Response:
    """Invite, change access, disable or enable: then back to the list (303)."""
    from ..organizers import directory
    from ..web import forms, pages, views

    request = _request()
    form = dashboard.posted_form(request)
    language = dashboard.language(request, form)
    by = current_organizer(request)
    directory.require_admin(by)
    if not directory.configured():
        return _page(language)
    action, username = forms.first(form, "action"), forms.first(form, "username")
    try:
        if action == "invite":
            access = directory.read_access(forms.first(form, "role"), form.get("project", []),
                                           forms.first(form, "new_projects")[:400])
            directory.invite(by, forms.first(form, "email")[:320], access)
        elif action == "access":
            access = directory.read_access(forms.first(form, "role"), form.get("project", []),
                                           forms.first(form, "new_projects")[:400])
            directory.change_access(by, username, access)
        elif action in ("disable", "enable"):
            directory.set_enabled(by, username, action == "enable")
        else:
            raise InvalidInput()
    except InvalidInput as error:
        return _page(language, errors=views.field_errors(error, language), failed=username or "invite",
                     values=form, status=400)
    return pages.redirect(pages.link(PATH, language, done=action))


def _page(language: str, *, notice: str = "", errors: dict[str, str] | None = None, failed: str = "",
          values: dict[str, list[str]] | None = None, status: int = 200) -> Response:
    """The list, the forms and the log; `failed` names the form whose errors are shown (a username or invite)."""
    from ..organizers import directory
    from ..web import views

    request = _request()
    by = current_organizer(request)
    directory.require_admin(by)
    context: dict[str, Any] = {"configured": directory.configured(), "notice": notice, "errors": errors or {},
                               "failed": failed, "values": views.FormValues(values or {}), "accounts": [],
                               "projects": [], "log": [],
                               "roles": [(k, views.say(language, v)) for k, v in ROLE_LABELS.items()]}
    if context["configured"]:
        accounts = directory.list_organizers(by)
        projects = sorted(set(directory.known_projects()) | {p for a in accounts for p in a.projects})
        context.update(accounts=[_account_view(a, by, language) for a in accounts], projects=projects,
                       log=_log_view(language))
    return dashboard.render(request, "organizer/organizers.html", language=language, path=PATH, status=status,
                            **context)


def _account_view(account: Account, by: Organizer, language: str) -> dict[str, Any]:
    from ..web import views

    state = Text("Disabled") if not account.enabled else STATUS_LABELS.get(account.status, Text(account.status))
    return {"username": account.username, "email": account.email or account.username, "role": account.role,
            "role_label": views.say(language, ROLE_LABELS[account.role]), "projects": account.projects,
            "enabled": account.enabled, "state": views.say(language, state),
            "is_self": bool(by.email) and by.email.lower() == account.email.lower() or by.organizer_id == account.sub}


def _log_view(language: str) -> list[dict[str, Any]]:
    from ..organizers import directory
    from ..store import audit
    from ..web import views
    from .dashboard_privacy import short_time

    rows = []
    for entry in audit.recent_admin_actions(directory.AREA, limit=20):
        details = entry.details or {}
        role = ROLE_LABELS.get(details.get("role", ""))
        rows.append({"at": short_time(entry.at, LOG_ZONE, language) + "\u00a0UTC", "who": entry.organizer_email,
                     "whom": entry.target, "action": views.say(language, ACTION_LABELS.get(entry.action,
                                                                                           Text(entry.action))),
                     "role": views.say(language, role) if role else "",
                     "projects": ", ".join(details.get("projects", []))})
    return rows
