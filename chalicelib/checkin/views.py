"""How a registration reads at the door: enough to recognise the person, no more."""
from __future__ import annotations

from typing import Any

from ..records import Registration
from ..registration.views import checked_in_sessions
from .service import CheckInResult


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def email_hint(address: str | None) -> str | None:
    """Enough of the address to tell two people of the same name apart: "ol…@example.com"."""
    if not address or "@" not in address:
        return None
    local, _, domain = address.rpartition("@")
    return f"{local[:2]}\u2026@{domain}"


def door_view(registration: Registration) -> dict[str, Any]:
    return {
        "id": registration.registration_id, "name": registration.name, "status": registration.status,
        "email_hint": email_hint(registration.email), "language": registration.language,
        "sessions": list(registration.sessions or []),
        "checked_in_at": _iso(registration.checked_in_at),
        "checked_in_sessions": checked_in_sessions(registration),
    }


def result_view(outcome: CheckInResult, message: str) -> dict[str, Any]:
    return {
        "result": outcome.result, "ok": outcome.ok, "message": message, "session": outcome.session_id,
        "checked_in_at": _iso(outcome.checked_in_at),
        "registration": door_view(outcome.registration) if outcome.registration else None,
    }
