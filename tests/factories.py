"""Test data: events and sign-ups as an organizer and a participant would write them."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

ADMIN_PROJECTS = ("re-turn", "epi")


def admin():
    from chalicelib.auth import Organizer

    return Organizer("admin-1", "admin@example.org", "admin", ADMIN_PROJECTS)


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
