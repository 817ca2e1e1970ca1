"""What clients read about an event: the public view in the reader's language, and the organizer's."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..fields import pick_language
from ..records import Event
from ..vocabulary.statuses import RegistrationWindow, Status
from .certificate_field import default_certificate
from .spec import reminder_offset_label
from .window import registration_state, seats_left, session_seats_left


def local_iso(value: datetime | None, zone: str) -> str | None:
    """ISO 8601 with the offset of the event's zone at that moment (what the clock there reads)."""
    if value is None:
        return None
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(zone)).isoformat()


def public_view(item: Event, language: str, now: datetime | None = None) -> dict[str, Any]:
    """What anyone may read about an event, in the reader's language."""
    state = registration_state(item, now or datetime.now(UTC))
    zone = item.timezone
    return {
        "id": item.event_id, "project": item.project, "kind": item.kind, "status": item.status,
        "title": pick_language(item.title, language),
        "description": pick_language(item.description, language),
        "starts_at": local_iso(item.starts_at, zone), "ends_at": local_iso(item.ends_at, zone), "timezone": zone,
        "venue": item.venue, "capacity": item.capacity, "seats_left": seats_left(item),
        "waitlist_open": bool(item.waitlist_enabled) and state == RegistrationWindow.OPEN,
        "registration": state,
        "registration_opens_at": local_iso(item.registration_opens_at, zone),
        "registration_closes_at": local_iso(item.registration_closes_at, zone),
        "languages": list(item.languages), "audiences": list(item.audiences),
        "requires_approval": item.requires_approval, "invite_only": item.invite_only,
        "double_opt_in": item.double_opt_in, "sessions_exclusive": item.sessions_exclusive,
        "questions": [localized_question(q, language) for q in item.questions],
        "sessions": [{"id": s["id"], "title": pick_language(s["title"], language),
                      "starts_at": s.get("starts_at"), "ends_at": s.get("ends_at"),
                      "capacity": s["capacity"], "seats_left": session_seats_left(item, s["id"])}
                     for s in item.sessions],
    }


def localized_question(question: dict, language: str) -> dict:
    view = dict(question, label=pick_language(question["label"], language),
                help=pick_language(question.get("help") or {}, language))
    if "options" in question:
        view["options"] = [{"id": o["id"], "label": pick_language(o["label"], language)}
                           for o in question["options"]]
    return view


def organizer_view(item: Event) -> dict[str, Any]:
    """Everything an organizer set, as they set it, plus the live counters."""
    zone = item.timezone
    return {
        "id": item.event_id, "project": item.project, "status": item.status, "kind": item.kind,
        "title": dict(item.title), "description": dict(item.description),
        "starts_at": local_iso(item.starts_at, zone), "ends_at": local_iso(item.ends_at, zone), "timezone": zone,
        "venue": item.venue, "capacity": item.capacity,
        Status.CONFIRMED.value: item.taken, Status.WAITLISTED.value: item.waiting, "seats_left": seats_left(item),
        "pending": item.pending, "checked_in": item.checked_in, "session_checked_in": dict(item.session_checked_in),
        "registration_opens_at": local_iso(item.registration_opens_at, zone),
        "registration_closes_at": local_iso(item.registration_closes_at, zone),
        "languages": list(item.languages), "audiences": list(item.audiences),
        "questions": item.questions, "sessions": [
            dict(s, **{Status.CONFIRMED.value: item.session_taken.get(s["id"], 0)},
                 seats_left=session_seats_left(item, s["id"])) for s in item.sessions],
        "requires_approval": item.requires_approval, "invite_only": item.invite_only,
        "invite_codes_count": len(item.invite_code_hashes), "double_opt_in": item.double_opt_in,
        "waitlist_enabled": item.waitlist_enabled, "sessions_exclusive": item.sessions_exclusive,
        "reminders": [reminder_offset_label(m) for m in item.reminders],
        "retention_days": item.retention_days,
        "reconfirm_days": item.reconfirm_days or None,
        "reconfirm_hours": item.reconfirm_hours,
        "certificate": item.certificate or default_certificate(),
        "personal_data_erased_at": item.erased_at.isoformat() if item.erased_at else None,
        "anonymous_stats": item.anonymous_stats,
        "survey": item.survey, "survey_invited": item.survey_invited,
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat() if item.updated_at else None,
    }
