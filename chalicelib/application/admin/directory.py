"""Institutions and projects: administrators set them up (dashboard and API); organizers read the
projects they belong to."""
from __future__ import annotations

from typing import Any

from ...auth import Organizer
from ...errors import EventNotFound
from ...records import Institution, Logo, Project


def institutions() -> list[Institution]:
    from ...store import directory as store

    return store.list_institutions()


def projects(organizer: Organizer) -> list[Project]:
    """The projects this organizer works in (an administrator: every one)."""
    from ...store import directory as store

    return [p for p in store.list_projects() if organizer.can_manage(p.project_id)]


def project(organizer: Organizer, project_id: str) -> Project:
    """One project, if this organizer works in it; another project is not found."""
    from ...institutions import service

    if not organizer.can_manage(project_id):
        raise EventNotFound()
    return service.project(project_id)


def institution(institution_id: str) -> Institution:
    from ...institutions import service

    return service.institution(institution_id)


def save_institution(admin: Organizer, data: Any, institution_id: str | None = None) -> Institution:
    from ...institutions import service

    return service.save_institution(admin, data, institution_id)


def save_project(admin: Organizer, data: Any, project_id: str | None = None) -> Project:
    from ...institutions import service

    return service.save_project(admin, data, project_id)


def upload_logo(admin: Organizer, owner: str, owner_id: str, data: bytes, content_type: str) -> Logo:
    from ...institutions import service

    return service.upload_logo(admin, owner, owner_id, data, content_type)


def remove_logo(admin: Organizer, owner: str, owner_id: str, logo_id: str) -> None:
    from ...institutions import service

    service.remove_logo(admin, owner, owner_id, logo_id)


def logo(logo_id: str) -> Logo:
    """A logo anyone may see (it is on public pages)."""
    from ...institutions import service

    return service.logo(logo_id)
