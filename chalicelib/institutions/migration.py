"""Every event belongs to a project: bring an existing table there.

Events were written with a project id only (and one funding line lived in the code). This creates
each project that events name but the directory lacks, under the host institution (a placeholder
one if there is none, for an administrator to complete), and gives the Re-Turn project the
funding statement its sheets printed before. Running it again changes nothing.
"""
from __future__ import annotations

from datetime import UTC, datetime

from ..records import Institution, Project
from ..store import directory as store
from ..store import events as event_store
from . import recent

PLACEHOLDER = "institution"
# The statement printed on Re-Turn's sign-in sheets before projects were records.
KNOWN_FUNDING = {"re-turn": {
    "pl": "Projekt współfinansowany przez Unię Europejską ze środków Europejskiego "
          "Funduszu Rozwoju Regionalnego w ramach Programu dla Europy Środkowej",
    "en": "The project is co-financed by the European Union from the European Regional Development Fund under "
          "the Central Europe Programme",
    "uk": "Проєкт співфінансується Європейським Союзом з Європейського фонду регіонального розвитку в рамках "
          "Програми для Центральної Європи"}}


def _project_ids() -> set[str]:
    found: set[str] = set()
    cursor = None
    while True:
        page = event_store.all_events(cursor=cursor, limit=200)
        found |= {event.project for event in page.items}
        cursor = page.next
        if not cursor:
            return found


def run(now: datetime | None = None) -> dict[str, int]:
    """Create the missing projects (and, if needed, a placeholder institution); how many of each."""
    now = now or datetime.now(UTC)
    existing = {p.project_id for p in store.list_projects()}
    missing = sorted(_project_ids() - existing)
    institutions = store.list_institutions()
    created_institutions = 0
    if missing and not institutions:
        host = Institution(PLACEHOLDER, {"pl": "Instytucja", "en": "Institution", "uk": "Установа"}, updated_at=now)
        store.save_institution(host)
        institutions, created_institutions = [host], 1
    host_id = (recent.directory().host() or institutions[0]).institution_id if institutions else PLACEHOLDER
    for project_id in missing:
        funding = KNOWN_FUNDING.get(project_id, {})
        store.save_project(Project(project_id, host_id, {"*": project_id}, funding=funding, eu_emblem=bool(funding),
                                   privacy_changed=now.date(), updated_at=now))
    recent.forget()
    return {"projects": len(missing), "institutions": created_institutions}
