"""Data-protection requests: everything about one address across every event (access, GDPR
art. 15) and its erasure (art. 17). Administrators only; every use is logged without the address."""
from __future__ import annotations

from typing import Any

from ...auth import Organizer
from ...records import AdminAction
from ..delivery import delivered


def find_person(admin: Organizer, email: str) -> Any:
    from ...privacy import subject

    return subject.find_person(admin, email)


def access_report(admin: Organizer, email: str) -> dict[str, Any]:
    from ...privacy import subject

    return subject.access_report(admin, email)


def erase_person(admin: Organizer, email: str) -> Any:
    """Erase every registration of the address; the people who move up from the waiting list hear it now."""
    from ...privacy import subject

    return delivered(subject.erase_person(admin, email))


def request_log(admin: Organizer, limit: int = 20) -> list[AdminAction]:
    from ...privacy import subject
    from ...store import audit

    subject.require_admin(admin)
    return audit.recent_admin_actions(subject.AREA, limit=limit)
