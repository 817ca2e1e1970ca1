"""Administrators set up institutions and projects; everyone else reads them.

Editing is for administrators only (one institution's data is everyone's public face). A change of
a project's privacy texts raises its notice version, which every later consent records.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from .. import auth
from ..config import settings
from ..errors import Conflict, Forbidden, InvalidInput, NotFound, Text
from ..records import Institution, Logo, Project, new_id
from ..store import directory as store
from . import recent
from .logos import check_logo
from .spec import read_institution, read_project

PRIVACY_TEXTS = ("purposes", "legal_basis", "recipients", "indicators")  # what the notice says changes with them


def _now() -> datetime:
    return datetime.now(UTC)


def require_admin(organizer: auth.Organizer) -> None:
    if not organizer.is_admin:
        raise Forbidden()


def institution(institution_id: str) -> Institution:
    found = store.load_institution(institution_id)
    if found is None:
        raise NotFound()
    return found


def project(project_id: str) -> Project:
    found = store.load_project(project_id)
    if found is None:
        raise NotFound()
    return found


def save_institution(admin: auth.Organizer, data: Any, institution_id: str | None = None) -> Institution:
    """Create (no `institution_id`) or change an institution from the API's object."""
    require_admin(admin)
    values = read_institution(data, settings().languages, creating=institution_id is None)
    if institution_id is None:
        institution_id = values.pop("id")
        if store.load_institution(institution_id) is not None:
            raise Conflict(fields={"id": Text("This id is taken.")})
        current = Institution(institution_id, {})
    else:
        current = institution(institution_id)
    saved = replace(current, **values, updated_at=_now())
    store.save_institution(saved)
    recent.forget()
    return saved


def save_project(admin: auth.Organizer, data: Any, project_id: str | None = None) -> Project:
    """Create or change a project; its institution must exist."""
    require_admin(admin)
    values = read_project(data, settings().languages, creating=project_id is None)
    if "institution_id" in values and store.load_institution(values["institution_id"]) is None:
        raise InvalidInput(fields={"institution": Text("There is no such institution.")})
    if project_id is None:
        project_id = values.pop("id")
        if store.load_project(project_id) is not None:
            raise Conflict(fields={"id": Text("This id is taken.")})
        current = Project(project_id, values["institution_id"], {}, privacy_changed=_now().date())
    else:
        current = project(project_id)
    saved = replace(current, **values, updated_at=_now())
    changed_notice = any(getattr(saved, n) != getattr(current, n) for n in PRIVACY_TEXTS)
    if current.updated_at is not None and changed_notice:  # a new project starts at version 1
        saved = replace(saved, privacy_version=current.privacy_version + 1, privacy_changed=_now().date())
    store.save_project(saved)
    recent.forget()
    return saved


def upload_logo(admin: auth.Organizer, owner: str, owner_id: str, data: bytes, content_type: str) -> Logo:
    """An institution's logo (replacing the old one) or one more funder logo of a project."""
    require_admin(admin)
    kind = check_logo(data, content_type)
    logo = Logo(new_id(8), kind, data, f"{owner}:{owner_id}", _now())
    if owner == "institution":
        current = institution(owner_id)
        store.save_logo(logo)
        store.save_institution(replace(current, logo=logo.logo_id, updated_at=_now()))
        if current.logo:
            store.delete_logo(current.logo)
    elif owner == "project":
        current_project = project(owner_id)
        if len(current_project.funder_logos) >= 6:
            raise Conflict(fields={"logo": Text("A project may show at most %(max)s logos.", {"max": 6})})
        store.save_logo(logo)
        store.save_project(replace(current_project, funder_logos=[*current_project.funder_logos, logo.logo_id],
                                   updated_at=_now()))
    else:
        raise NotFound()
    recent.forget()
    return logo


def remove_logo(admin: auth.Organizer, owner: str, owner_id: str, logo_id: str) -> None:
    require_admin(admin)
    if owner == "institution":
        current = institution(owner_id)
        if current.logo == logo_id:
            store.save_institution(replace(current, logo=None, updated_at=_now()))
    elif owner == "project":
        found = project(owner_id)
        store.save_project(replace(found, funder_logos=[x for x in found.funder_logos if x != logo_id],
                                   updated_at=_now()))
    else:
        raise NotFound()
    store.delete_logo(logo_id)
    recent.forget()


def logo(logo_id: str) -> Logo:
    found = store.load_logo(logo_id)
    if found is None:
        raise NotFound()
    return found
