"""Test data: events and sign-ups as an organizer and a participant would write them."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

ADMIN_PROJECTS = ("re-turn", "epi")


def admin():
    from chalicelib.auth import Organizer

    return Organizer("admin-1", "admin@example.org", "admin", ADMIN_PROJECTS)


def funded_project(project_id: str = "re-turn", funding: dict[str, str] | None = None, *,
                   institution: str = "kielce", eu_emblem: bool = True) -> str:
    """A project record (and its institution, if new) with a funding statement, as an admin sets them up."""
    from chalicelib.institutions import recent, service
    from chalicelib.store import directory

    if directory.load_institution(institution) is None:
        service.save_institution(admin(), {"id": institution, "name": {
            "pl": "Urząd Marszałkowski Województwa Świętokrzyskiego",
            "en": "Marshal's Office of the Świętokrzyskie Voivodeship",
            "uk": "Маршалківський уряд Свентокшиського воєводства"},
            "address": "al. IX Wieków Kielc 3\n25-516 Kielce", "email": "urzad@sejmik.kielce.pl",
            "phone": "+48 41 342 15 30"})
    service.save_project(admin(), {"id": project_id, "institution": institution, "name": {"en": project_id.title()},
                                   "funding": funding or {}, "eu_emblem": eu_emblem})
    recent.forget()
    return project_id


def event_data(**overrides: Any) -> dict[str, Any]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    data = {
        "title": {"pl": "Warsztat", "en": "Workshop", "uk": "Семінар"},
        "kind": "workshop", "timezone": "Europe/Warsaw", "capacity": 2, "project": "re-turn",
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat(),
        "venue": "Kielce",
    }
    data.update(overrides)
    return data


def published_event(**overrides: Any):
    from chalicelib.events import service

    item = service.create_event(admin(), event_data(**overrides))
    return service.publish_event(admin(), item.event_id)


def person(n: int, **overrides: Any) -> dict[str, Any]:
    data = {"name": f"Person {n}", "email": f"person{n}@example.com", "language": "en", "consent": True}
    data.update(overrides)
    return data
