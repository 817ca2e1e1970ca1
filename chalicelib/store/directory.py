"""Institutions, their projects, and the logos they upload.

| item          | pk             | sk                  |
|---------------|----------------|---------------------|
| institution   | DIRECTORY      | INSTITUTION#<id>    |
| project       | DIRECTORY      | PROJECT#<id>        |
| logo          | LOGO#<id>      | META                |

A deployment has a handful of institutions and projects, so they share one partition and are
listed with one Query (no Scan). A logo is a binary attribute of its own item (uploads are capped
well below DynamoDB's 400 KB item limit), read only when a page or a PDF shows it.
"""
from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from typing import Any

from pynamodb.attributes import BinaryAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist

from ..records import Institution, Logo, Project
from . import keys
from .models import _Base

DIRECTORY = "DIRECTORY"


class DirectoryItem(_Base):
    """An institution or a project: its record's fields as one JSON document (few, small, read whole)."""

    body = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)


class LogoItem(_Base):
    content_type = UnicodeAttribute()
    data = BinaryAttribute(legacy_encoding=False)
    owner = UnicodeAttribute()
    created_at = UTCDateTimeAttribute(null=True)


def _dump(record: Any) -> str:
    values = {f.name: getattr(record, f.name) for f in fields(record) if f.name != "updated_at"}
    return json.dumps({k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()},
                      ensure_ascii=False, sort_keys=True)


def _load(kind: type, item: DirectoryItem) -> Any:
    values = json.loads(item.body)
    for spec in fields(kind):
        if spec.type in ("date | None",) and values.get(spec.name):
            values[spec.name] = date.fromisoformat(values[spec.name])
    known = {f.name for f in fields(kind)}
    return kind(**{k: v for k, v in values.items() if k in known}, updated_at=item.updated_at)


def _get(sk: str) -> DirectoryItem | None:
    try:
        return DirectoryItem.get(DIRECTORY, sk, consistent_read=True)
    except DoesNotExist:
        return None


def load_institution(institution_id: str) -> Institution | None:
    item = _get(f"INSTITUTION#{institution_id}") if keys.fits(institution_id) else None
    return _load(Institution, item) if item else None


def load_project(project_id: str) -> Project | None:
    item = _get(f"PROJECT#{project_id}") if keys.fits(project_id) else None
    return _load(Project, item) if item else None


def save_institution(institution: Institution) -> None:
    DirectoryItem(DIRECTORY, f"INSTITUTION#{institution.institution_id}", body=_dump(institution),
                  updated_at=institution.updated_at).save()


def save_project(project: Project) -> None:
    DirectoryItem(DIRECTORY, f"PROJECT#{project.project_id}", body=_dump(project),
                  updated_at=project.updated_at).save()


def list_institutions() -> list[Institution]:
    return [_load(Institution, item) for item in DirectoryItem.query(
        DIRECTORY, DirectoryItem.sk.startswith("INSTITUTION#"), consistent_read=True)]


def list_projects() -> list[Project]:
    return [_load(Project, item) for item in DirectoryItem.query(
        DIRECTORY, DirectoryItem.sk.startswith("PROJECT#"), consistent_read=True)]


def list_directory() -> tuple[list[Institution], list[Project]]:
    """The institutions and the projects, from the one Query of their partition (each sorted by id)."""
    institutions, projects = [], []
    for item in DirectoryItem.query(DIRECTORY, consistent_read=True):
        if item.sk.startswith("INSTITUTION#"):
            institutions.append(_load(Institution, item))
        elif item.sk.startswith("PROJECT#"):
            projects.append(_load(Project, item))
    return institutions, projects


def save_logo(logo: Logo) -> None:
    LogoItem(f"LOGO#{logo.logo_id}", keys.META, content_type=logo.content_type, data=logo.data, owner=logo.owner,
             created_at=logo.created_at).save()


def load_logo(logo_id: str) -> Logo | None:
    if not keys.fits(logo_id):
        return None
    try:
        item = LogoItem.get(f"LOGO#{logo_id}", keys.META)
    except DoesNotExist:
        return None
    return Logo(logo_id, item.content_type, bytes(item.data), item.owner, item.created_at)


def delete_logo(logo_id: str) -> None:
    LogoItem(f"LOGO#{logo_id}", keys.META).delete()
