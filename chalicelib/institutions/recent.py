"""The directory (institutions and projects) kept for a minute per container.

Every page shows whose service it is, and every e-mail and sheet who funds it: reading the few
directory items once a minute instead of on each request costs one Query. An edit made in this
container is seen at once; one made elsewhere within a minute.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..records import Institution, Project

TTL_SECONDS = 60
_lock = threading.Lock()
_kept: tuple[float, Directory] | None = None


@dataclass(frozen=True)
class Directory:
    institutions: dict[str, Institution] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)

    def project(self, project_id: str) -> Project | None:
        return self.projects.get(project_id)

    def institution_of(self, project_id: str) -> Institution | None:
        found = self.projects.get(project_id)
        return self.institutions.get(found.institution_id) if found else None

    def host(self) -> Institution | None:
        """The institution the site speaks for where no one project is in view (the board, the statements):
        the SITE_INSTITUTION setting's, else the one with most projects, then the first by id."""
        from ..config import settings

        if not self.institutions:
            return None
        if settings().site_institution in self.institutions:
            return self.institutions[settings().site_institution]
        count = {i: sum(p.institution_id == i for p in self.projects.values()) for i in self.institutions}
        return self.institutions[min(count, key=lambda i: (-count[i], i))]


def directory() -> Directory:
    global _kept
    with _lock:
        if _kept is not None and time.monotonic() - _kept[0] < TTL_SECONDS:
            return _kept[1]
    from ..store import directory as store

    institutions, projects = store.list_directory()
    found = Directory({i.institution_id: i for i in institutions}, {p.project_id: p for p in projects})
    with _lock:
        _kept = (time.monotonic(), found)
    return found


def forget() -> None:
    global _kept
    with _lock:
        _kept = None
