"""Who may organize: administrators invite organizers, change their role and projects, disable them
(Cognito users and groups), and see the log of those changes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...auth import Organizer
from ...records import AdminAction

INVITE, ACCESS, DISABLE, ENABLE = "invite", "access", "disable", "enable"


@dataclass(frozen=True)
class Directory:
    """The organizers, the projects they can be given, and the log; empty when no user pool is set."""

    configured: bool
    accounts: list[Any] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    log: list[AdminAction] = field(default_factory=list)


def directory(admin: Organizer) -> Directory:
    from ...organizers import directory as accounts
    from ...store import audit

    accounts.require_admin(admin)
    if not accounts.configured():
        return Directory(False)
    found = accounts.list_organizers(admin)
    projects = sorted(set(accounts.known_projects()) | {p for a in found for p in a.projects})
    return Directory(True, found, projects, audit.recent_admin_actions(accounts.AREA, limit=20))


def change(admin: Organizer, action: str, *, username: str = "", email: str = "", role: str = "",
           projects: list[str] | None = None, new_projects: str = "") -> None:
    """Invite, change access, disable or enable; InvalidInput names what is wrong."""
    from ...errors import InvalidInput
    from ...organizers import directory as accounts

    accounts.require_admin(admin)
    if action in (INVITE, ACCESS):
        access = accounts.read_access(role, projects or [], new_projects[:400])
        if action == INVITE:
            accounts.invite(admin, email[:320], access)
        else:
            accounts.change_access(admin, username, access)
    elif action in (DISABLE, ENABLE):
        accounts.set_enabled(admin, username, action == ENABLE)
    else:
        raise InvalidInput()


def configured() -> bool:
    from ...organizers import directory as accounts

    return accounts.configured()
