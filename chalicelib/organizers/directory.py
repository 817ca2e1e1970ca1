"""Who the organizers are: the users of the Cognito user pool, their role and projects as its groups.

The login (cognito.py) reads the groups `admin` and `project-<id>` from the ID token; this module
is where administrators change them, and the only place that calls Cognito's admin APIs. Inviting
creates the user with their address, and Cognito e-mails them a temporary password (zapisy never
sees it). A change of role or projects applies from the person's next login, when zapisy issues
their next token. Every change is written to the admin log: who changed whom, and to what.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .. import auth
from ..config import settings
from ..errors import DomainError, Forbidden, InvalidInput, NotFound, Text
from ..fields import SLUG
from ..i18n import N_
from ..vocabulary.addresses import normalise_address, valid_address
from .cognito import PROJECT_GROUP

ADMIN_GROUP = "admin"
AREA = "organizers"
MAX_PAGES = 20  # 60 users a page: far more organizers than a city has
_SPLIT = re.compile(r"[\s,;]+")


class DirectoryUnavailable(DomainError):
    status = 503
    code = "directory_unavailable"
    msgid = N_("The organizer directory is not available right now. Please try again later.")


@dataclass(frozen=True)
class Account:
    """One organizer as the user pool knows them."""

    username: str
    sub: str
    email: str
    role: str  # admin | organizer
    projects: tuple[str, ...]
    enabled: bool
    status: str  # Cognito's user status: FORCE_CHANGE_PASSWORD until the first login, then CONFIRMED


@dataclass(frozen=True)
class Access:
    role: str
    projects: tuple[str, ...]

    def groups(self) -> set[str]:
        return {PROJECT_GROUP + p for p in self.projects} | ({ADMIN_GROUP} if self.role == "admin" else set())


def configured() -> bool:
    """Organizer management needs the user pool's id (COGNITO_USER_POOL_ID)."""
    return bool(settings().cognito_user_pool_id)


def require_admin(organizer: auth.Organizer) -> None:
    if not organizer.is_admin:
        raise Forbidden()


def _managed(group: str) -> bool:
    """The groups zapisy reads; any other group of the pool is left alone."""
    return group == ADMIN_GROUP or group.startswith(PROJECT_GROUP)


def _call(operation: str, **params: Any) -> dict[str, Any]:
    """One admin API call; Cognito's refusals become domain errors, anything else `DirectoryUnavailable`."""
    from .. import aws

    try:
        return getattr(aws.cognito_idp(), operation)(UserPoolId=settings().cognito_user_pool_id, **params)
    except Exception as error:
        code = aws.refusal_code(error)
        if code is None:
            if aws.unreachable(error):
                raise DirectoryUnavailable() from None
            raise
        if code == "UserNotFoundException":
            raise NotFound() from None
        if code == "UsernameExistsException":
            raise InvalidInput(fields={"email": Text("This person is already an organizer.")}) from None
        if code == "InvalidParameterException" and operation == "admin_create_user":
            raise InvalidInput(fields={"email": Text("Enter an e-mail address like name@example.com.")}) from None
        raise DirectoryUnavailable() from None


def _pages(operation: str, key: str, token_name: str, **params: Any) -> Iterator[dict[str, Any]]:
    token = None
    for _ in range(MAX_PAGES):
        page = _call(operation, **params, **({token_name: token} if token else {}))
        yield from page.get(key, [])
        token = page.get(token_name)
        if not token:
            return


def _attributes(user: dict[str, Any]) -> dict[str, str]:
    return {a["Name"]: a.get("Value", "") for a in user.get("Attributes", user.get("UserAttributes", []))}


def _account(user: dict[str, Any], groups: set[str]) -> Account:
    attributes = _attributes(user)
    projects = tuple(sorted(g[len(PROJECT_GROUP):] for g in groups if g.startswith(PROJECT_GROUP)))
    return Account(username=user["Username"], sub=attributes.get("sub", ""), email=attributes.get("email", ""),
                   role="admin" if ADMIN_GROUP in groups else "organizer", projects=projects,
                   enabled=bool(user.get("Enabled", True)), status=user.get("UserStatus", ""))


def _group_names() -> set[str]:
    return {g["GroupName"] for g in _pages("list_groups", "Groups", "NextToken", Limit=60)}


def known_projects() -> list[str]:
    """The projects that have a group in the pool, for the page's checkboxes."""
    return sorted(g[len(PROJECT_GROUP):] for g in _group_names() if g.startswith(PROJECT_GROUP))


def _groups_of(username: str) -> set[str]:
    return {g["GroupName"] for g in _pages("admin_list_groups_for_user", "Groups", "NextToken",
                                           Username=username, Limit=60)}


def list_organizers(by: auth.Organizer) -> list[Account]:
    """Every user of the pool with their role and projects (a city has tens of organizers: a call each)."""
    require_admin(by)
    users = _pages("list_users", "Users", "PaginationToken", Limit=60)
    return sorted((_account(u, _groups_of(u["Username"])) for u in users),
                  key=lambda a: (a.email.lower(), a.username))


def read_access(role: str, projects: list[str], more_projects: str = "") -> Access:
    """Role and projects from a form: known role, project ids as events spell them, at least one for organizers."""
    errors: dict[str, Text] = {}
    if role not in auth.ROLES:
        errors["role"] = Text("Choose a role.")
    chosen: list[str] = []
    for project in [*projects, *_SPLIT.split(more_projects.strip().lower())]:
        if not project:
            continue
        if not SLUG.match(project):
            errors["projects"] = Text("Use lowercase letters, digits, - or _.")
        elif project not in chosen:
            chosen.append(project)
    if role == "organizer" and not chosen and "projects" not in errors:
        errors["projects"] = Text("Choose at least one project.")
    if len(chosen) > 50:
        errors["projects"] = Text("Choose at most %(max)s projects.", {"max": 50})
    if errors:
        raise InvalidInput(fields=errors)
    return Access(role, tuple(sorted(chosen)))


def _find(username: str) -> Account:
    if not isinstance(username, str) or not 0 < len(username) <= 128:
        raise NotFound()
    user = _call("admin_get_user", Username=username)
    return _account(user, _groups_of(user["Username"]))


def _is_self(by: auth.Organizer, account: Account) -> bool:
    return bool(by.organizer_id and by.organizer_id == account.sub) or (
        bool(by.email) and by.email.lower() == account.email.lower())


def _apply_groups(username: str, current: set[str], wanted: set[str]) -> None:
    """Create the groups that are missing, then join and leave; groups zapisy does not read stay."""
    missing = wanted - _group_names()
    for group in sorted(missing):
        description = "zapisy administrators" if group == ADMIN_GROUP else \
            f"zapisy organizers of project {group[len(PROJECT_GROUP):]}"
        try:
            _call("create_group", GroupName=group, Description=description)
        except DirectoryUnavailable:
            if group not in _group_names():  # created meanwhile by another admin: fine
                raise
    for group in sorted(wanted - current):
        _call("admin_add_user_to_group", Username=username, GroupName=group)
    for group in sorted(g for g in current - wanted if _managed(g)):
        _call("admin_remove_user_from_group", Username=username, GroupName=group)


def _log(by: auth.Organizer, action: str, account_email: str, details: dict[str, Any]) -> None:
    from ..store import audit

    audit.record_admin_action(AREA, action, organizer_id=by.organizer_id, organizer_email=by.email,
                              at=datetime.now(UTC), target=account_email, details=details)


def invite(by: auth.Organizer, email: str, access: Access) -> Account:
    """Create the user (Cognito e-mails a temporary password) and put them in their groups."""
    require_admin(by)
    address = normalise_address(email or "")
    if not valid_address(address):
        raise InvalidInput(fields={"email": Text("Enter an e-mail address like name@example.com.")})
    created = _call("admin_create_user", Username=address, DesiredDeliveryMediums=["EMAIL"], UserAttributes=[
        {"Name": "email", "Value": address}, {"Name": "email_verified", "Value": "true"}])["User"]
    # logged as soon as the account exists; should joining the groups fail, the list shows it without them
    _log(by, "invite", address, {"role": access.role, "projects": list(access.projects)})
    _apply_groups(created["Username"], set(), access.groups())
    return _account(created, access.groups())


def change_access(by: auth.Organizer, username: str, access: Access) -> Account:
    """New role and projects, from the person's next login; an admin cannot demote themselves."""
    require_admin(by)
    account = _find(username)
    if _is_self(by, account) and access.role != "admin":
        raise InvalidInput(fields={"role": Text("You cannot take away your own administrator role.")})
    _apply_groups(account.username, Access(account.role, account.projects).groups(), access.groups())
    _log(by, "access", account.email, {"role": access.role, "projects": list(access.projects),
                                        "before": {"role": account.role, "projects": list(account.projects)}})
    return Account(account.username, account.sub, account.email, access.role, access.projects, account.enabled,
                   account.status)


def set_enabled(by: auth.Organizer, username: str, enabled: bool) -> Account:
    """Disable (no more logins) or enable an account; an admin cannot disable themselves."""
    require_admin(by)
    account = _find(username)
    if not enabled and _is_self(by, account):
        raise InvalidInput(fields={"account": Text("You cannot disable your own account.")})
    _call("admin_enable_user" if enabled else "admin_disable_user", Username=account.username)
    _log(by, "enable" if enabled else "disable", account.email, {})
    return Account(account.username, account.sub, account.email, account.role, account.projects, enabled,
                   account.status)
