"""Institutions and projects: administrators set them up (dashboard and API); organizers read the
projects they belong to."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...auth import Organizer
from ...errors import NotFound
from ...records import Institution, Logo, Project


@dataclass(frozen=True)
class Overview:
    """What a dashboard page of the directory shows: the institutions (for their names and the
    project's choice of one) and the projects the viewer works in."""

    institutions: list[Institution] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    def institution(self, institution_id: str) -> Institution | None:
        return next((i for i in self.institutions if i.institution_id == institution_id), None)


def institutions() -> list[Institution]:
    from ...store import directory as store

    return store.list_institutions()


def projects(organizer: Organizer) -> list[Project]:
    """The projects this organizer works in (an administrator: every one)."""
    from ...store import directory as store

    return [p for p in store.list_projects() if organizer.can_manage(p.project_id)]


def project_choices(organizer: Organizer) -> list[tuple[str, Project | None]]:
    """Every project this organizer may pick in a list (events, reports): their own, with or without
    a record, then — for an administrator — every other project record, each with its record."""
    from ...events.service import managed_projects

    records = {p.project_id: p for p in projects(organizer)}
    ids = dict.fromkeys([*managed_projects(organizer), *sorted(records)])
    return [(project_id, records.get(project_id)) for project_id in ids]


def overview(organizer: Organizer, *, admin_only: bool = False) -> Overview:
    """Every institution and the projects this organizer works in; `admin_only`: refused to others
    (the institutions' page is where they are changed)."""
    from ...institutions import service

    if admin_only:
        service.require_admin(organizer)
    return Overview(institutions(), projects(organizer))


def project(organizer: Organizer, project_id: str) -> Project:
    """One project, if this organizer works in it; another project is not found, as a missing one."""
    from ...institutions import service

    if not organizer.can_manage(project_id):
        raise NotFound()
    return service.project(project_id)


def institution(institution_id: str) -> Institution:
    from ...institutions import service

    return service.institution(institution_id)


def institution_for_admin(admin: Organizer, institution_id: str) -> Institution:
    """An institution as its editor shows it: administrators only, as every change is theirs."""
    from ...institutions import service

    service.require_admin(admin)
    return service.institution(institution_id)


def event_projects(organizer: Organizer) -> list[Project] | None:
    """The projects an event of this organizer may belong to, for the editor's choice; None while
    the directory has no project yet (the editor then takes a project id, as before projects were
    records)."""
    from ...store import directory as store

    found = store.list_projects()
    if not found:
        return None
    return [p for p in found if organizer.can_manage(p.project_id)]


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
    """Remove a logo its owner shows; a logo of another institution or project is not found (and
    stays where it is shown)."""
    from ...institutions import service

    service.require_admin(admin)
    if owner == "institution":
        shown = [service.institution(owner_id).logo]
    elif owner == "project":
        shown = service.project(owner_id).funder_logos
    else:
        raise NotFound()
    if logo_id not in shown:
        raise NotFound()
    service.remove_logo(admin, owner, owner_id, logo_id)


def logo(logo_id: str) -> Logo:
    """A logo anyone may see (it is on public pages)."""
    from ...institutions import service

    return service.logo(logo_id)
