"""The organizers page: everyone with their role, projects and state, the forms, and the log."""
from __future__ import annotations

from typing import Any

from chalice import Response

from ...errors import Text
from ...vocabulary.collation import sort_for
from .. import views
from .layout import Viewer, render
from .privacy import short_time

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


def _account_view(account: Any, viewer: Viewer) -> dict[str, Any]:
    by, language = viewer.organizer, viewer.language
    state = Text("Disabled") if not account.enabled else STATUS_LABELS.get(account.status, Text(account.status))
    return {"username": account.username, "email": account.email or account.username, "role": account.role,
            "role_label": views.say(language, ROLE_LABELS[account.role]), "projects": account.projects,
            "enabled": account.enabled, "state": views.say(language, state),
            "is_self": bool(by.email) and by.email.lower() == account.email.lower() or by.organizer_id == account.sub}


def _log_view(log: list[Any], language: str) -> list[dict[str, Any]]:
    rows = []
    for entry in log:
        details = entry.details or {}
        role = ROLE_LABELS.get(details.get("role", ""))
        rows.append({"at": short_time(entry.at, LOG_ZONE, language) + "\u00a0UTC", "who": entry.organizer_email,
                     "whom": entry.target,
                     "action": views.say(language, ACTION_LABELS.get(entry.action, Text(entry.action))),
                     "role": views.say(language, role) if role else "",
                     "projects": ", ".join(details.get("projects", []))})
    return rows


def organizers_page(viewer: Viewer, directory: Any, *, done: str = "", errors: dict[str, str] | None = None,
                    failed: str = "", values: dict[str, list[str]] | None = None, status: int = 200) -> Response:
    """The list, the forms and the log; `failed` names the form whose errors are shown (a username or invite)."""
    language = viewer.language
    notice = views.say(language, DONE[done]) if done in DONE else ""
    return render(viewer, "organizer/organizers.html", path=PATH, status=status,
                  configured=directory.configured, notice=notice, errors=errors or {}, failed=failed,
                  values=views.FormValues(values or {}),
                  accounts=sort_for(language, (_account_view(a, viewer) for a in directory.accounts),
                                    key=lambda account: account["email"]), projects=directory.projects,
                  log=_log_view(directory.log, language),
                  roles=[(k, views.say(language, v)) for k, v in ROLE_LABELS.items()])
